"""Precision, recall, people-recall and minor-recall of the detector on a labelled JSONL corpus.

.venv/bin/python bench/eval_detect.py [--corpus ../shared/corpus/dev.jsonl]
    [--watchlist ../shared/corpus/dev_watchlist.csv] [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.detect import Detector, load_watchlist_csv  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS / "dev.jsonl")
    parser.add_argument("--watchlist", type=Path, default=DEFAULT_CORPUS / "dev_watchlist.csv")
    parser.add_argument("--show-errors", action="store_true", help="print every mistake")
    args = parser.parse_args()

    detector = Detector(load_watchlist_csv(args.watchlist))
    tp = fp = fn = 0
    people_gold = people_found = people_extra = 0
    minor_gold = minor_found = minor_false = 0
    mistakes: list[str] = []
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        result = detector.classify_text(row["text"])
        gold = bool(row["label"])
        tp += result.flagged and gold
        fp += result.flagged and not gold
        fn += gold and not result.flagged
        gold_people = set(row.get("people") or [])
        people_gold += len(gold_people)
        people_found += len(gold_people & set(result.people))
        people_extra += len(set(result.people) - gold_people)
        if row.get("minor"):
            minor_gold += 1
            minor_found += result.minor_risk
        else:
            minor_false += result.minor_risk
        wrong = (
            result.flagged != gold
            or gold_people != set(result.people)
            or bool(row.get("minor")) != result.minor_risk
        )
        if wrong:
            mistakes.append(
                f"{row['id']} gold={int(gold)} people={sorted(gold_people)} minor={row.get('minor')}"
                f" -> flagged={int(result.flagged)} score={result.score} people={result.people}"
                f" minor={int(result.minor_risk)} :: {row['text']}"
            )
    print(f"corpus            {args.corpus}")
    print(f"precision         {ratio(tp, tp + fp):.3f}  ({tp} tp, {fp} fp)")
    print(f"recall            {ratio(tp, tp + fn):.3f}  ({fn} fn)")
    print(
        f"people-recall     {ratio(people_found, people_gold):.3f}  ({people_found}/{people_gold}, {people_extra} extra)"
    )
    print(
        f"minor-recall      {ratio(minor_found, minor_gold):.3f}  ({minor_found}/{minor_gold}, {minor_false} false minor_risk)"
    )
    if args.show_errors:
        for m in mistakes:
            print("  " + m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

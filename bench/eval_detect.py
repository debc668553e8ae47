"""Detection quality: precision, recall, people-recall and minor-recall, per class, and the
precision/recall curve of the learned layer with the threshold the shipped model uses.

    .venv/bin/python bench/eval_detect.py                    # every shipped split + shared dev
    .venv/bin/python bench/eval_detect.py --split holdout --curve --by-class
    .venv/bin/python bench/eval_detect.py --corpus FILE.jsonl --watchlist FILE.csv

Scores on the training splits are in-sample for the learned layer (it was fitted on them);
the held-back split (holdout) and any corpus of your own are the honest numbers. Output is
Markdown, ready for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.detect import Detector, load_watchlist_csv  # noqa: E402
from crawler.detect.evaluation import Evaluation, Tally, evaluate  # noqa: E402
from crawler.detect.fitting import precision_recall_curve  # noqa: E402
from crawler.detect.learned import load_model  # noqa: E402
from crawler.detect.training import (  # noqa: E402
    HOLDOUT_SPLIT,
    LabelledSet,
    load_split,
    read_jsonl,
    training_split_names,
)

SHARED_DEV = REPO.parent / "shared" / "corpus"
CURVE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def row(label: str, t: Tally) -> str:
    return (
        f"| {label} | {t.rows} | {t.precision:.3f} | {t.recall:.3f} | {t.people_recall:.3f} "
        f"| {t.minor_recall:.3f} | {t.fp} | {t.fn} |"
    )


HEADER = (
    "| split | rows | precision | recall | people-recall | minor-recall | false flags | missed |\n"
    "|---|---|---|---|---|---|---|---|"
)


def class_rows(evaluation: Evaluation) -> list[str]:
    lines = [
        "| class | rows | judged right | people found | minor found |",
        "|---|---|---|---|---|",
    ]
    for cls in sorted(evaluation.by_class):
        t = evaluation.by_class[cls]
        right = (t.tp + t.tn) / t.rows if t.rows else 1.0
        minor = f"{t.minor_found}/{t.minor_gold}" if t.minor_gold else "-"
        lines.append(
            f"| {cls} | {t.rows} | {right:.3f} | {t.people_found}/{t.people_gold} | {minor} |"
        )
    return lines


def curve_rows(labelled: LabelledSet) -> list[str]:
    """The final decision (rules, minor floor, learned layer) as the learned layer's
    threshold moves; the rules' own flags stay, as they do in the detector."""
    model = load_model(None)
    rules = Detector(labelled.watchlist, model=None)
    with_model = Detector(labelled.watchlist, model=model)
    rule_flags, probabilities, labels = [], [], []
    for item in labelled.rows:
        rule_flags.append(rules.classify_text(item.text).flagged)
        probabilities.append(with_model.model.judge(with_model.model_input(item.text)).probability)
        labels.append(item.label)
    lines = [
        "| learned threshold | precision | recall |",
        "|---|---|---|",
    ]
    for threshold in sorted({*CURVE_THRESHOLDS, round(model.threshold, 3)}):
        flags = [r or p >= threshold for r, p in zip(rule_flags, probabilities, strict=True)]
        tp = sum(f and y for f, y in zip(flags, labels, strict=True))
        fp = sum(f and not y for f, y in zip(flags, labels, strict=True))
        fn = sum(y and not f for f, y in zip(flags, labels, strict=True))
        mark = " (shipped)" if threshold == round(model.threshold, 3) else ""
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"| {threshold:.3f}{mark} | {precision:.3f} | {recall:.3f} |")
    learned_only = precision_recall_curve(probabilities, labels)
    best = max(learned_only, key=lambda p: p.recall if p.precision >= 0.97 else -1)
    lines.append("")
    lines.append(
        f"Learned layer alone: at precision >= 0.97 its best recall is {best.recall:.3f} "
        f"(threshold {best.threshold:.3f})."
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", action="append", help="shipped split name (repeatable)")
    parser.add_argument("--corpus", type=Path, help="your own JSON lines instead")
    parser.add_argument("--watchlist", type=Path, help="watchlist CSV for --corpus")
    parser.add_argument("--by-class", action="store_true", help="per-class table")
    parser.add_argument("--curve", action="store_true", help="precision/recall curve")
    parser.add_argument("--show-errors", action="store_true", help="print every mistake")
    args = parser.parse_args()

    if args.corpus:
        if not args.watchlist:
            parser.error("--corpus needs --watchlist")
        sets = [
            LabelledSet(
                args.corpus.stem,
                read_jsonl(args.corpus, args.corpus.stem),
                load_watchlist_csv(args.watchlist),
            )
        ]
    else:
        names = args.split or [*training_split_names(), HOLDOUT_SPLIT]
        sets = [load_split(name) for name in names]
        if not args.split and (SHARED_DEV / "dev.jsonl").exists():
            sets.append(
                LabelledSet(
                    "shared dev",
                    read_jsonl(SHARED_DEV / "dev.jsonl", "dev"),
                    load_watchlist_csv(SHARED_DEV / "dev_watchlist.csv"),
                )
            )
    print("### Word rules alone\n")
    print(HEADER)
    shipped = Detector([])  # the signal side, built once and shared by every split
    rules_only = shipped.with_model(None)
    for labelled in sets:
        print(
            row(
                labelled.name,
                evaluate(rules_only.with_watchlist(labelled.watchlist), labelled.rows).overall,
            )
        )
    print("\n### Rules + minor floor + learned layer (what mimamori runs)\n")
    print(HEADER)
    full = {}
    for labelled in sets:
        full[labelled.name] = evaluate(shipped.with_watchlist(labelled.watchlist), labelled.rows)
        print(row(labelled.name, full[labelled.name].overall))
    for labelled in sets:
        if args.by_class and full[labelled.name].by_class:
            print(f"\n### Per class: {labelled.name}\n")
            print("\n".join(class_rows(full[labelled.name])))
        if args.curve:
            print(f"\n### Precision/recall as the learned threshold moves: {labelled.name}\n")
            print("\n".join(curve_rows(labelled)))
        if args.show_errors:
            for line in full[labelled.name].mistakes:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

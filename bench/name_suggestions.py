"""How often the item page's "likely people" list holds the person the detector missed.

    .venv/bin/python bench/name_suggestions.py            # training splits
    .venv/bin/python bench/name_suggestions.py --held     # the held-back splits

For every labelled advert (what reaches the item page), the detector names people; each gold person it misses is a case
where an analyst would open "Someone named here is not recognised?". The suggestions are
made against one watchlist holding every person of every split read (2,000+ people in many
scripts, like a large patrol group's), so the right person competes with all the others.
Reports: missed people whose person is suggested (and as the first), suggestions per post
where nobody was missed (noise), and the time to build the index and to suggest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.detect import Detector  # noqa: E402
from crawler.detect.training import (  # noqa: E402
    HELD_BACK_SPLITS,
    load_split,
    training_split_names,
)
from crawler.review.name_suggestions import (  # noqa: E402
    SuggestionIndex,
    common_words,
    holds_trade_words,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", action="store_true", help="score the held-back splits")
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    parser.add_argument("--words", type=int, default=3, help="words shown (the page: 3)")
    parser.add_argument("--people", type=int, default=8, help="people shown (the page: 8)")
    args = parser.parse_args()
    names = list(HELD_BACK_SPLITS) if args.held else training_split_names()
    sets = [load_split(name) for name in names]
    # The held-back splits are scored against their own people and every training split's
    # too, so the right person competes with as many others either way.
    crowd = sets + ([load_split(n) for n in training_split_names()] if args.held else [])
    everyone = [replace(e, id=f"{s.name}:{e.id}") for s in crowd for e in s.watchlist]
    started = time.perf_counter()
    index = SuggestionIndex(everyone)
    build = time.perf_counter() - started
    common = common_words()
    missed = suggested = first = 0
    noise: list[int] = []
    timings: list[float] = []
    shown = 0
    for labelled in sets:
        detector = Detector(labelled.watchlist)
        for row in labelled.rows:
            if not row.label:
                continue  # only what the detector flags reaches the item page
            found = set(detector.classify_text(row.text).people)
            gold = set(row.people)
            already = {f"{labelled.name}:{p}" for p in found}
            started = time.perf_counter()
            suggestions = index.suggest(
                [row.text],
                already=already,
                refuse=holds_trade_words,
                common=common,
                words_shown=args.words,
                people_shown=args.people,
            )
            timings.append(time.perf_counter() - started)
            ids = [c.person_id for s in suggestions for c in s.people]
            lost = gold - found
            if not lost:
                noise.append(len(ids))
            for person in lost:
                missed += 1
                key = f"{labelled.name}:{person}"
                suggested += key in ids
                first += bool(ids) and ids[0] == key
                if key not in ids and shown < args.show:
                    shown += 1
                    print(f"MISS {labelled.name}/{row.id} {person} :: {row.text[:120]}")
    print(f"watchlist: {len(everyone)} people from {len(crowd)} splits")
    print(f"missed people: {missed}; suggested {suggested} ({suggested / max(missed, 1):.1%}),")
    print(f"  first in the list {first} ({first / max(missed, 1):.1%})")
    print(
        f"adverts with no one missed: {len(noise)}; suggestions per post: mean "
        f"{statistics.mean(noise):.2f}, none shown on {noise.count(0) / len(noise):.1%}"
    )
    print(
        f"index build {build * 1000:.0f} ms; suggest per post median "
        f"{statistics.median(timings) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()

"""Close handles after normalisation, blocking that loses no pair within one edit, caps."""

from __future__ import annotations

import random
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from crawler.link.handles import HandleIndex, normal_handle


def test_normalisation_strips_digits_separators_decorations_and_width() -> None:
    assert normal_handle("Mirai_AI_2") == "miraiai"
    assert normal_handle("ｍｉｒａｉ．ａｉ") == "miraiai"
    assert normal_handle("mirai✨ai★") == "miraiai"
    assert normal_handle("@mirai-ai_") == "miraiai"
    assert normal_handle("ミライ_ai") == normal_handle("みらいAI")
    assert normal_handle(None) == ""
    assert normal_handle("1234_") == ""


def test_close_handles_and_not_close_ones() -> None:
    index = HandleIndex(
        {
            1: "sakura_dreams",
            2: "sakura.dreams_2",  # the comeback: same form
            3: "sakura_dream",  # one letter dropped
            4: "sakuradrums",  # two edits: ratio under the threshold
            5: "hoshino_art",
            6: "ai_art",
            7: "ai_art_2",
        },
        min_ratio=88,
        generic=["ai_art"],
    )
    close = {c.account_id: c.score for c in index.close(1)}
    assert close[2] == 100
    assert 88 <= close[3] < 100
    assert 4 not in close and 5 not in close
    assert index.close(6) == [] and index.close(7) == []


def test_a_form_on_many_accounts_is_skipped() -> None:
    handles = {n: f"nightshop_{n}" for n in range(12)} | {100: "nightshop", 101: "lunashop"}
    index = HandleIndex(handles, max_accounts=10)
    assert "nightshop" in index.common
    assert index.close(100) == []
    few = HandleIndex({n: f"nightshop_{n}" for n in range(3)}, max_accounts=10)
    assert {c.account_id for c in few.close(0)} == {1, 2}


def test_blocking_finds_every_pair_within_one_edit() -> None:
    rng = random.Random(15)
    letters = "abcdeklmnorst"
    base = ["".join(rng.choice(letters) for _ in range(rng.randrange(5, 10))) for _ in range(150)]
    handles = {}
    for n, form in enumerate(base):
        handles[2 * n] = form
        chars = list(form)
        i = rng.randrange(len(chars))
        edit = rng.randrange(4)
        if edit == 0:
            chars[i] = rng.choice(letters)
        elif edit == 1:
            del chars[i]
        elif edit == 2:
            chars.insert(i, rng.choice(letters))
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        handles[2 * n + 1] = "".join(chars)
    index = HandleIndex(handles, min_ratio=0, min_length=1, max_accounts=1000)
    for a, b in combinations(handles, 2):
        fa, fb = normal_handle(handles[a]), normal_handle(handles[b])
        if Levenshtein.distance(fa, fb) <= 1 or _one_swap(fa, fb):
            assert fb in index.candidates(fa), (fa, fb)
    # And the scores are rapidfuzz's ratio on the normalised forms.
    for close in index.close(0):
        assert close.score == round(fuzz.ratio(index.form_of[0], close.form), 2)


def _one_swap(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]

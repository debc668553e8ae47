"""The learned layer: features, model files, how it combines with the rules, explanations,
threshold picking, and the shipped model staying in step with the shipped signal files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.features import NAME_PLACEHOLDER, masked_key
from crawler.detect.fitting import (
    CurvePoint,
    Vectorised,
    folds,
    pick_threshold,
    precision_recall_curve,
)
from crawler.detect.learned import LearnedModel, ModelFileError, load_model
from crawler.detect.normalize import Normalizer
from crawler.detect.training import LabelledRow, LabelledSet, train

PEOPLE = [WatchlistEntry("P1", "星野 美奈", "ほしの みな")]


def _model(weights: dict[str, float], bias: float, threshold: float = 0.5) -> LearnedModel:
    return LearnedModel(weights, bias, threshold, {"digest": "test"})


def test_names_become_one_placeholder_in_the_model_key() -> None:
    normalizer = Normalizer()
    norm = normalizer.normalize("星野 美奈の画像")
    key, index = masked_key(norm, [(0, 5)])
    assert key == NAME_PLACEHOLDER + "の画像"
    assert [norm.key[i] for i in index] == ["星", "の", "画", "像"]


def test_a_model_file_that_is_not_a_model_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"m\.json: not a mimamori model"):
        load_model(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(bad)
    with pytest.raises(ModelFileError, match="threshold"):
        LearnedModel({}, 0.0, 1.5)


def test_a_saved_model_loads_back_the_same(tmp_path: Path) -> None:
    model = _model({"g:ふわふ": 2.5, "r:sexual": 1.0}, -1.0, 0.4)
    model.save(tmp_path / "model.json")
    again = load_model(tmp_path / "model.json")
    assert (again.weights, again.bias, again.threshold) == (model.weights, -1.0, 0.4)


def test_the_learned_layer_adds_a_flag_and_shows_the_phrase_on_the_text() -> None:
    text = "今日もふわふわ画像あります"
    assert not Detector(PEOPLE, model=None).classify_text(text).flagged
    result = Detector(PEOPLE, model=_model({"g:ふわふ": 6.0}, -3.0)).classify_text(text)
    assert result.flagged and result.score > 0.5
    learned = [r for r in result.reasons if r.family == "learned"]
    assert [r.matched for r in learned] == ["ふわふ"]
    assert text[learned[0].start : learned[0].end] == "ふわふ"
    [decision] = [r for r in result.reasons if r.family == "decision"]
    assert decision.term.startswith("learned check 0.95, flags from 0.50")


def test_the_minor_check_adds_minor_risk_to_a_flagged_text_and_shows_why(
    tmp_path: Path,
) -> None:
    text = "星野美奈のAIヌード 1枚500円 水泳大会の写真から"  # no minor word the rules know
    plain = Detector(PEOPLE, model=_model({}, -40.0)).classify_text(text)
    assert plain.flagged and not plain.minor_risk
    check = _model({"g:水泳大会": 6.0}, -3.0)
    model = LearnedModel({}, -40.0, 0.5, {"digest": "t"}, minor=check)
    model.save(tmp_path / "model.json")  # and the check survives a round trip through the file
    result = Detector(PEOPLE, model=load_model(tmp_path / "model.json")).classify_text(text)
    assert result.flagged and result.minor_risk
    decisions = [r.term for r in result.reasons if r.family == "decision"]
    assert any(
        d.startswith("learned minor check 0.95, may involve a minor from 0.50") for d in decisions
    )
    assert "水泳大会" in [r.matched for r in result.reasons if r.family == "learned"]
    # It never marks a text nobody flagged, and it never takes the minor words' risk away.
    unflagged = Detector(PEOPLE, model=model).classify_text("水泳大会の写真、きれいに撮れた")
    assert not unflagged.flagged and not unflagged.minor_risk
    never = LearnedModel({}, -40.0, 0.5, {"digest": "t"}, minor=_model({}, -40.0))
    minor_words = "中学生の写真でAIヌード作ります 1枚500円"
    assert Detector(PEOPLE, model=never).classify_text(minor_words).minor_risk


def test_a_model_trained_with_other_signal_files_never_takes_a_rule_flag_away() -> None:
    text = "星野美奈のAIヌード 1枚500円 DMで"
    rules_only = Detector(PEOPLE, model=None).classify_text(text)
    assert rules_only.flagged
    never = Detector(PEOPLE, model=_model({}, -40.0)).classify_text(text)
    assert never.flagged and never.score == rules_only.score


def test_a_model_trained_with_these_signal_files_overrules_a_rule_flag_it_is_sure_of() -> None:
    text = "星野美奈のAIヌード 1枚500円 DMで"
    signals = Detector(PEOPLE, model=None).signals_digest
    sure = LearnedModel({}, -40.0, 0.5, {"digest": "t", "signals_digest": signals})
    result = Detector(PEOPLE, model=sure).classify_text(text)
    assert not result.flagged and result.score < 0.05
    decisions = [r.term for r in result.reasons if r.family == "decision"]
    assert any(
        d.startswith("learned check 0.00, overrules the word rules below 0.05") for d in decisions
    )
    # Never the minor floor.
    minor = Detector(PEOPLE, model=sure).classify_text("中学生の写真でAIヌード作ります 1枚500円")
    assert minor.flagged and minor.minor_risk


def test_news_and_warnings_damp_the_learned_layer_too() -> None:
    always = _model({}, 40.0)
    detector = Detector(PEOPLE, model=always)
    assert detector.classify_text("今日は晴れ").flagged
    news = detector.classify_text("警察によると、星野美奈さんのAIヌードを販売した男が逮捕された")
    assert not news.flagged


def test_threshold_is_the_lowest_that_keeps_precision() -> None:
    curve = precision_recall_curve([0.9, 0.8, 0.7, 0.6, 0.3], [1, 1, 0, 1, 0])
    assert [p.threshold for p in curve] == [0.3, 0.6, 0.7, 0.8, 0.9]
    chosen = pick_threshold(curve, min_precision=0.97)
    assert chosen.threshold == 0.8 and chosen.recall == pytest.approx(2 / 3)
    # No threshold reaches the precision asked for: the best F1 is taken instead.
    fallback = pick_threshold([CurvePoint(0.2, 0.5, 1.0), CurvePoint(0.6, 0.6, 0.5)], 0.99)
    assert fallback.threshold == 0.2


def test_rows_the_rules_flagged_count_at_every_threshold() -> None:
    # Row 3 is flagged by the rules whatever its probability; row 2's 0.7004 rounds to the
    # 0.7 threshold and is counted there (p >= t compares the unrounded probability).
    curve = precision_recall_curve(
        [0.9, 0.7004, 0.1, 0.7, 0.2], [1, 0, 1, 1, 0], [False, False, True, False, False]
    )
    assert [(p.threshold, p.precision, p.recall) for p in curve] == [
        (0.1, 3 / 5, 1.0),
        (0.2, 3 / 5, 1.0),
        (0.7, 3 / 4, 1.0),
        (0.9, 2 / 2, 2 / 3),
    ]


def test_the_feature_matrix_is_what_dictvectorizer_makes() -> None:
    from sklearn.feature_extraction import DictVectorizer

    rows = [{"g:あい": 1.0, "r:sexual": 0.5}, {}, {"r:sexual": 2.0, "g:zz": 1.0, "g:あい": 3.0}]
    ours = Vectorised(rows)
    theirs = DictVectorizer()
    expected = theirs.fit_transform(rows).toarray()
    assert list(ours.names) == list(theirs.get_feature_names_out())
    assert (ours.matrix.toarray() == expected).all()


def test_one_rule_pass_gives_what_classify_text_gives_without_a_model() -> None:
    rules_only = Detector(PEOPLE, model=None)
    texts = [
        "星野美奈のAIヌード 1枚500円 DMで",
        "中学生の写真を脱がせます",  # the minor floor
        "警察によると、星野美奈さんのAIヌードを販売した男が逮捕された",
        "今日は晴れ",
    ]
    for text in texts:
        outcome, result = rules_only.rules_outcome(text), rules_only.classify_text(text)
        assert (outcome.flagged, outcome.minor_risk) == (result.flagged, result.minor_risk)
        assert outcome.model_input == rules_only.model_input(text)
    assert rules_only.rules_outcome(texts[1]).minor_risk


def test_threshold_folds_leave_one_writer_out() -> None:
    # The threshold must hold on a writer the model never read: each fold is one writer.
    groups = ["a"] * 4 + ["b"] * 3 + ["review"] * 2
    labels = [1, 0, 1, 0, 1, 0, 1, 1, 0]
    held_out = [{groups[i] for i in test} for _, test in folds(labels, groups)]
    assert sorted(map(sorted, held_out)) == [["a"], ["b"], ["review"]]
    # Too few writers to leave one out: stratified random folds instead.
    two = ["a"] * 10 + ["b"] * 10
    assert len(list(folds([1, 0] * 10, two))) == 5


def test_many_writers_are_grouped_into_eight_folds_each_writer_whole() -> None:
    # Training time must not grow with every writer: 20 writers make 8 folds, and no
    # writer's lines are ever on both sides of one.
    groups = [f"w{i}" for i in range(20) for _ in range(3)]
    labels = [1, 0, 1] * 20
    pairs = list(folds(labels, groups))
    assert len(pairs) == 8
    for trained_on, test in pairs:
        assert not {groups[i] for i in trained_on} & {groups[i] for i in test}
    assert sorted(i for _, test in pairs for i in test) == list(range(60))


def test_training_needs_both_classes() -> None:
    rows = [LabelledRow(str(i), f"text {i}", 1) for i in range(10)]
    with pytest.raises(ValueError, match="at least 5 positive and 5 negative"):
        train([LabelledSet("x", rows, [])])


def test_the_shipped_model_was_trained_with_the_shipped_signal_files() -> None:
    # The model weighs the rules' evidence: after editing crawler/detect/signals/*.yaml, run
    #   mimamori detector train --output crawler/detect/model/shipped.json
    shipped = load_model(None)
    assert shipped.meta["signals_digest"] == Detector([], model=None).signals_digest
    assert shipped.meta["trained"]["by_source"].keys() >= {"dev", "train", "train2"}
    assert (
        not {"holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6"}
        & shipped.meta["trained"]["by_source"].keys()
    )


def test_the_phrases_shown_for_a_flag_do_not_change_with_the_hash_seed() -> None:
    # gir and girl weigh the same: which one a reviewer sees must not depend on the order
    # of a set of strings, which Python changes from one process to the next.
    text = "made a girl who looks just like that swimmer from the Olympics... spicy pics"
    script = (
        "import json, sys; from crawler.detect import Detector; "
        "r = Detector([]).classify_text(sys.argv[1]); "
        "print(json.dumps([x.term for x in r.reasons if x.family == 'learned']))"
    )
    shown = {
        subprocess.run(
            [sys.executable, "-c", script, text],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(shown) == 1 and shown.pop() != "[]\n"


def test_equal_weights_are_shown_by_place_and_length_in_any_order() -> None:
    # The model-independent half of the test above: however the tied n-grams arrive (a
    # set's order), the same one is shown first.
    from itertools import permutations

    from crawler.detect.learned import Contribution, top_ngrams

    tied = [
        Contribution("g:gir", 1.5, 10),
        Contribution("g:girl", 1.5, 10),
        Contribution("g:pics", 1.5, 40),
    ]
    firsts = {top_ngrams(list(order))[0].feature for order in permutations(tied)}
    assert firsts == {"g:girl"}


def test_a_detector_over_other_people_shares_the_signals_and_judges_as_a_new_one() -> None:
    others = [WatchlistEntry("Q1", "Larissa Quintanilha", "", ("Lari Quintanilha",), "model")]
    texts = ["星野美奈のAIヌード 1枚500円", "Larizinha lewd AI set, 15 bucks", "今日は晴れ"]
    base = Detector(PEOPLE)
    moved = base.with_watchlist(others)
    fresh = Detector(others)
    assert moved.signals is base.signals  # shared, not built again
    assert moved.digest == fresh.digest
    for text in texts:
        assert moved.classify_text(text) == fresh.classify_text(text)
        assert base.classify_text(text) == Detector(PEOPLE).classify_text(text)  # unchanged
    rules_only = moved.with_model(None)
    assert rules_only.digest == Detector(others, model=None).digest != moved.digest
    for text in texts:
        assert rules_only.classify_text(text) == Detector(others, model=None).classify_text(text)

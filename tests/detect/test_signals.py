"""Signal YAML files: the shipped ones load, a patrol group can extend them, bad ones
are reported clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.signals import (
    SHIPPED_SIGNALS_DIR,
    SIGNAL_FAMILIES,
    SignalConfigError,
    load_signal_families,
)


def test_shipped_families_all_present() -> None:
    families = load_signal_families()
    for name in SIGNAL_FAMILIES:
        assert families[name].kind == "signal" and families[name].terms
    negatives = {f.name for f in families.values() if f.kind == "negative"}
    assert {"news", "warning", "removal", "patrol", "official", "fictional", "sfw"} <= negatives


@pytest.mark.parametrize(
    ("family", "ja", "en"),
    [
        ("commerce", "有償で受付", "paid requests"),
        ("synthetic", "アイコラ", "deepfake"),
        ("sexual", "エロ", "nudes"),
        ("real_person", "芸能人", "celebrity"),
        ("minor", "卒アル", "yearbook"),
        ("news", "逮捕", "arrested"),
        ("warning", "犯罪です", "is a crime"),
        ("removal", "削除代行", "takedown"),
        ("patrol", "通報しました", "reported this account"),
        ("official", "公式", "official"),
        ("fictional", "架空の人物", "no real people"),
        ("sfw", "全年齢", "family friendly"),
    ],
)
def test_each_family_fires_in_both_languages(family: str, ja: str, en: str) -> None:
    detector = Detector([])
    for text in (ja, en):
        families = {r.family for r in detector.classify_text(f"x {text} x").reasons}
        assert family in families, (text, families)


def test_latin_terms_respect_word_boundaries() -> None:
    detector = Detector([])
    families = {r.family for r in detector.classify_text("admin said the jkl thing").reasons}
    assert families == set()  # no "dm" in admin, no "ai" in said, no "jk" in jkl
    prefix = detector.classify_text("undressing and nudes")
    assert [r.matched for r in prefix.reasons if r.family == "sexual"] == ["nudes"]


def test_a_patrol_group_extends_a_family_without_code(tmp_path: Path) -> None:
    signals = tmp_path / "signals"
    shutil.copytree(SHIPPED_SIGNALS_DIR, signals)
    text = "星野花子のもふもふエディット、1枚700円"
    people = [WatchlistEntry("X1", "星野 花子", "ほしの はなこ")]
    assert not Detector(people, signals_dir=signals).classify_text(text).flagged
    (signals / "local_terms.yaml").write_text(
        "family: synthetic\nkind: signal\nterms:\n"
        "  - {term: もふもふエディット, weight: 1.0, implies: {sexual: 1.0}}\n",
        encoding="utf-8",
    )
    result = Detector(people, signals_dir=signals).classify_text(text)
    assert result.flagged
    assert any(r.term == "もふもふエディット" for r in result.reasons)


def test_signals_digest_changes_with_the_rules(tmp_path: Path) -> None:
    signals = tmp_path / "signals"
    shutil.copytree(SHIPPED_SIGNALS_DIR, signals)
    before = Detector([], signals_dir=signals).signals_digest
    (signals / "extra.yaml").write_text("family: sexual\nterms: [卑猥な]\n", encoding="utf-8")
    assert Detector([], signals_dir=signals).signals_digest != before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("family: nonsense\nterms: [a]\n", "family must be one of"),
        ("family: sexual\nterms: [{weight: 1}]\n", "a term must be"),
        ("family: sexual\npatterns: [{regex: '(', label: x}]\n", "bad regex"),
        ("family: sexual\nterms: [{term: a, implies: {bogus: 1}}]\n", "implies unknown family"),
        ("family: [unclosed\n", "not valid YAML"),
        ("family: x\nkind: negative\nvoid_if: {bogus: 1}\n", "void_if"),
        # YAML reads a comma inside an unquoted term as a second key: the term would be cut
        ("family: sexual\nterms: [{term: report, block, weight: 1.0}]\n", "needs quotes"),
        ("family: sexual\npatterns: [{regex: x, label: age (a, b), weight: 1}]\n", "unknown key"),
    ],
)
def test_bad_signal_files_are_reported(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(SignalConfigError, match=message):
        load_signal_families(tmp_path)


def test_empty_signal_dir_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SignalConfigError, match="no signal YAML"):
        load_signal_families(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "じゅうろくさい の子の写真もok。脱衣加工してお渡しします",  # an age in kana
        "十七才の元カノの写真を脱がせてほしい、報酬あり",  # in kanji numerals
        "ちゅうがくせいの写真 ぬがせる加工 やってくれる人募集",  # school in hiragana
        "ｼﾞｪｲｹｲ ｾｲﾌｸ ﾇｰﾄﾞ加工 ｺﾒﾝﾄください",  # half-width katakana of JK and 制服
        "my ex from 9th grade, want her old pics undressed. $$$",
        "sweet sixteen party pics → nude edits, ask for pricing",
        "fifteen year old classmate pics, nude edits for $10",
    ],
)
def test_minor_wordings_beyond_the_usual_words_carry_minor_risk(text: str) -> None:
    result = Detector([]).classify_text(text)
    assert result.flagged and result.minor_risk, result


def test_a_prefix_wins_over_the_same_word_alone_in_another_file(tmp_path: Path) -> None:
    """detenido in one file of the news family and detenido* in another: "detenidos" is
    news (the first spec found used to win, and dropped the prefix)."""
    (tmp_path / "news_a.yaml").write_text(
        "family: news\nkind: negative\nterms: [detenido]\n", encoding="utf-8"
    )
    (tmp_path / "news_b.yaml").write_text(
        "family: news\nkind: negative\nterms: ['detenido*']\n", encoding="utf-8"
    )
    (tmp_path / "sexual.yaml").write_text(
        "family: sexual\nkind: signal\nterms: [desnudo]\n", encoding="utf-8"
    )
    detector = Detector([], signals_dir=tmp_path, model=None)
    families = {r.family for r in detector.classify_text("Detenidos dos alumnos").reasons}
    assert families == {"news"}


@pytest.mark.parametrize(
    "text",
    [
        "Detenidos dos alumnos por crear desnudos con IA de compañeras de 2º de ESO",
        "Three high schoolers suspended after deepfakes of a classmate spread",
        "Des collégiennes victimes de deepfakes : une enquête ouverte",
    ],
)
def test_school_deepfake_news_is_no_advert(text: str) -> None:
    assert not Detector([]).classify_text(text).flagged, text

"""The case report says what a police officer or a platform acts on, in Japanese then English:
a summary of what is alleged, numbered exhibits, reasons in plain words (no internal family
names or scores), times in JST and UTC for people, reviewers' findings, who answers for the
report and how to verify it."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.export.bundle import ExportRequest, export_bundle
from storage.models import Detection

from .conftest import Case

ORG = "NPO法人 みまもりネット（架空）"
CONTACT = "report@mimamori.example"
UNLABELLED_FAMILY = "sexual_explicit"  # a family no signal file labels


def _export(case: Case, out: Path, *, org: bool = True, pdf: bool = True) -> tuple[str, object]:
    from crawler.detect.families import shipped_display_table

    with case.db.session() as s:  # a reason of a family no table names
        det = s.scalars(select(Detection).where(Detection.subject == "account")).first()
        assert det is not None
        det.reasons = [
            *det.reasons,
            {"family": UNLABELLED_FAMILY, "matched": "R18"},
            {"family": "decision", "term": "learned check 0.56, flags from 0.33", "matched": ""},
        ]
        s.commit()
    cfg = dataclasses.replace(
        case.cfg, org_name=ORG if org else "", org_contact=CONTACT if org else ""
    )
    request = ExportRequest(
        account_ids=case.account_ids,
        analyst="Analyst-1",
        pdf=pdf,
        families=shipped_display_table(),
    )
    result = export_bundle(cfg, case.db, request, out)
    with zipfile.ZipFile(out) as zf:
        html = zf.read("report/report.html").decode()
    # Scraped text is isolated in <bdi> (test_scraped_text_is_isolated...); the sentences
    # are checked as a reader sees them.
    return html.replace("<bdi>", "").replace("</bdi>", ""), result


def test_report_states_what_is_alleged_and_who_answers_for_it(case: Case, tmp_path: Path) -> None:
    html, result = _export(case, tmp_path / "r.wacz", pdf=False)
    # the summary: who is targeted, what is sold, where, for how much, since when
    assert "山田花子さんを対象とした" in html
    assert "「リクエストプラン」（¥3,000）として販売・提供しているとみられます" in html
    assert "fake sexual images of 山田花子 as “リクエストプラン” (¥3,000)" in html
    assert "Demo Fanclubのアカウント" in html
    assert "2026年1月15日 23:30 JST (14:30 UTC)から確認されています" in html
    assert "First seen 15 Jan 2026 23:30 JST (14:30 UTC)." in html
    # reviewers' decisions as findings
    assert (
        "審査担当者1名（Reviewer-7）が該当と確認しました（2026年1月16日 23:30 JST (14:30 UTC)）"
        in html
    )
    assert "One reviewer (Reviewer-7) confirmed this account on 16 Jan 2026 23:30 JST" in html
    # who answers for it, the key and how to verify
    assert ORG in html and CONTACT in html and "not configured" not in html
    assert result.signer_fingerprint in html  # type: ignore[attr-defined]
    assert "unzip -j BUNDLE.wacz 'verify/*' -d verify" in html
    assert "python3 verify/verify_bundle.py BUNDLE.wacz --key" in html
    assert "No timestamp authority was configured" in html
    # Japanese first: the summary's Japanese sentence comes before its English one
    assert html.index("山田花子さんを対象とした") < html.index("fake sexual images of 山田花子")


def test_reasons_in_plain_words_without_internal_names_or_scores(
    case: Case, tmp_path: Path
) -> None:
    html, _ = _export(case, tmp_path / "r.wacz", pdf=False)
    assert "Says it shows real people: 「酷似」「似せた」" in html
    assert "Named person: 「山田花子」" in html
    assert "including context that counts against a flag: 「R18」" in html
    for internal in (UNLABELLED_FAMILY, "lookalike", ">request<", "0.93", "0.97", "0.56", "Score"):
        assert internal not in html, internal
    assert "該当と確認 / confirmed" in html  # the decision, not its stored value
    assert "minor_risk" not in html


def test_reasons_are_named_in_japanese_in_the_japanese_part(case: Case, tmp_path: Path) -> None:
    html, _ = _export(case, tmp_path / "r.wacz", pdf=False)
    # Japanese first, from the signal files' label_ja, then the English label.
    assert "実在の人物だという語句 / Says it shows real people: 「酷似」「似せた」" in html
    assert "名前が挙がった人物 / Named person: 「山田花子」" in html
    assert "（プロフィール、投稿本文 / profile text, post text）" in html
    assert "その他に考慮された語句（判定を弱める文脈を含む） / Other words" in html


def test_reason_groups_merge_words_by_width_and_case_and_keep_context_apart() -> None:
    from crawler.detect.families import shipped_display_table
    from storage.export.case_summary import OTHER_LABEL, reason_groups

    reasons = [
        {"family": "commerce", "matched": "リクエスト", "part": "bio"},
        {"family": "request", "matched": "ﾘｸｴｽﾄ", "part": "plan"},  # an alias, half-width
        {"family": "commerce", "matched": "DM", "part": "bio"},
        {"family": "sale", "matched": "dm"},
        {"family": "news", "matched": "逮捕"},  # counter-evidence: context, not grounds
    ]
    groups = reason_groups([{"reasons": reasons}], shipped_display_table())
    selling = next(g for g in groups if g.label_en == "Selling words")
    assert selling.label_ja == "販売・有料依頼の語句"
    assert selling.words == ["リクエスト", "DM"]
    assert selling.parts == ["profile text", "plan"] and selling.parts_ja == [
        "プロフィール",
        "プラン",
    ]
    context = next(g for g in groups if g.label_en == OTHER_LABEL[1])
    assert context.words == ["逮捕"] and groups[-1] is context


def test_screenshots_are_numbered_exhibits_and_minors_stay_withheld(
    case: Case, tmp_path: Path
) -> None:
    html, _ = _export(case, tmp_path / "r.wacz", pdf=False)
    assert "See Exhibit 1." in html and "証拠画像 1 を参照してください" in html
    assert f'<img src="../screenshots/{case.kept_screenshot}.png" alt="Exhibit 1' in html
    assert "証拠 1 / Exhibit 1" in html and "Exhibit 2" not in html
    assert f"screenshots/{case.minor_screenshot}" not in html  # only its hash, as before
    assert "収録なし（未成年者の可能性） / withheld (possible minor)" in html


def test_missing_organisation_is_said_plainly(case: Case, tmp_path: Path) -> None:
    html, _ = _export(case, tmp_path / "r.wacz", org=False, pdf=False)
    assert "未設定 / not configured" in html and "MIMAMORI_ORG_CONTACT" in html


def test_times_for_people() -> None:
    from storage.export.timefmt import when_en, when_ja

    moment = datetime(2026, 11, 29, 4, 38, tzinfo=UTC)
    assert when_ja(moment) == "2026年11月29日 13:38 JST (04:38 UTC)"
    assert when_en("2026-11-29T04:38:00Z") == "29 Nov 2026 13:38 JST (04:38 UTC)"
    # before 09:00 JST the UTC time is on the day before: the report names that day
    late = datetime(2026, 11, 28, 20, 5, tzinfo=UTC)
    assert when_ja(late) == "2026年11月29日 05:05 JST (20:05 UTC, 2026-11-28)"
    assert when_ja(None) == ""


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_states_the_same_and_embeds_the_exhibit(case: Case, tmp_path: Path) -> None:
    _, result = _export(case, tmp_path / "r.wacz")
    with zipfile.ZipFile(tmp_path / "r.wacz") as zf:
        (tmp_path / "r.pdf").write_bytes(zf.read("report/report.pdf"))
    text = subprocess.run(
        ["pdftotext", "r.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "山田花子さんを対象とした" in flat and "¥3,000" in flat
    assert "2026年1月15日23:30JST(14:30UTC)" in flat
    assert "証拠1/Exhibit1" in flat and ORG.replace(" ", "") in flat
    assert result.signer_fingerprint in flat  # type: ignore[attr-defined]
    assert UNLABELLED_FAMILY not in flat and "lookalike" not in flat
    images = subprocess.run(
        ["pdfimages", "-list", "r.pdf"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 1  # the one exhibit; the minor-risk account's screenshot is not there


def test_summary_of_an_account_with_mixed_or_missing_facts() -> None:
    from storage.export.case_summary import account_summary

    account = {
        "platform": {"key": "x", "name": "X"},
        "first_seen_at": None,
        "last_seen_at": None,
        "plans": [
            {
                "name": "A",
                "price": "500",
                "currency": None,
                "price_text": "500",
                "first_seen_at": None,
            },
            {
                "name": "B",
                "price": "500",
                "currency": "JPY",
                "price_text": None,
                "first_seen_at": None,
            },
        ],
        "posts": [],
        "detections": [],
        "decisions": [{"decision": "confirm", "reviewer": "R-1", "created_at": None}],
    }
    summary = account_summary(account, {}, [])
    assert summary["price_range"] == "500" and summary["since_en"] == ""
    assert summary["findings"][0] == (
        "審査担当者1名（R-1）が該当と確認しました。",
        "One reviewer (R-1) confirmed this account.",
    )


def test_scraped_text_is_isolated_and_direction_controls_are_shown(
    case: Case, tmp_path: Path
) -> None:
    from storage.models import Account

    with case.db.session() as s:
        account = s.get(Account, case.account_ids[0])
        assert account is not None
        account.display_name = "sample \u202egpj.exe"
        s.commit()
    request = ExportRequest(account_ids=case.account_ids, analyst="Analyst-1", pdf=False)
    export_bundle(case.cfg, case.db, request, tmp_path / "bidi.wacz")
    with zipfile.ZipFile(tmp_path / "bidi.wacz") as zf:
        html = zf.read("report/report.html").decode()
    assert "\u202e" not in html
    assert "⟨RLO⟩" in html and "<bdi>sample " in html

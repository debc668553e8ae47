"""Naming a person the detector missed, from the item page: the nickname an account uses
becomes one of the person's aliases, the item names them, the next crawl's detector finds
them, and only analysts can do it."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from review_builder import NOW
from review_factory import IMG_PAYLOAD, PASSWORD
from review_helpers import csrf_from, sign_in_page
from sqlalchemy import select

from crawler.detect_runtime import detector_for
from storage.models import Account, AuditEntry, Flag, Platform, Post, WatchlistPerson

NICKNAME_POST = "あおれなの脱がしコラ、1枚300円。DMでどうぞ"


def _nickname_account(env) -> int:  # type: ignore[no-untyped-def]
    """An account that calls 青山玲奈 (p-003) only by a nickname the watchlist lacks; its
    flag names nobody, as the detector's would."""
    with env.db.session() as s:
        fan = s.scalars(select(Platform).where(Platform.key == "fanlounge")).one()
        account = Account(
            platform_id=fan.id,
            account_key="fl-7007",
            handle="kora_shokunin",
            display_name="加工屋",
            profile_url="http://127.0.0.1:9/fanlounge/kora_shokunin",
            bio=f"ご依頼はDMで {IMG_PAYLOAD}",
            first_seen_at=NOW,
            last_seen_at=NOW,
        )
        s.add(account)
        s.flush()
        s.add(
            Post(
                account_id=account.id, post_key="7007-1", title="新作・ゆなっち", text=NICKNAME_POST
            )
        )
        flag = Flag(account_id=account.id, score=0.9, people=[], created_at=NOW)
        s.add(flag)
        s.commit()
        return flag.id


def _teach(client, flag_id: int, **fields):  # type: ignore[no-untyped-def]
    page = client.get(f"/review/{flag_id}")
    return client.post(
        f"/review/{flag_id}/name",
        data={"csrf_token": csrf_from(page.text), **fields},
        follow_redirects=False,
    )


def _text(html: str) -> str:
    """The page as read: tags (the scraped-text isolation among them) and escapes gone."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def _person(env, person_id: str) -> WatchlistPerson:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        person = s.get(WatchlistPerson, person_id)
        s.expunge(person)
        return person


def _flag_people(env, flag_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return list(s.get(Flag, flag_id).people)


def test_analyst_names_the_person_and_the_next_detector_finds_them(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    assert "p-003" not in detector_for(env.db).classify_text(NICKNAME_POST).people
    analyst = make_client("ana")
    answer = _teach(analyst, flag_id, person="青山玲奈", written="あおれな")
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert target.path == f"/review/{flag_id}"
    assert parse_qs(target.query) == {
        "named": ["p-003"],
        "added": ["1"],
        "item_named": ["1"],
        "found": ["1"],
    }
    assert "あおれな" in _person(env, "p-003").aliases
    assert _flag_people(env, flag_id) == ["p-003"]
    # The crawl builds its detector from the stored watchlist: the nickname now names her.
    assert detector_for(env.db).classify_text(NICKNAME_POST).people == ["p-003"]
    page = analyst.get(answer.headers["location"])
    assert "Saved: “あおれな” is now one of 青山玲奈's names on the watchlist." in _text(page.text)
    assert "This item now names them." in page.text
    assert "now recognises them" in page.text
    # The flag's stored judgement did not name her: the item says an analyst did.
    assert re.search(
        r"青山玲奈</mark> <small class=\"named-in-review\"[^>]*>named in review", page.text
    )
    with env.db.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "watchlist_name_from_review")
        ).one()
        assert (entry.target_id, entry.detail["flag_id"]) == ("p-003", flag_id)
        assert entry.user_name == "ana"


def test_teaching_the_same_name_twice_keeps_one_alias(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    _teach(analyst, flag_id, person="p-003", written="あおれな")
    again = _teach(analyst, flag_id, person="p-003", written="ＡＯれな".replace("ＡＯ", "あお"))
    assert parse_qs(urlsplit(again.headers["location"]).query)["added"] == ["0"]
    assert _person(env, "p-003").aliases.count("あおれな") == 1
    page = _text(analyst.get(again.headers["location"]).text)
    assert "青山玲奈 already had the name “あおれな” on the watchlist." in page
    # Nothing changed, so there is nothing to undo: no button that would claim otherwise.
    assert "Undo: this was not them" not in page


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"person": "青山玲奈", "written": "あおりん"}, 400, "does not contain that name"),
        ({"person": "青山玲奈", "written": "あ"}, 400, "at least two letters"),
        ({"person": "青山玲奈", "written": "あおれな" * 8}, 400, "longer than a name"),
        ({"person": "青山玲奈", "written": "あおれな|コラ"}, 400, "separates a person"),
        # Words of the trade would name her in every advert that uses them.
        ({"person": "青山玲奈", "written": "脱がしコラ"}, 400, "is a word the detector reads"),
        ({"person": "青山玲奈", "written": "1枚300円"}, 400, "is a word the detector reads"),
        ({"person": "Nobody Atall", "written": "あおれな"}, 404, "No one on the watchlist matches"),
        ({"person": "", "written": "あおれな"}, 404, "Type the person&#39;s name or id"),
        ({"person_id": "p-999", "written": "あおれな"}, 400, "no such person"),
    ],
)
def test_wrong_input_is_refused_with_what_to_do_and_changes_nothing(  # type: ignore[no-untyped-def]
    make_client, env, fields, status, message
) -> None:
    flag_id = _nickname_account(env)
    before = _person(env, "p-003").aliases
    answer = _teach(make_client("ana"), flag_id, **fields)
    assert answer.status_code == status
    assert message in answer.text
    assert _person(env, "p-003").aliases == before
    assert _flag_people(env, flag_id) == []


def test_several_matches_ask_which_person_and_escape_the_name(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    # "い" is in the readings of 星野みらい and 桜井ゆうな: the analyst must choose.
    choice = _teach(analyst, flag_id, person="い", written=IMG_PAYLOAD)
    assert choice.status_code == 200
    assert "Which person does this account mean?" in choice.text
    assert re.findall(r'name="person_id" value="([^"]+)"', choice.text) == ["p-001", "p-002"]
    assert IMG_PAYLOAD not in choice.text and "&lt;img src=x onerror=alert(1)&gt;" in choice.text
    chosen = analyst.post(
        f"/review/{flag_id}/name",
        data={"csrf_token": csrf_from(choice.text), "person_id": "p-002", "written": "あおれな"},
        follow_redirects=False,
    )
    assert chosen.status_code == 303
    assert "あおれな" in _person(env, "p-002").aliases
    assert _flag_people(env, flag_id) == ["p-002"]


def test_a_name_another_watched_person_has_is_refused(make_client, env) -> None:  # type: ignore[no-untyped-def]
    """A shared name counts for neither person: taught to a second one, it would hide the
    first from every account that uses it."""
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    _teach(analyst, flag_id, person="p-002", written="あおれな")
    shared = _teach(analyst, flag_id, person="p-003", written="あおれな")
    assert shared.status_code == 400
    assert "桜井ゆうな on the watchlist already has this name" in shared.text
    assert "あおれな" not in _person(env, "p-003").aliases


def test_ids_match_whatever_their_case_or_width(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    answer = _teach(make_client("ana"), flag_id, person="Ｐ-００３", written="あおれな")
    assert answer.status_code == 303
    assert "あおれな" in _person(env, "p-003").aliases


def test_a_refusal_leads_back_to_the_form_as_it_was_typed(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    refused = _teach(analyst, flag_id, person="青山玲奈", written="あおりん")
    back = re.search(r'<a href="([^"]+)">Go back</a>', refused.text).group(1).replace("&amp;", "&")
    form = analyst.get(back).text
    assert 'value="青山玲奈"' in form and 'value="あおりん"' in form
    assert "<details open data-name-missed>" in form


def test_volunteers_neither_see_nor_use_it(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    volunteer = make_client("vol1")
    page = volunteer.get(f"/review/{flag_id}")
    assert page.status_code == 200 and "Someone named here is not recognised?" not in page.text
    answer = volunteer.post(
        f"/review/{flag_id}/name",
        data={"csrf_token": csrf_from(page.text), "person": "青山玲奈", "written": "あおれな"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "あおれな" not in _person(env, "p-003").aliases
    # The notice after a redirect names a watched person: never for a volunteer.
    shown = volunteer.get(f"/review/{flag_id}?named=p-003&added=1&found=1&shared=0")
    assert "青山玲奈 now has this name" not in shown.text


def test_without_the_form_token_nothing_changes(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    answer = make_client("ana").post(
        f"/review/{flag_id}/name",
        data={"person": "青山玲奈", "written": "あおれな"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "あおれな" not in _person(env, "p-003").aliases


def test_the_page_in_japanese(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    page = analyst.get(f"/review/{flag_id}", headers={"Accept-Language": "ja"})
    assert "認識されていない" in page.text
    assert PASSWORD not in page.text


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_an_analyst_names_the_person_in_the_browser(live, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    server, environment = live
    flag_id = _nickname_account_once(environment)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    page.goto(f"{server.url}/review/{flag_id}")
    page.click("text=Someone named here is not recognised?")
    # Opening the form puts the cursor in it: a key typed next is text, not the page's
    # keyboard shortcuts (c confirms).
    page.wait_for_function("document.activeElement.id === 'missed-person'")
    page.keyboard.press("c")
    assert page.input_value("#missed-person") == "c"
    page.fill("#missed-person", "青山玲奈")
    page.fill("#missed-written", "あおれな")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/name-missed-form-{width}.png", full_page=False)
    page.click("text=Add the name")
    page.wait_for_url(re.compile(r".*named=p-003.*"))
    notice = page.locator("[data-name-taught]")
    assert "青山玲奈" in notice.inner_text()
    assert "青山玲奈" in page.locator(".named-people").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.locator("#name-missed").screenshot(path=f"/tmp/name-missed-done-{width}.png")
    with environment.db.session() as s:
        assert s.get(Flag, flag_id).status == "new"  # the "c" typed above decided nothing
    context.close()


def _nickname_account_once(env) -> int:  # type: ignore[no-untyped-def]
    """The live server's world is shared by the module: add the account once."""
    with env.db.session() as s:
        existing = s.scalars(select(Account).where(Account.account_key == "fl-7007")).first()
        if existing is not None:
            return s.scalars(select(Flag.id).where(Flag.account_id == existing.id)).one()
    return _nickname_account(env)


@pytest.mark.browser
def test_choosing_among_several_people_on_a_phone_in_japanese(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, environment = live
    flag_id = _nickname_account_once(environment)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    page.goto(f"{server.url}/review/{flag_id}")
    page.click("text=名前が出ているのに認識されていない人物がいますか？")
    page.fill("#missed-person", "い")
    page.fill("#missed-written", "ゆなっち")
    page.click("text=呼び名を追加")
    page.wait_for_selector("text=このアカウントが指しているのはどの人物ですか？")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/name-missed-choice-390.png", full_page=True)
    page.click("button:has-text('桜井ゆうな')")
    page.wait_for_url(re.compile(r".*named=p-002.*"))
    assert "桜井ゆうな" in page.locator("[data-name-taught]").inner_text()
    context.close()


def test_a_taught_name_re_judges_an_unchanged_account_on_the_next_run(make_client, env) -> None:  # type: ignore[no-untyped-def]
    """The stored judgement carries the watchlist's digest: an alias taught from review makes
    the next run judge the account again, though its text has not changed."""
    from crawler.detect_runtime import RunDetector
    from crawler.flag.judge import judge_accounts
    from storage.blobs import BlobStore
    from storage.models import Detection

    flag_id = _nickname_account(env)
    with env.db.session() as s:
        account_id = s.get(Flag, flag_id).account_id

    def judge_again():  # type: ignore[no-untyped-def]
        runner = RunDetector(env.db)
        with env.db.session() as s:
            outcome = judge_accounts(
                s,
                runner.detector,
                account_ids=[account_id],
                run_id=None,
                detector_version=runner.version,
                blobs=BlobStore(env.cfg.blob_dir),
            )
            s.commit()
        return outcome, runner.version

    _, version = judge_again()
    again, same_version = judge_again()
    assert (again.unchanged, same_version) == (1, version)
    _teach(make_client("ana"), flag_id, person="青山玲奈", written="あおれな")
    after, new_version = judge_again()
    assert new_version != version and after.unchanged == 0
    with env.db.session() as s:
        newest = s.scalars(
            select(Detection)
            .where(Detection.account_id == account_id, Detection.subject == "account")
            .order_by(Detection.id.desc())
        ).first()
        assert newest.people == ["p-003"]


def test_a_name_taught_by_mistake_is_taken_back_by_its_teacher(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _nickname_account(env)
    analyst = make_client("ana")
    taught = _teach(analyst, flag_id, person="青山玲奈", written="あおれな")
    page = analyst.get(taught.headers["location"])
    assert "Undo: this was not them" in page.text

    def undo(client):  # type: ignore[no-untyped-def]
        token = csrf_from(client.get(f"/review/{flag_id}").text)
        return client.post(
            f"/review/{flag_id}/name/undo",
            data={"csrf_token": token, "person_id": "p-003"},
            follow_redirects=False,
        )

    # Only the analyst who taught it; a volunteer may not touch the watchlist at all.
    assert undo(make_client("adm")).status_code == 409
    assert undo(make_client("vol1")).status_code == 403
    assert "あおれな" in _person(env, "p-003").aliases
    answer = undo(analyst)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("name_undone=1#name-missed")
    assert (
        "the name is off the watchlist and the item no longer names the person"
        in analyst.get(answer.headers["location"]).text
    )
    assert "あおれな" not in _person(env, "p-003").aliases
    assert _flag_people(env, flag_id) == []
    again = undo(analyst)
    assert again.status_code == 409 and "already taken back" in again.text
    with env.db.session() as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.like("watchlist_name%"))
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["watchlist_name_from_review", "watchlist_name_undone"]

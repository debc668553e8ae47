"""The watchlist page keeps what it does not show being changed: a correction starts from the
stored entry, an id already listed is not overwritten by the "add" form, and names taught
from review survive the group's own CSV imports."""

from __future__ import annotations

import re
from html import unescape

import pytest
from review_helpers import csrf_from, sign_in_page
from sqlalchemy import select

from crawler.detect.watchlist import WatchlistEntry
from crawler.detect.watchlist_store import import_entries
from storage.models import AuditEntry, WatchlistPerson


def _stored(env, person_id: str) -> WatchlistPerson | None:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        person = s.get(WatchlistPerson, person_id)
        if person is not None:
            s.expunge(person)
        return person


def _edits(env) -> list[dict]:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        query = select(AuditEntry).where(AuditEntry.action == "watchlist_edit")
        return [e.detail for e in s.scalars(query.order_by(AuditEntry.id))]


def _teach_alias(env, person_id: str, alias: str) -> None:  # type: ignore[no-untyped-def]
    """As the item page's "not recognised?" form stores a taught name."""
    with env.db.session() as s:
        person = s.get(WatchlistPerson, person_id)
        person.aliases = [*person.aliases, alias]
        person.taught_aliases = [*person.taught_aliases, alias]
        s.commit()


def _form_values(html: str) -> dict[str, str]:
    form = html[html.index('id="person-form"') :]
    return dict(re.findall(r'<input name="(\w+)"[^>]*value="([^"]*)"', form))


def test_the_change_form_starts_from_the_stored_entry(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    page = analyst.get("/watchlist", params={"edit": "p-001"})
    assert page.status_code == 200
    assert _form_values(page.text) == {
        "name": "星野みらい",
        "kana": "ほしのみらい",
        "aliases": "ミライ",
        "category": "actress",
    }
    assert 'name="editing" value="1"' in page.text and "Change p-001" in page.text
    with env.db.session() as s:
        viewed = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "view_watchlist").order_by(AuditEntry.id)
        ).all()[-1]
    assert viewed.detail["edit"] == "p-001"


def test_adding_an_id_already_listed_saves_nothing_and_keeps_what_was_typed(
    make_client, env
) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    answer = analyst.post(
        "/watchlist",
        data={"person_id": "p-001", "name": "星野 未来", "category": "idol", "csrf_token": token},
    )
    assert answer.status_code == 409
    assert "p-001 is already on the watchlist (p-001: 星野みらい)" in answer.text
    assert _form_values(answer.text)["name"] == "星野 未来"
    stored = _stored(env, "p-001")
    assert (stored.name, stored.kana, stored.aliases, stored.category) == (
        "星野みらい",
        "ほしのみらい",
        ["ミライ"],
        "actress",
    )
    assert _edits(env) == []


def test_a_change_saves_every_field_and_says_so(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    answer = analyst.post(
        "/watchlist",
        data={
            "person_id": "p-002",
            "editing": "1",
            "name": "桜井ゆうな",
            "kana": "さくらいゆうな",
            "aliases": "ゆなっち ｜ Yuna Sakurai | ゆなっち",
            "category": "idol",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/watchlist?change=updated&person=p-002"
    assert _stored(env, "p-002").aliases == ["ゆなっち", "Yuna Sakurai"]
    assert "p-002 (桜井ゆうな) was saved." in analyst.get(answer.headers["location"]).text
    assert _edits(env) == [{"change": "updated"}]


def test_changing_a_person_who_is_not_listed_is_refused(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    answer = analyst.post(
        "/watchlist",
        data={"person_id": "p-404", "editing": "1", "name": "x", "csrf_token": token},
    )
    assert answer.status_code == 404 and _stored(env, "p-404") is None
    page = analyst.get("/watchlist", params={"edit": "p-404"}).text
    assert "There is no person with the id p-404 on the watchlist." in page
    assert "Add a person" in page


def test_hostile_text_in_an_entry_is_shown_as_text(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    hostile = '"><script>alert(1)</script>'
    analyst.post(
        "/watchlist",
        data={"person_id": "p-777", "name": hostile, "aliases": hostile, "csrf_token": token},
    )
    for page in (analyst.get("/watchlist"), analyst.get("/watchlist?edit=p-777")):
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert _stored(env, "p-777").name == hostile


def test_taught_names_survive_a_merge_and_a_replace_import(env) -> None:  # type: ignore[no-untyped-def]
    _teach_alias(env, "p-003", "あおれな")
    group_list = [
        WatchlistEntry(id="p-003", name="青山玲奈", kana="あおやまれな", category="announcer"),
        WatchlistEntry(id="p-002", name="桜井ゆうな", kana="さくらいゆうな", category="idol"),
    ]
    for replace in (False, True):
        with env.db.session() as s:
            report = import_entries(s, group_list, replace=replace)
            s.commit()
        assert report.kept_taught == ["p-003"]
        assert "kept the names taught from review for 1" in report.summary()
        stored = _stored(env, "p-003")
        assert (stored.aliases, stored.taught_aliases) == (["あおれな"], ["あおれな"])
    assert _stored(env, "p-001") is None  # the replace import still removed who was not listed


def test_a_taught_name_deleted_on_the_page_stays_deleted_after_an_import(make_client, env) -> None:  # type: ignore[no-untyped-def]
    _teach_alias(env, "p-003", "あおれな")
    analyst = make_client("ana")
    page = analyst.get("/watchlist")
    assert re.search(r"あおれな <small class=\"taught\"[^>]*>from review</small>", page.text)
    analyst.post(
        "/watchlist",
        data={
            "person_id": "p-003",
            "editing": "1",
            "name": "青山玲奈",
            "kana": "あおやまれな",
            "aliases": "",
            "category": "announcer",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert (_stored(env, "p-003").aliases, _stored(env, "p-003").taught_aliases) == ([], [])
    with env.db.session() as s:
        import_entries(s, [WatchlistEntry(id="p-003", name="青山玲奈")], replace=False)
        s.commit()
    assert _stored(env, "p-003").aliases == []


def test_the_import_command_reports_the_kept_names(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli.main import cli

    _teach_alias(env, "p-003", "あおれな")
    csv_file = tmp_path / "group.csv"
    csv_file.write_text(
        "id,name,kana,aliases,category\np-003,青山玲奈,あおやまれな,レナ,announcer\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["--data-dir", str(env.cfg.data_dir), "watchlist", "import", str(csv_file)]
    )
    assert result.exit_code == 0, result.output
    assert "updated 1" in result.output
    assert "kept the names taught from review for 1" in result.output
    assert _stored(env, "p-003").aliases == ["レナ", "あおれな"]


@pytest.mark.parametrize("width", [1280, 390])
def test_an_analyst_corrects_one_field_in_the_browser(live, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    page.goto(server.url + "/watchlist")
    page.get_by_role("link", name="Change 星野みらい").click()
    page.wait_for_url(re.compile(r".*edit=p-001"))
    assert page.locator("#person-form input[name=aliases]").input_value() == "ミライ"
    page.locator("#person-form input[name=category]").fill("singer")
    page.screenshot(path=f"/tmp/watchlist-change-{width}.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*change=(updated|unchanged)"))
    assert page.locator("[data-watchlist-done]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    stored = _stored(env, "p-001")
    assert (stored.kana, stored.aliases, stored.category) == ("ほしのみらい", ["ミライ"], "singer")
    context.close()


def test_removing_a_person_needs_its_own_step(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    with env.db.session() as s:
        s.merge(WatchlistPerson(id="p-950", name="削除 テスト", aliases=[], taught_aliases=[]))
        s.commit()
    page.goto(server.url + "/watchlist?edit=p-950#person-form")
    remove = page.get_by_role("button", name="Remove", exact=True)
    assert not remove.is_visible()
    page.get_by_text("Remove 削除 テスト from the watchlist").click()
    page.screenshot(path="/tmp/watchlist-remove-390.png", full_page=True)
    remove.click()
    page.wait_for_url(re.compile(r".*change=removed"))
    assert "p-950 was removed from the watchlist." in page.content()
    assert _stored(env, "p-950") is None
    context.close()


def test_the_export_command_writes_an_importable_file_with_taught_names(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli.main import cli
    from crawler.detect import load_watchlist_csv

    _teach_alias(env, "p-003", "あおれな")
    target = tmp_path / "back.csv"
    base = ["--data-dir", str(env.cfg.data_dir), "watchlist"]
    result = CliRunner().invoke(cli, [*base, "export", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    entries = {e.id: e for e in load_watchlist_csv(target)}
    assert entries["p-003"].aliases == ("あおれな",) and entries["p-001"].aliases == ("ミライ",)
    again = CliRunner().invoke(cli, [*base, "export", str(target)])
    assert again.exit_code != 0 and "--force" in again.output
    listed = CliRunner().invoke(cli, [*base, "list"])
    assert "p-003\t青山玲奈\tあおやまれな\tあおれな\tannouncer\t" in listed.output
    assert listed.output.rstrip().endswith("3 people, 1 with names taught from review")
    with env.db.session() as s:
        logged = s.scalars(select(AuditEntry).where(AuditEntry.action == "watchlist_export")).one()
    assert logged.detail == {"file": "back.csv", "people": 3, "via": "cli"}


def test_a_category_typed_as_the_page_shows_it_is_stored_as_matching_reads_it(
    make_client, env
) -> None:  # type: ignore[no-untyped-def]
    """The detector reads `announcer` (family name + アナ); the Japanese page shows
    アナウンサー, and that is what a Japanese analyst types."""
    analyst = make_client("ana")
    page = analyst.get("/watchlist?edit=p-003", headers={"Accept-Language": "ja"}).text
    assert _form_values(page)["category"] == "アナウンサー"
    token = csrf_from(page)
    for typed, stored in (
        ("アナウンサー", "announcer"),
        ("TV personality", "talent"),
        ("DJ", "DJ"),
    ):
        analyst.post(
            "/watchlist",
            data={
                "person_id": "p-003",
                "editing": "1",
                "name": "青山玲奈",
                "category": typed,
                "csrf_token": token,
            },
        )
        assert _stored(env, "p-003").category == stored


@pytest.mark.parametrize(
    ("person_id", "status", "message"),
    [
        ("P-001", 409, "P-001 is already on the watchlist (p-001: 星野みらい)"),
        ("D 001", 400, "An id is up to 64 letters, digits, dots, dashes or underscores"),
        ("x" * 65, 400, "An id is up to 64 letters"),
        ("a/b?c#d", 400, "An id is up to 64 letters"),
    ],
)
def test_an_id_that_would_confuse_is_refused(make_client, env, person_id, status, message) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    answer = analyst.post(
        "/watchlist", data={"person_id": person_id, "name": "誰か", "csrf_token": token}
    )
    assert answer.status_code == status
    assert message in unescape(answer.text)
    assert _edits(env) == []


def test_a_dry_run_replace_names_who_would_go_and_changes_nothing(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli.main import cli

    _teach_alias(env, "p-003", "あおれな")
    only_one = tmp_path / "one.csv"
    only_one.write_text("id,name\np-001,星野みらい\n", encoding="utf-8")
    base = ["--data-dir", str(env.cfg.data_dir), "watchlist", "import", "--replace"]
    result = CliRunner().invoke(cli, [*base, "--dry-run", str(only_one)])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing changed" in result.output and "(1 person in one.csv)" in result.output
    assert "removed: p-002, p-003" in result.output
    assert "names taught from review would be lost with 1 of them (p-003)" in result.output
    assert _stored(env, "p-003") is not None and _stored(env, "p-003").aliases == ["あおれな"]
    with env.db.session() as s:
        assert (
            s.scalars(select(AuditEntry).where(AuditEntry.action == "watchlist_import")).all() == []
        )


def test_export_guards_cells_a_spreadsheet_would_run(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli.main import cli
    from crawler.detect import load_watchlist_csv

    with env.db.session() as s:
        s.add(WatchlistPerson(id="p-500", name="=HYPERLINK(1)", aliases=["@hana", "-x-"]))
        s.commit()
    target = tmp_path / "out.csv"
    base = ["--data-dir", str(env.cfg.data_dir), "watchlist"]
    assert CliRunner().invoke(cli, [*base, "export", str(target)]).exit_code == 0
    row = next(line for line in target.read_text("utf-8-sig").splitlines() if "p-500" in line)
    assert row.startswith("p-500,'=HYPERLINK(1),")
    (back,) = [e for e in load_watchlist_csv(target) if e.id == "p-500"]
    assert (back.name, back.aliases) == ("=HYPERLINK(1)", ("@hana", "-x-"))

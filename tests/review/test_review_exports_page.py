"""The exports page says what each bundle holds (accounts by name and handle, the file) and
who asked for it by real name: analysts and admins only, volunteers never see the page."""

from __future__ import annotations

from pathlib import Path

from review_helpers import csrf_from
from sqlalchemy import select

from storage.models import Export, User


def _export_from_the_web(client, account_id: int):  # type: ignore[no-untyped-def]
    page = client.get(f"/accounts/{account_id}").text
    answer = client.post(
        f"/accounts/{account_id}/export",
        data={"purpose": "police", "csrf_token": csrf_from(page)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return answer


def test_exports_name_the_account_the_file_and_who_asked(make_client, env) -> None:  # type: ignore[no-untyped-def]
    account_id = env.world.accounts["fl-1001"]
    analyst = make_client("ana")
    answer = _export_from_the_web(analyst, account_id)
    with env.db.session() as s:
        export = s.scalars(select(Export)).one()
        pseudonym = s.scalars(select(User.pseudonym).where(User.name == "ana")).one()
    file_name = Path(export.path).name

    done = analyst.get(answer.headers["location"]).text
    assert f'The bundle <span class="url">{file_name}</span> is ready.' in done
    for viewer in (analyst, make_client("adm")):
        page = viewer.get("/exports").text
        # The account by display name and handle, both isolated as scraped text.
        assert f'<a href="/accounts/{account_id}"><bdi>AIko スタジオ</bdi></a>' in page
        assert "@<bdi>aiko_studio</bdi>" in page
        assert f'href="/exports/{export.id}/download" download class="url">{file_name}</a>' in page
        assert "<strong>ana</strong>" in page  # the real name, from the export's audit entry
        assert f"<code>{pseudonym}</code>" in page  # and the name the bundle carries
        assert '<td data-label="For">Police</td>' in page and export.sha256 in page

    volunteer = make_client("vol1").get("/exports")
    assert volunteer.status_code == 403
    assert file_name not in volunteer.text and "<strong>ana</strong>" not in volunteer.text


def test_the_exports_page_in_japanese(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    _export_from_the_web(analyst, env.world.accounts["fl-1001"])
    page = analyst.get("/exports", headers={"Accept-Language": "ja"}).text
    assert '<html lang="ja"' in page and "証拠の書き出し" in page
    assert "書き出した人" in page and "提出先" in page and "警察" in page
    assert "バンドル内の名前：" in page and "<strong>ana</strong>" in page


def test_who_asked_is_found_by_pseudonym_when_no_audit_entry_names_the_export(
    make_client, env
) -> None:  # type: ignore[no-untyped-def]
    """Rows written before exports were audited by id still show who asked."""
    with env.db.session() as s:
        pseudonym = s.scalars(select(User.pseudonym).where(User.name == "ana")).one()
        ids = [env.world.accounts["fl-1001"], *range(900_001, 900_007)]
        s.add(
            Export(
                user_name=pseudonym,
                path=str(env.cfg.exports_dir / "old-bundle.wacz"),
                sha256="0" * 64,
                purpose="platform",
                account_ids=ids,
            )
        )
    page = make_client("ana").get("/exports").text
    assert "<strong>ana</strong>" in page and '<td data-label="For">Platform</td>' in page
    assert "old-bundle.wacz" in page  # not in the folder any more: shown, not offered
    assert "/download" not in page
    assert "Account 900001" in page and "and 2 more" in page  # five shown, the rest counted

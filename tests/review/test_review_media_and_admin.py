"""Images (blurred only, logged reveal), WARC records, the admin's user page, highlighting."""

from __future__ import annotations

import gzip
import hashlib

from review_helpers import csrf_from
from sqlalchemy import select, update

from crawler.review.highlight import highlight
from crawler.review.i18n import use_locale
from crawler.review.images import sniff_image_type
from storage.blobs import BlobStore
from storage.models import AuditEntry, Media, User


def _audit(env, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_blurred_thumbnail_is_the_stored_blurred_copy_never_cached(make_client, env) -> None:  # type: ignore[no-untyped-def]
    response = make_client("vol1").get(f"/media/{env.world.media['a1_original']}/blurred")
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert hashlib.sha256(response.content).hexdigest() == env.world.blobs["a1_thumb"]
    assert response.headers["cache-control"] == "no-store, private"
    assert _audit(env, "reveal") == []


def test_reveal_needs_post_with_csrf_and_is_logged(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("ana")
    media_id = env.world.media["a1_original"]
    reason = {"reason": "check whether the face is the watchlisted person"}
    assert client.get(f"/media/{media_id}/reveal").status_code == 405
    assert client.post(f"/media/{media_id}/reveal", data=reason).status_code == 403
    token = csrf_from(client.get("/queue").text)
    response = client.post(
        f"/media/{media_id}/reveal", headers={"X-CSRF-Token": token}, data=reason
    )
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert hashlib.sha256(response.content).hexdigest() == env.world.blobs["a1_original"]
    assert "no-store" in response.headers["cache-control"]
    [entry] = _audit(env, "reveal")
    assert entry.user_name == "ana" and entry.target_id == str(media_id)
    assert entry.detail["reason"] == reason["reason"]
    # Only a blurred copy exists of this one: nothing more to reveal.
    blurred_only = client.post(
        f"/media/{env.world.media['a1_blurred_only']}/reveal",
        headers={"X-CSRF-Token": token},
        data=reason,
    )
    assert blurred_only.status_code == 404
    assert len(_audit(env, "reveal")) == 1


def test_reveal_is_for_analysts_only_and_needs_a_reason(make_client, env) -> None:  # type: ignore[no-untyped-def]
    media_id = env.world.media["a1_original"]
    volunteer = make_client("vol1")
    token = csrf_from(volunteer.get("/queue").text)
    refused = volunteer.post(
        f"/media/{media_id}/reveal", headers={"X-CSRF-Token": token}, data={"reason": "curious"}
    )
    assert refused.status_code == 403
    assert "image" not in refused.headers["content-type"]
    page = volunteer.get(f"/review/{env.world.flags['storefront']}").text
    assert "data-reveal-url" not in page and "data-reveal-open" not in page

    analyst = make_client("ana")
    token = csrf_from(analyst.get("/queue").text)
    for blank in ({}, {"reason": "   \t "}):
        response = analyst.post(
            f"/media/{media_id}/reveal", headers={"X-CSRF-Token": token}, data=blank
        )
        assert response.status_code == 400
        assert "Say why you need the original image" in response.text
    assert _audit(env, "reveal") == []
    assert "data-reveal-url" in analyst.get(f"/review/{env.world.flags['storefront']}").text


def test_no_image_at_all_for_minor_risk(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    media_id = env.world.media["minor"]
    # Even if a thumbnail and an original had been stored by mistake, none is served.
    store = BlobStore(env.cfg.blob_dir)
    sha = store.put(b"\x89PNG\r\n\x1a\nnot really")
    with env.db.session() as s:
        s.execute(
            update(Media)
            .where(Media.id == media_id)
            .values(thumb_blob=sha, original_blob=sha, withheld_reason=None)
        )
    token = csrf_from(analyst.get("/queue").text)
    assert analyst.get(f"/media/{media_id}/blurred").status_code == 404
    assert (
        analyst.post(
            f"/media/{media_id}/reveal", headers={"X-CSRF-Token": token}, data={"reason": "check"}
        ).status_code
        == 404
    )
    page = analyst.get(f"/review/{env.world.flags['minor']}").text
    assert "No image kept" in page and f"/media/{media_id}/" not in page


def test_a_stored_file_that_is_not_an_image_is_not_served(make_client, env) -> None:  # type: ignore[no-untyped-def]
    store = BlobStore(env.cfg.blob_dir)
    sha = store.put(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    with env.db.session() as s:
        s.execute(
            update(Media)
            .where(Media.id == env.world.media["a1_blurred_only"])
            .values(thumb_blob=sha)
        )
    response = make_client("vol1").get(f"/media/{env.world.media['a1_blurred_only']}/blurred")
    assert response.status_code == 415 and "svg" not in response.headers["content-type"]
    assert sniff_image_type(b"GIF89a....") == "image/gif" and sniff_image_type(b"<html>") is None


def test_warc_record_is_an_analyst_download_and_logged(make_client, env) -> None:  # type: ignore[no-untyped-def]
    capture_id = env.world.captures["a1_response"]
    response = make_client("ana").get(f"/captures/{capture_id}/warc")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-type"] == "application/warc"
    assert gzip.decompress(response.content).startswith(b"WARC/1.1")
    [entry] = _audit(env, "download_warc")
    assert entry.user_name == "ana"
    assert make_client("vol1").get(f"/captures/{capture_id}/warc").status_code == 403


def test_screenshot_is_served_blurred_and_404_for_other_kinds(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    shot = client.get(f"/captures/{env.world.captures['a1_screenshot']}/screenshot")
    assert shot.status_code == 200 and shot.headers["content-type"] == "image/png"
    assert hashlib.sha256(shot.content).hexdigest() == env.world.blobs["a1_shot"]
    assert (
        client.get(f"/captures/{env.world.captures['a1_response']}/screenshot").status_code == 404
    )
    assert client.get("/captures/999999/screenshot").status_code == 404
    assert client.get("/media/999999/blurred").status_code == 404


def test_admin_adds_and_disables_reviewers_on_the_web(make_client, env) -> None:  # type: ignore[no-untyped-def]
    admin = make_client("adm")
    token = csrf_from(admin.get("/admin/users").text)
    created = admin.post(
        "/admin/users", data={"name": "newvol", "role": "volunteer", "csrf_token": token}
    )
    assert created.status_code == 200 and "shown only this once" in created.text
    bad = admin.post(
        "/admin/users", data={"name": "newvol", "role": "volunteer", "csrf_token": token}
    )
    assert bad.status_code == 400 and "already exists" in bad.text
    assert (
        admin.post(
            "/admin/users", data={"name": "x y", "role": "boss", "csrf_token": token}
        ).status_code
        == 400
    )
    with env.db.session() as s:
        new_id = s.scalars(select(User.id).where(User.name == "newvol")).one()
    assert (
        admin.post(
            f"/admin/users/{new_id}/disable", data={"csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    with env.db.session() as s:
        assert s.get(User, new_id).disabled
    assert {e.action for e in _audit(env, "user_add")} == {"user_add"}
    assert len(_audit(env, "user_disable")) == 1
    # An analyst cannot use the admin form even with a valid token.
    analyst = make_client("ana")
    analyst_token = csrf_from(analyst.get("/queue").text)
    assert (
        analyst.post(
            "/admin/users", data={"name": "sneaky", "role": "admin", "csrf_token": analyst_token}
        ).status_code
        == 403
    )


def test_highlight_escapes_everything_but_its_own_marks() -> None:
    text = "<b>星野みらい</b> & AI生成"
    reasons = [
        {"family": "person", "matched": "星野みらい", "start": 3, "end": 8, "part": "text"},
        {
            "family": "synthetic",
            "matched": "AI生成",
            "start": 999,
            "end": 2,
        },  # broken span: found by text
        {"family": 'x"><script>', "term": "&"},
    ]
    with use_locale("en"):  # a mark's title is its family's label in the page's language
        html = str(highlight(text, reasons, "text"))
    assert html.startswith(
        '&lt;b&gt;<mark class="hl hl-person" title="Named person">星野みらい</mark>&lt;/b&gt;'
    )
    assert '<mark class="hl hl-synthetic" title="AI / fake image words">AI生成</mark>' in html
    # An unknown (here hostile) family is titled in plain words, never by its name.
    assert "<script>" not in html and "script&gt;" not in html
    assert 'class="hl hl-xscript" title="Other words the detector weighed"' in html
    assert str(highlight(None, reasons)) == ""
    overlapping = [
        {"family": "person", "matched": "星野みらい"},
        {"family": "person", "matched": "みらい"},
    ]
    assert str(highlight("星野みらい", overlapping)).count("<mark") == 1


def test_analyst_exports_an_account_from_the_web_and_downloads_it(make_client, env) -> None:  # type: ignore[no-untyped-def]
    import time

    from storage.models import Export

    account_id = env.world.accounts["fl-1001"]
    volunteer = make_client("vol1")
    volunteer_token = csrf_from(volunteer.get("/queue").text)
    refused = volunteer.post(
        f"/accounts/{account_id}/export", data={"purpose": "police", "csrf_token": volunteer_token}
    )
    assert refused.status_code == 403
    analyst = make_client("ana")
    page = analyst.get(f"/accounts/{account_id}").text
    assert "Export signed bundle" in page
    began = time.perf_counter()
    response = analyst.post(
        f"/accounts/{account_id}/export",
        data={"purpose": "platform", "csrf_token": csrf_from(page)},
        follow_redirects=False,
    )
    seconds = time.perf_counter() - began
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/exports?done=")
    with env.db.session() as s:
        export = s.scalars(select(Export)).one()
        pseudonym = s.scalars(select(User.pseudonym).where(User.name == "ana")).one()
    assert export.account_ids == [account_id] and export.purpose == "platform"
    assert export.user_name == pseudonym  # bundles name the pseudonym, never the login
    # One entry per export, naming the signed-in reviewer and where the request came from.
    [entry] = _audit(env, "export")
    assert entry.user_name == "ana" and entry.target_id == str(export.id)
    assert entry.user_id is not None and entry.detail["via"] == "web"
    assert entry.remote_addr
    listing = analyst.get("/exports").text
    assert f"/exports/{export.id}/download" in listing
    download = analyst.get(f"/exports/{export.id}/download")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert hashlib.sha256(download.content).hexdigest() == export.sha256
    assert len(_audit(env, "download_export")) == 1
    assert volunteer.get(f"/exports/{export.id}/download").status_code == 403
    print(f"web export took {seconds:.1f} s")

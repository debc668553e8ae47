"""Admins see, check and add site profiles; the crawler then finds them by name."""

from __future__ import annotations

from review_helpers import csrf_from

from spiders.profile import load_profile
from storage.models import AuditEntry

NEW_PROFILE = """\
name: lab-shop
platform: labshop
display_name: Lab shop
start_urls: ["${LAB_URL}/shop/"]
links:
  - kind: account
    pattern: '^/shop/u/(?P<handle>\\\\w+)$'
account:
  handle: {from_url: handle}
"""


def test_admin_lists_bundled_profiles_and_adds_one_the_crawler_finds(env, make_client):
    admin = make_client("adm")
    page = admin.get("/admin/profiles")
    assert page.status_code == 200 and "demo-fanclub" in page.text and "bundled" in page.text
    saved = admin.post(
        "/admin/profiles",
        data={"text": NEW_PROFILE, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/profiles/lab-shop"
    detail = admin.get("/admin/profiles/lab-shop")
    assert "Added here" in detail.text and "labshop" in detail.text
    profile = load_profile(
        "lab-shop", {"LAB_URL": "http://127.0.0.1:9"}, operator_dir=env.cfg.profiles_dir
    )
    assert profile.start_urls == ["http://127.0.0.1:9/shop/"]
    with env.db.session() as s:
        actions = [
            a.action for a in s.query(AuditEntry).filter(AuditEntry.target_type == "profile")
        ]
    assert actions == ["profile_add"]


def test_bad_profile_is_refused_with_the_line_and_field(env, make_client):
    admin = make_client("adm")
    page = admin.get("/admin/profiles")
    broken = NEW_PROFILE.replace("{from_url: handle}", '"h1::text["')
    response = admin.post(
        "/admin/profiles", data={"text": broken, "csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 400
    assert (
        "Not saved" in response.text
        and "account.handle" in response.text
        and ":9:" in response.text
    )
    assert not (env.cfg.profiles_dir / "lab-shop.yaml").exists()


def test_bundled_names_cannot_be_overwritten_and_hostile_yaml_is_escaped(env, make_client):
    admin = make_client("adm")
    page = admin.get("/admin/profiles")
    hostile = NEW_PROFILE.replace("name: lab-shop", "name: demo-fanclub").replace(
        "display_name: Lab shop", 'display_name: "<script>alert(1)</script>"'
    )
    response = admin.post(
        "/admin/profiles", data={"text": hostile, "csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 400 and "bundled profile" in response.text
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text


def test_volunteers_and_analysts_cannot_manage_profiles(env, make_client):
    assert make_client("vol1").get("/admin/profiles").status_code == 403
    assert make_client("ana").get("/admin/profiles").status_code == 403

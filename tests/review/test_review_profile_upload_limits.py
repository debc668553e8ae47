"""A hostile profile upload (a YAML alias bomb, or anything slow to check) is refused with a
clear message, and the served app keeps answering other reviewers meanwhile."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from review_factory import PASSWORD
from review_helpers import csrf_from

from crawler.review import routes_profiles
from spiders.profile import ProfileError, validate_profile_text

# 9 values, each level nine times the one before: about 387 million strings once expanded.
ALIAS_BOMB = "name: bomb\n" + "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{level}: &{level} [{','.join([f'*{before}'] * 9)}]"
            for before, level in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def _admin(url: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=url, timeout=30)
    page = client.get("/login")
    client.post(
        "/login", data={"name": "adm", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
    )
    return client, csrf_from(client.get("/admin/profiles").text)


def test_alias_bomb_is_refused_with_a_clear_message() -> None:
    assert len(ALIAS_BOMB) < 1000
    with pytest.raises(ProfileError, match="expands to more than 50,000 values"):
        validate_profile_text(ALIAS_BOMB, "bomb.yaml")
    with pytest.raises(ProfileError, match="aliases"):
        validate_profile_text("x: &x 1\ny: [" + ",".join(["*x"] * 101) + "]", "many.yaml")
    with pytest.raises(ProfileError, match="nested more than 50 levels"):
        validate_profile_text("x: " + "[" * 60 + "]" * 60, "deep.yaml")


def test_served_app_refuses_an_uploaded_alias_bomb_while_serving_others(live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    admin, token = _admin(server.url)
    reader, _ = _admin(server.url)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # The client's 30 s timeout is the time bound: unlimited, this upload took minutes.
        upload = pool.submit(
            admin.post, "/admin/profiles", data={"text": ALIAS_BOMB, "csrf_token": token}
        )
        other = pool.submit(reader.get, "/queue")
        refused, served = upload.result(), other.result()
    assert served.status_code == 200
    assert refused.status_code == 400
    assert "expands to more than 50,000 values" in refused.text
    assert not (env.cfg.profiles_dir / "bomb.yaml").exists()


def test_a_slow_profile_check_is_cut_off_and_does_not_stall_the_app(live, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    server, _ = live
    entered, release = threading.Event(), threading.Event()

    def stuck_validation(text: str, source: str):  # type: ignore[no-untyped-def]
        if source == "the profile you pasted":  # not the files the page lists
            entered.set()
            release.wait(timeout=60)
        return validate_profile_text(text, source)

    admin, token = _admin(server.url)
    reader, _ = _admin(server.url)
    monkeypatch.setattr(routes_profiles, "validate_profile_text", stuck_validation)
    monkeypatch.setattr(routes_profiles, "PROFILE_CHECK_SECONDS", 1.0)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            upload = pool.submit(
                admin.post, "/admin/profiles", data={"text": "name: x\n", "csrf_token": token}
            )
            assert entered.wait(timeout=30)
            # The check is running right now; another reviewer's page is still served.
            assert reader.get("/queue").status_code == 200
            refused = upload.result()
    finally:
        release.set()
    assert refused.status_code == 400
    # This client names no language, so the app answers in Japanese (its default).
    assert "検査に 1 秒以上かかったため、受け付けませんでした" in refused.text

"""The review app in Japanese and English: complete catalogs, no hard-coded text, the
language chosen per request and per person."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from review_helpers import login

from crawler.review.i18n import LOCALE_DIR, choose_locale
from crawler.review.web import TEMPLATES_DIR, fmt_time

REVIEW_DIR = TEMPLATES_DIR.parent
# Words that are the same in both languages: names, units, keys.
SAME_IN_BOTH = {
    "mimamori", "JST", "UTC", "Enter", "Esc", "URL", "CSV", "JSON", "PDF", "HTML", "ID",
    "WARC", "WACZ", "PDQ", "SHA", "YAML", "AI", "OK", "SQLite", "PostgreSQL", "X", "Ctrl",
}  # fmt: skip
VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}


def _ja_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for po_file in sorted((LOCALE_DIR / "ja" / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="ja"):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    found[key] = message.string
    return found


def _source_messages() -> dict[str, str]:
    method_map = [
        ("templates/**.html", "jinja2"),
        ("**.py", "python"),
    ]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(REVIEW_DIR), method_map, options_map=options
    ):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def test_every_message_has_a_japanese_translation() -> None:
    translated = _ja_messages()
    missing = {m: where for m, where in _source_messages().items() if m not in translated}
    assert missing == {}, "add these to a .po file (docs/translating.md)"


def test_translations_keep_their_placeholders() -> None:
    with_placeholders = re.compile(r"%\(\w+\)[sdf]")
    for msgid, text in _ja_messages().items():
        assert sorted(with_placeholders.findall(msgid)) == sorted(
            with_placeholders.findall(text)
        ), msgid
    for po_file in (LOCALE_DIR / "ja" / "LC_MESSAGES").glob("*.po"):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale="ja")
        for message in catalog:
            if message.id and message.string and message.python_format:
                python_format(catalog, message)  # raises TranslationError when they differ


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "kbd", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.pieces.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "kbd", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.pieces.append(data)


def _untranslated_words(source: str) -> list[str]:
    source = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", " ", source, flags=re.S)
    # The page's name for the script and the stylesheet, never shown.
    source = re.sub(r"\{%\s*block page\s*%\}.*?\{%\s*endblock\s*%\}", " ", source)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.S)
    parser = _VisibleText()
    parser.feed(source)
    words = re.findall(r"[A-Za-z][A-Za-z'’]+", " ".join(parser.pieces))
    return [w for w in words if w not in SAME_IN_BOTH]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES_DIR.glob("*.html")), ids=str)
def test_templates_have_no_hard_coded_text(template: str) -> None:
    source = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    assert _untranslated_words(source) == [], "wrap visible text in _() or {% trans %}"


def test_the_hard_coded_text_check_finds_text_and_visible_attributes() -> None:
    assert _untranslated_words('<p title="Open it">{{ _("Queue") }} Hello</p>') == [
        "Open",
        "it",
        "Hello",
    ]
    assert _untranslated_words("<p>{% trans n=1 %}One {{ n }}{% endtrans %}</p>") == []


@pytest.mark.parametrize(
    ("cookie", "header", "chosen"),
    [
        (None, None, "ja"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "fr-FR, en;q=0.5, ja;q=0.8", "ja"),
        (None, "ja;q=0, en;q=0.1", "en"),
        (None, "de", "ja"),
        ("en", "ja", "en"),
        ("xx", "en", "en"),
        (None, "en;q=abc, ja", "ja"),
    ],
)
def test_the_language_follows_the_choice_then_the_browser_then_japanese(
    cookie: str | None, header: str | None, chosen: str
) -> None:
    assert choose_locale(cookie, header) == chosen


def test_times_show_japan_time_first_then_utc() -> None:
    assert fmt_time(datetime(2026, 11, 29, 6, 28, 5)) == "2026-11-29 15:28:05 JST (06:28 UTC)"
    late = datetime(2026, 11, 29, 20, 5, tzinfo=UTC)
    assert fmt_time(late) == "2026-11-30 05:05:00 JST (11-29 20:05 UTC)"


def test_pages_are_japanese_unless_the_browser_asks_for_english(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    japanese = client.get("/login", headers={"Accept-Language": "ja"})
    assert '<html lang="ja"' in japanese.text and "サインイン" in japanese.text
    plain = client.get("/login", headers={"Accept-Language": ""})
    assert '<html lang="ja"' in plain.text
    english = client.get("/login")
    assert '<html lang="en"' in english.text and "Sign in" in english.text
    missing = client.get("/no-such-page", headers={"Accept-Language": "ja"})
    assert missing.status_code == 404 and "ここには何もありません。" in missing.text


def test_a_person_s_language_is_kept_and_applied_at_sign_in(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    page = client.get("/queue")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token is not None
    refused = client.post("/language", data={"language": "ja", "csrf_token": "wrong"})
    assert refused.status_code == 403
    chosen = client.post(
        "/language",
        data={"language": "ja", "csrf_token": token.group(1), "next": "/queue"},
        follow_redirects=False,
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/queue"
    assert '<html lang="ja"' in client.get("/queue").text  # the cookie beats Accept-Language: en

    other_device = make_client()
    login(other_device, "vol1")
    assert '<html lang="ja"' in other_device.get("/queue").text


def test_an_unknown_language_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    answer = client.post("/language", data={"language": "xx"})
    assert answer.status_code == 400 and "That language is not available." in answer.text


def test_the_catalog_directory_ships_with_the_package() -> None:
    assert Path(LOCALE_DIR, "ja", "LC_MESSAGES").is_dir()
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"*.po"' in pyproject

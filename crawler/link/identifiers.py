"""Payment and contact identifiers in scraped text: PayPay ids and links, e-mail addresses,
Discord invites and user names, LINE ids, Amazon wish lists, crypto addresses, platform and
link-in-bio pages, and `@handle`s next to a platform's name.

Sellers write them in full width ("ＰａｙＰａｙ ＩＤ：ａｉ＿ｓｈｏｐ"), with a label
("paypay: ai_shop"), spelled out ("ai_shop (at) gmail (dot) com", "★を@に") or with
look-alike letters. The text is folded to NFKC first (with a map back to the original, so
`shown` is the text as scraped), spelled-out marks are read as "@" and ".", and each
value is normalised with the detector's key (`id_data.id_key`). Scraped text is data: a
value is only ever the characters its pattern allows, never markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crawler.link.id_data import NORMALIZER, id_key, never_ids, platform_aliases
from crawler.link.urls import account_page, canonical_url, handle_of_page

# Kinds that link two accounts when both show the same value (an "identifier" edge).
SHARED_KINDS = frozenset(
    {
        "paypay",
        "paypay_link",
        "email",
        "discord",
        "discord_invite",
        "line",
        "amazon_wishlist",
        "crypto",
        "platform_url",
        "link_page",
    }
)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_MAX_TEXT = 50_000
_SHOWN_MAX = 200

_AT_WORDS = re.compile(r"\s*(?:[(\[{<]\s*at\s*[)\]}>]|アットマーク|あっとまーく|アット)\s*", re.I)
_DOT_WORDS = re.compile(r"\s*(?:[(\[{<]\s*dot\s*[)\]}>]|ドット|どっと)\s*", re.I)
# "aishop★gmail.com (★を@に変えて)": the seller names the symbol that stands for "@".
_AT_STANDIN = re.compile(r"([★☆●◆■◎※#*])\s*を\s*@")

_TOKEN = r"[a-z0-9][a-z0-9_.\-]{1,31}"
_LABELS = {
    "paypay": r"paypay|ペイペイ",
    "line": r"line|ライン",
    "discord": r"discord|ディスコード|ディスコ",
}
_SEP = r"[:=→⇒>]"
_LABELLED = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")"
    # Words that may stand between the label and its id: "PayPay払いOK（ID: …）".
    r"(?:\s*(?:支払い|払い|決済|送金|対応|可能|可|ok|のみ)){0,3}"
    r"\s*(?P<paren>[(\[])?\s*(?P<sep>" + _SEP + r")?\s*(?:(?P<idword>id)\b\s*" + _SEP + r"?\s*)?"
    r"@?(?P<id>" + _TOKEN + r"(?:#\d{4})?)(?P<closed>\s*[)\]])?",
    re.I,
)
_EMAIL = re.compile(
    r"(?<![\w.+\-])(?P<local>[a-z0-9][a-z0-9._%+\-]{0,63})@"
    r"(?P<domain>[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24})"
    r"(?![\w\-])",
    re.I,
)
_URL = re.compile(
    r"(?:https?://|(?<![\w@./\-])(?=(?:[a-z0-9\-]+\.)+[a-z]{2,}(?::\d+)?/))"
    r"[a-z0-9\-._~:/?#\[\]@!$&*+,;=%]+",
    re.I,
)
_URL_TRAILING = ".,;:!?)]}'\""
_ETH = re.compile(r"(?<![0-9a-z])0x[0-9a-f]{40}(?![0-9a-z])", re.I)
_BECH32 = re.compile(r"(?<![0-9a-z])bc1[02-9ac-hj-np-z]{11,71}(?![0-9a-z])", re.I)
# Old-style Bitcoin addresses look like any random token: only after a label.
_BTC_LEGACY = re.compile(
    r"(?:btc|bitcoin|ビットコイン|仮想通貨|暗号資産)[^a-z0-9]{0,12}"
    r"(?P<id>[13][a-km-zA-HJ-NP-Z1-9]{25,34})(?![0-9a-z])",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """One identifier: its kind, its normalised value, and the text as scraped."""

    value_kind: str
    value: str
    shown: str


def _fold_char(ch: str) -> str:
    """NFKC, and a letter that only looks Latin (Cyrillic а, Greek ο) read as that letter,
    the way the detector's normaliser reads it."""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and not folded.isascii() and folded.isalpha():
        latin = NORMALIZER.fold_char(folded)
        if len(latin) == 1 and latin.isascii() and latin.isalnum():
            return latin
    return folded


_FOLD_CACHE: dict[str, str] = {}


def _fold_cached(ch: str) -> str:
    if ch.isascii():
        return ch
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        folded = _fold_char(ch)
        if len(_FOLD_CACHE) < 100_000:  # hostile text must not grow it forever
            _FOLD_CACHE[ch] = folded
    return folded


class _Folded:
    """NFKC-folded text with, per folded character, the index of its original character."""

    def __init__(self, text: str) -> None:
        self.original = text[:_MAX_TEXT]
        folds = {
            ch: "" if ord(ch) in _ZERO_WIDTH else _fold_cached(ch) for ch in set(self.original)
        }
        if all(len(f) == 1 for f in folds.values()):
            # Every character folds to one: same offsets, one C-level translate.
            self.text = self.original.translate({ord(c): f for c, f in folds.items() if c != f})
            self.origin = list(range(len(self.original)))
            return
        chars: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(self.original):
            folded = folds[ch]
            chars.append(folded)
            origin.extend([index] * len(folded))
        self.text = "".join(chars)
        self.origin = origin

    def substitute(self, pattern: re.Pattern[str], replacement: str) -> None:
        """Replace every match with `replacement`, keeping the map to the original."""
        pieces: list[str] = []
        origin: list[int] = []
        last = 0
        for match in pattern.finditer(self.text):
            pieces.append(self.text[last : match.start()])
            origin.extend(self.origin[last : match.start()])
            pieces.append(replacement)
            origin.extend([self.origin[match.start()]] * len(replacement))
            last = match.end()
        if not pieces:
            return
        pieces.append(self.text[last:])
        origin.extend(self.origin[last:])
        self.text, self.origin = "".join(pieces), origin

    def shown(self, start: int, end: int) -> str:
        if start >= end or not self.origin:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1][:_SHOWN_MAX]


def _read_spelled_out(folded: _Folded) -> None:
    for symbol in {m.group(1) for m in _AT_STANDIN.finditer(folded.text)}:
        folded.substitute(
            re.compile(r"(?<=[a-z0-9])" + re.escape(symbol) + r"(?=[a-z0-9])", re.I), "@"
        )
    folded.substitute(_AT_WORDS, "@")
    folded.substitute(_DOT_WORDS, ".")


def _labelled(folded: _Folded) -> Iterable[Found]:
    never = never_ids()
    for match in _LABELLED.finditer(folded.text):
        raw, end = match.group("id"), match.end("id")
        bracketed = match.group("paren") and match.group("closed")
        if not (match.group("sep") or match.group("idword") or bracketed):
            continue  # "LINEで連絡" or "paypay available": a word after the label, no id
        if folded.text[end : end + 1] in ("/", "@") or ("." in raw and _looks_like_host(raw)):
            continue  # "discord: discord.gg/..." and "line: me@mail.jp" are not user ids
        kind = next(k for k in _LABELS if match.group(k))
        value = id_key(raw)
        if len(value) < 3 or value in never.not_ids:
            continue
        yield Found(kind, value, folded.shown(match.start(), end))


def _looks_like_host(token: str) -> bool:
    return bool(re.fullmatch(r"(?:[a-z0-9\-]+\.)+[a-z]{2,}", token, re.I))


def _emails(folded: _Folded) -> Iterable[Found]:
    never = never_ids()
    for match in _EMAIL.finditer(folded.text):
        local, domain = match.group("local").casefold(), match.group("domain").casefold()
        if never.is_service_email(domain):
            continue
        local = local.split("+", 1)[0]
        if domain in ("gmail.com", "googlemail.com"):
            local, domain = local.replace(".", ""), "gmail.com"
        if local:
            yield Found("email", f"{local}@{domain}", folded.shown(match.start(), match.end()))


def _crypto(folded: _Folded) -> Iterable[Found]:
    for pattern in (_ETH, _BECH32):
        for match in pattern.finditer(folded.text):
            shown = folded.shown(match.start(), match.end())
            yield Found("crypto", match.group().casefold(), shown)
    for match in _BTC_LEGACY.finditer(folded.text):
        # Base58 is case-sensitive: the address is kept exactly as written.
        yield Found("crypto", match.group("id"), folded.shown(match.start("id"), match.end("id")))


def url_identifiers(url: str, shown: str, *, via: str | None = None) -> list[Found]:
    """A URL as a link (declared-link candidate) and, when it is one account's page on a
    service, as that shared identifier too."""
    canonical = canonical_url(url)
    if canonical is None:
        return []
    found = [Found("link_via" if via else "link", canonical.value, shown[:_SHOWN_MAX])]
    page = account_page(canonical)
    if page is not None:
        found.append(Found(page[0], page[1], shown[:_SHOWN_MAX]))
    handle = handle_of_page(canonical)
    if handle is not None:
        # A link to a platform's page of @handle points at the stored account with it.
        found.append(Found("handle_mention", handle, shown[:_SHOWN_MAX]))
    return found


def _urls(folded: _Folded) -> Iterable[Found]:
    for match in _URL.finditer(folded.text):
        url = match.group().rstrip(_URL_TRAILING)
        end = match.start() + len(url)
        yield from url_identifiers(url, folded.shown(match.start(), end))


_MENTION = re.compile(r"(?<![a-z0-9._%+\-])@(?P<handle>[a-z0-9_][a-z0-9_.\-]{1,29})", re.I)
# How far before "@handle" a platform's name may stand ("Fantia: @…"), and after it
# ("@… (スケブ)").
_NAME_BEFORE = 32
_NAME_AFTER = 32


def _mentions(folded: _Folded, platforms: Mapping[str, str]) -> Iterable[Found]:
    """`@handle`s next to a platform's name: "Fantia: @ai_shop", "@ai_shop (スケブ)"."""
    if "@" not in folded.text:
        return
    before, after, lookup = _mention_patterns(tuple(sorted(platforms.items())))
    if before is None or after is None:
        return
    text = folded.text
    for match in _MENTION.finditer(text):
        handle = match.group("handle")
        if _looks_like_host(handle):
            continue  # "x@mail.com" is an address, not X's @mail.com
        start, end = match.span()
        named = before.search(text, max(0, start - _NAME_BEFORE), start)
        span = (named.start(), end) if named else None
        if named is None:
            named = after.match(text, end, end + _NAME_AFTER)
            span = (start, named.end()) if named else None
        platform = lookup.get(id_key(named.group("name"))) if named else None
        value = id_key(handle)
        if platform and span and len(value) >= 2:
            yield Found("handle_mention", f"{platform}:{value}", folded.shown(*span))


_MentionPatterns = tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]
_MENTION_CACHE: dict[tuple[tuple[str, str], ...], _MentionPatterns] = {}


def _mention_patterns(names: tuple[tuple[str, str], ...]) -> _MentionPatterns:
    """Patterns for a platform's name right before an @handle and right after it, and the
    normalised name -> platform key lookup for their matches."""
    known = _MENTION_CACHE.get(names)
    if known is not None:
        return known
    raw = sorted({n for n, _ in names if n}, key=len, reverse=True)
    before = after = None
    if raw:
        # Not the end of an e-mail's local part ("shop+x@mail.jp" names no platform "x").
        name = r"(?<![a-z0-9_.+\-])(?P<name>" + "|".join(map(_name_regex, raw)) + r")(?![a-z0-9])"
        before = re.compile(name + r"\s*(?:[:=→⇒]|は|で|の|id)?\s*[(\[]?\s*$", re.I)
        after = re.compile(r"\s*[(\[]\s*" + name + r"\s*[)\]]", re.I)
    result = (before, after, {id_key(n): key for n, key in names})
    if len(_MENTION_CACHE) < 64:
        _MENTION_CACHE[names] = result
    return result


def _name_regex(name: str) -> str:
    # "pixiv fanbox" is also written "pixivFANBOX" or "pixiv・fanbox".
    return r"[\s.\-・]?".join(re.escape(ch) for ch in name.replace(" ", ""))


def platform_names(stored: Iterable[tuple[str, str | None]] = ()) -> dict[str, str]:
    """Platform name as written (NFKC, case-folded) -> platform key: the data file's names
    and the stored platforms' own keys and display names (`stored`: (key, display_name))."""
    names = dict(platform_aliases())
    for key, display_name in stored:
        for name in (key, display_name):
            if name and len(id_key(name)) >= 2:
                names.setdefault(unicodedata.normalize("NFKC", name).casefold(), key)
    return names


def extract_identifiers(
    text: str | None, platforms: Mapping[str, str] | None = None
) -> list[Found]:
    """Every identifier in `text`, each (kind, value) once, in the order found."""
    if not text:
        return []
    folded = _Folded(text)
    _read_spelled_out(folded)
    found: dict[tuple[str, str], Found] = {}
    sources = (
        _urls(folded),
        _emails(folded),
        _labelled(folded),
        _crypto(folded),
        _mentions(folded, platforms if platforms is not None else platform_aliases()),
    )
    for source in sources:
        for item in source:
            found.setdefault((item.value_kind, item.value), item)
    return list(found.values())

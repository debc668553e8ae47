"""Detector reasons in the reviewer's words and language.

storage.findings groups the reasons (each family once, each word once, with its places);
this module names what it grouped in the request's language: the family's label from the
signal files (``label`` / ``label_ja``, crawler/detect/families.py, not the gettext
catalogs: a new family is data), the places in plain words, and the colour-and-pattern
class of each family (static/reasons.css). Internal family names never reach a page: a
family without a plain label is "Other words the detector weighed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from crawler.detect.families import shipped_display_table
from crawler.review.i18n import N_, _, current_locale
from storage.findings import (
    FamilyDisplay,
    FamilyGroup,
    FamilyTable,
    Place,
    Reason,
    family_counts,
    group_reasons,
    plain_display,
)

OTHER_WORDS = N_("Other words the detector weighed")
# Where a word was found: the place on its own, and the place with a count (2 or more).
PLACE_WORDS = {
    "profile": (N_("the profile"), N_("%(num)d profiles")),
    "bio": (N_("the profile text"), N_("%(num)d profile texts")),
    "display_name": (N_("the display name"), N_("%(num)d display names")),
    "plan": (N_("a plan"), N_("%(num)d plans")),
    "post": (N_("a post"), N_("%(num)d posts")),
    "title": (N_("a post title"), N_("%(num)d post titles")),
    "text": (N_("a post's text"), N_("%(num)d post texts")),
}
ELSEWHERE = (N_("another part of the page"), N_("%(num)d other parts of the page"))
# The colour-and-pattern class of each tone (FamilyDisplay.tone); plain words, so that the
# page carries no internal family name even in its markup.
TONE_CLASSES = {
    "person": "tone-person",
    "minor": "tone-minor",
    "real_person": "tone-real",
    "synthetic": "tone-fake",
    "sexual": "tone-sexual",
    "commerce": "tone-selling",
    "learned": "tone-learned",
    "against": "tone-against",
}
QUEUE_CHIPS = 3


def families() -> FamilyTable:
    return shipped_display_table()


def display_label(display: FamilyDisplay | None) -> str:
    """A family's label in the request's language; the plain "other" label without one."""
    return display.label_in(current_locale()) if display is not None else _(OTHER_WORDS)


def family_label(family: str | None) -> str:
    return display_label(plain_display(family, families()))


def group_label(group: FamilyGroup) -> str:
    return display_label(group.display)


def tone_class(group: FamilyGroup) -> str:
    tone = group.display.tone if group.display is not None else ""
    return TONE_CLASSES.get(tone, "tone-other")


def place_text(place: Place) -> str:
    one, many = PLACE_WORDS.get(place.kind, ELSEWHERE)
    return _(one) if place.count == 1 else _(many) % {"num": place.count}


def name_separator() -> str:
    """Between listed words: Japanese lists with 、, English with a comma."""
    return "、" if current_locale() == "ja" else ", "


def places_text(places: Iterable[Place]) -> str:
    """ "the profile text, 2 posts" (English) or "プロフィール文、投稿2件" (Japanese)."""
    return name_separator().join(place_text(place) for place in places)


def reason_groups(
    subjects: Iterable[tuple[str, Iterable[Reason | Mapping[str, Any]]]],
) -> list[FamilyGroup]:
    """The reasons of judged subjects (see storage.findings.group_reasons), grouped with the
    shipped families' labels."""
    return group_reasons(subjects, families())


class Chip(NamedTuple):
    """A family as a queue row shows it, named once in Python: a page has fifty rows, and
    calling the label and class helpers from the template for each chip doubled its
    rendering time."""

    label: str
    tone_class: str
    count: int


def top_chips(
    reasons: Iterable[Reason | Mapping[str, Any]], limit: int = QUEUE_CHIPS
) -> list[Chip]:
    """The evidence a queue row names: the first labelled families of a flag's reasons, with
    how many different words each has; never counter-evidence or unlabelled words."""
    top = [
        (display, count)
        for display, count in family_counts(reasons, families())
        if display is not None and not display.against
    ][:limit]
    return [
        Chip(display_label(display), TONE_CLASSES.get(display.tone, "tone-other"), count)
        for display, count in top
    ]

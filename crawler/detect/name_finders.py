"""Every way the detector finds a watched person in one text, over one watchlist.

The watchlist's own spellings are looked up in the text and in each of its alternate views
(normalize.py), then in the views only names are read from (name_views.py: 7瀬, Cyrillic as
romaji, 하리니), and by the finders that read the whole text their own way (backwards, by
sound, in Thai, Hangul or Arabic script). In a text about what is watched (one with a signal
word), weaker forms count too: a given name or nickname alone, initials with a role, a family
name with an initial, a name one letter off. A name found later counts only where no earlier
one was found.

Everything here depends on the watchlist and nothing on the signal files, so a detector over
other people (``Detector.with_watchlist``) builds only this part again.
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.detect import name_views
from crawler.detect.cyrillic_names import has_cyrillic
from crawler.detect.family_initials import FamilyInitialIndex
from crawler.detect.initials import InitialsIndex
from crawler.detect.name_matcher import NameHit, WatchlistMatcher
from crawler.detect.name_views import WholeTextNames, name_only_views
from crawler.detect.normalize import NormalizedText, Normalizer, squeezed_view
from crawler.detect.signals import SignalHit
from crawler.detect.watchlist import WatchlistEntry

# Families whose words a name's ending may not be the head of (lookalike endings such as
# っぽい are real-person words and belong to the name hit).
_WORDS_NOT_ENDINGS = frozenset({"sexual", "synthetic", "commerce", "minor"})


def names_not_inside_words(names: list[NameHit], signals: list[SignalHit]) -> list[NameHit]:
    """Drop a short name found with an ending (のえ + っち) when a signal word starts inside it
    and runs to its end or beyond: "のえっち" is の + えっち, not the nickname of ノエミ."""
    kept = []
    for hit in names:
        short = hit.end - hit.start <= 4
        if short and any(
            hit.start < s.start < hit.end <= s.end and s.spec.counts_as in _WORDS_NOT_ENDINGS
            for s in signals
        ):
            continue
        kept.append(hit)
    return kept


class NameFinders:
    def __init__(self, entries: Sequence[WatchlistEntry], normalizer: Normalizer) -> None:
        self.matcher = WatchlistMatcher(entries, normalizer)
        self.entries = self.matcher.entries
        self._initials = InitialsIndex(self.entries.values())
        self._family_initials = FamilyInitialIndex(self.entries.values(), normalizer)
        self._whole_text = WholeTextNames(self.matcher, normalizer)

    def find(
        self, text: str, norm: NormalizedText, views: list[NormalizedText], about_watched: bool
    ) -> list[NameHit]:
        """The names in ``text`` (``norm`` and ``views`` are its key and alternate views);
        ``about_watched``: the text has a signal word, so weaker name forms count too."""
        matcher = self.matcher
        hits = matcher.find(norm)
        for view in views:
            add_new_names(matcher.find(view, wildcards=False), hits)
        names_only = name_only_views(norm)  # 7瀬, Cyrillic read as romaji
        for view in names_only:
            add_new_names(matcher.find(view, wildcards=False), hits)
        # Backwards, in Thai and in Hangul.
        add_new_names(self._whole_text.find(text, norm), hits)
        if about_watched:
            squeezed = squeezed_view(norm)  # Nadyaaa
            for view in (norm, *views, *names_only, *([squeezed] if squeezed else [])):
                found = name_views.capitalised_in_cyrillic(matcher.find_bare(view), text)
                add_new_names(found, hits)
            add_new_names(self._initials.find(norm), hits)
            add_new_names(self._whole_text.find_bare(text, norm), hits)
            add_new_names(self._family_initials.find(norm), hits)
            add_new_names(matcher.find_loose(norm), hits)
        if hits and has_cyrillic(text):
            hits = name_views.outside_cyrillic_words(hits, text)
        return hits


def add_new_names(found: list[NameHit], name_hits: list[NameHit]) -> None:
    """Names another view (or finder) of the text finds where no name was found yet."""
    name_hits += [
        h for h in found if not any(h.start < o.end and o.start < h.end for o in name_hits)
    ]

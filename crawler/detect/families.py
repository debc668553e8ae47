"""The family registry: every signal family, declared in the signal YAML and loaded with it.

A family file (crawler/detect/signals/*.yaml, see the README there) declares its family's
polarity (``kind: signal | negative``), what a positive family counts as in the score
(``counts_as``: one of score.SCORE_FAMILIES, by default the family's own name), how a
reviewer sees it (``label`` in English and ``label_ja`` in Japanese, ``shown_first``,
``aliases`` for names older reasons carry) and its terms and patterns. So a new positive family is a new file, not code: its words count
for the score family it names, its reasons carry its own name, and the review app labels
them from this registry.

The detector also reports three families of its own, declared here because code writes them:
``person`` (a watchlist name), ``learned`` (the learned layer's phrases) and ``decision``.

What review and export need leaves here as a ``storage.findings.FamilyTable``
(display_table): storage cannot import the detector (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jaconv
import yaml

from crawler.detect.birth_years import expand_birth_years
from crawler.detect.normalize import fold_latin_letter
from crawler.detect.score import SCORE_FAMILIES
from storage.findings import FamilyDisplay

SHIPPED_SIGNALS_DIR = Path(__file__).with_name("signals")
PERSON_FAMILY = "person"
# Families the detector's code reports, with how a reviewer sees them.
_NAMED_PERSON = FamilyDisplay("Named person", True, "名前が挙がった人物", PERSON_FAMILY)
BUILTIN_DISPLAY = {
    PERSON_FAMILY: _NAMED_PERSON,
    "name": _NAMED_PERSON,  # reasons of earlier versions
    "watchlist": _NAMED_PERSON,
    "learned": FamilyDisplay(
        "Phrases the learned model weighs", label_ja="学習モデルが重視した語句", tone="learned"
    ),
    "decision": FamilyDisplay("How the detector decided", label_ja="判定の仕組み"),
}
AGAINST = "against"


class SignalConfigError(ValueError):
    """A signal file is malformed; the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class TermSpec:
    family: str
    label: str
    weight: float
    implies: tuple[tuple[str, float], ...] = ()
    prefix: bool = False
    unsuppressible: bool = False
    contiguous: bool = False
    # The score family this term's weight counts for (None for negative contexts).
    counts_as: str | None = None


@dataclass(slots=True)
class FamilySpec:
    name: str
    kind: str = "signal"
    counts_as: str | None = None
    label: str = ""
    label_ja: str = ""
    shown_first: bool = False
    aliases: tuple[str, ...] = ()
    dampen: float = 0.0
    suppresses: tuple[str, ...] = ()
    void_if: dict[str, float] = field(default_factory=dict)
    cancels: tuple[str, ...] = ()
    terms: list[tuple[str, TermSpec]] = field(default_factory=list)
    patterns: list[tuple[re.Pattern[str], TermSpec]] = field(default_factory=list)


def _prepare_regex(source: str) -> str:
    # Regex authors write katakana, full-width and accented letters as they read; the key
    # has hiragana, half-width, no long-vowel marks or spaces, and Latin letters without
    # their marks (lớp 9 is lop9 there).
    folded = "".join(map(fold_latin_letter, unicodedata.normalize("NFKC", source)))
    prepared = jaconv.kata2hira(folded).replace("ー", "").replace(" ?", "").replace(" ", "")
    return expand_birth_years(prepared)


_TERM_KEYS = frozenset({"term", "weight", "label", "implies", "unsuppressible", "contiguous"})


def _term_spec(
    family: FamilySpec, raw: object, default_weight: float, where: str
) -> tuple[str, TermSpec]:
    if isinstance(raw, str):
        raw = {"term": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("term"), str) or not raw["term"]:
        raise SignalConfigError(f"{where}: a term must be a string or {{term: ..., weight: ...}}")
    unknown = sorted(str(k) for k in raw if k not in _TERM_KEYS)
    if unknown:
        # YAML reads {term: report, block} as two keys: a comma inside a term needs quotes.
        raise SignalConfigError(
            f"{where}: unknown key {', '.join(unknown)} (a term with a comma or colon in it "
            f'needs quotes: {{term: "report, block"}})'
        )
    term: str = raw["term"]
    prefix = term.endswith("*") and len(term) > 1
    if prefix:
        term = term[:-1]
    implies = raw.get("implies") or {}
    if not isinstance(implies, dict):
        raise SignalConfigError(f"{where}: implies must map family -> weight")
    for implied in implies:
        if implied not in SCORE_FAMILIES:
            raise SignalConfigError(f"{where}: implies unknown family {implied!r}")
    spec = TermSpec(
        family=family.name,
        label=str(raw.get("label") or raw["term"]),
        weight=float(raw.get("weight", default_weight)),
        implies=tuple((k, float(v)) for k, v in implies.items()),
        prefix=prefix,
        unsuppressible=bool(raw.get("unsuppressible", False)),
        contiguous=bool(raw.get("contiguous", False)),
        counts_as=family.counts_as,
    )
    return term, spec


def _declared_family(
    families: dict[str, FamilySpec], data: dict[str, Any], path: Path
) -> FamilySpec:
    """The family a file adds to, with what this file declares about it."""
    name = data.get("family")
    kind = data.get("kind", "signal")
    if kind not in ("signal", "negative"):
        raise SignalConfigError(f"{path}: kind must be signal or negative")
    known = families.get(name) if isinstance(name, str) else None
    counts_as = None
    if kind == "signal":  # several files may feed one family: the first that says wins
        counts_as = data.get("counts_as") or (known.counts_as if known else name)
    if not isinstance(name, str) or (kind == "signal" and counts_as not in SCORE_FAMILIES):
        raise SignalConfigError(
            f"{path}: family must be one of {', '.join(SCORE_FAMILIES)} "
            "(or declare counts_as: one of them, or kind: negative)"
        )
    family = families.setdefault(name, FamilySpec(name=name, kind=kind, counts_as=counts_as))
    if family.kind != kind:
        raise SignalConfigError(f"{path}: family {name} declared both signal and negative")
    if family.counts_as != counts_as:
        raise SignalConfigError(
            f"{path}: family {name} counts as both {family.counts_as} and {counts_as}"
        )
    for key in ("label", "label_ja"):  # declared once per family, in any of its files
        label = data.get(key)
        if label is not None:
            if getattr(family, key) and getattr(family, key) != str(label):
                raise SignalConfigError(f"{path}: family {name} has two values for {key}")
            setattr(family, key, str(label))
    family.shown_first = family.shown_first or bool(data.get("shown_first", False))
    aliases = tuple(str(a) for a in data.get("aliases") or ())
    family.aliases = tuple(dict.fromkeys(family.aliases + aliases))
    return family


def _negative_settings(family: FamilySpec, data: dict[str, Any], path: Path) -> None:
    family.dampen = max(family.dampen, float(data.get("dampen", 0.0)))
    suppressed = tuple(data.get("suppresses") or ())
    family.suppresses = tuple(dict.fromkeys(family.suppresses + suppressed))
    void_if = data.get("void_if") or {}
    if not isinstance(void_if, dict) or any(k not in SCORE_FAMILIES for k in void_if):
        raise SignalConfigError(f"{path}: void_if must map signal families to 0..1")
    family.void_if.update({k: float(v) for k, v in void_if.items()})
    cancels = tuple(data.get("cancels") or ())
    if any(c not in SCORE_FAMILIES for c in cancels):
        raise SignalConfigError(f"{path}: cancels must list signal families")
    family.cancels = tuple(dict.fromkeys(family.cancels + cancels))


def _add_terms(family: FamilySpec, data: dict[str, Any], path: Path) -> None:
    default_weight = float(data.get("default_weight", 1.0))
    for i, raw in enumerate(data.get("terms") or ()):
        family.terms.append(_term_spec(family, raw, default_weight, f"{path} term #{i + 1}"))
    for i, raw in enumerate(data.get("patterns") or ()):
        where = f"{path} pattern #{i + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("regex"), str):
            raise SignalConfigError(f"{where}: a pattern needs regex: and label:")
        try:
            compiled = re.compile(_prepare_regex(raw["regex"]), re.IGNORECASE)
        except re.error as exc:
            raise SignalConfigError(f"{where}: bad regex: {exc}") from exc
        _, spec = _term_spec(
            family,
            {k: v for k, v in raw.items() if k != "regex"}
            | {"term": raw.get("label") or raw["regex"]},
            default_weight,
            where,
        )
        family.patterns.append((compiled, spec))


# libyaml's loader when PyYAML was built with it: the pure-Python one made parsing these
# files most of a detector's build time.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=256)
def _parsed(content: bytes) -> Any:
    """One signal file's YAML, parsed once per process for the same bytes (tests and the
    CLI build many detectors; the loaders below only read what this returns)."""
    return yaml.load(content.decode("utf-8"), Loader=_Loader) or {}  # both loaders are safe


def load_signal_families(directory: Path | None = None) -> dict[str, FamilySpec]:
    """Every family declared in ``directory`` (default: the shipped signal files)."""
    directory = Path(directory) if directory is not None else SHIPPED_SIGNALS_DIR
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise SignalConfigError(f"{directory}: no signal YAML files found")
    families: dict[str, FamilySpec] = {}
    for path in files:
        try:
            data = _parsed(path.read_bytes())
        except yaml.YAMLError as exc:
            raise SignalConfigError(f"{path}: not valid YAML: {exc}") from exc
        family = _declared_family(families, data, path)
        if family.kind == "negative":
            _negative_settings(family, data, path)
        else:
            # A signal phrase that holds a negative word ("売ってる人いたら教えて" holds the
            # warning word 売ってる人) cancels that word inside its own span.
            cancels = tuple(str(c) for c in data.get("cancels") or ())
            family.cancels = tuple(dict.fromkeys(family.cancels + cancels))
        _add_terms(family, data, path)
    for family in families.values():
        if family.kind != "negative" and any(
            c not in families or families[c].kind != "negative" for c in family.cancels
        ):
            raise SignalConfigError(f"family {family.name}: cancels must list negative families")
    return families


def display_table(families: dict[str, FamilySpec]) -> dict[str, FamilyDisplay]:
    """Family name (and alias) -> how a reviewer sees it, for storage.findings' renderers."""
    table = dict(BUILTIN_DISPLAY)
    for family in families.values():
        against = family.kind == "negative"
        shown = FamilyDisplay(
            label=family.label or family.name,
            shown_first=family.shown_first,
            label_ja=family.label_ja,
            tone=AGAINST if against else (family.counts_as or family.name),
            against=against,
        )
        for name in (family.name, *family.aliases):
            table[name.lower()] = shown
    return table


@functools.cache
def shipped_display_table() -> dict[str, FamilyDisplay]:
    """The display table of the shipped signal files (loaded once per process)."""
    return display_table(load_signal_families(SHIPPED_SIGNALS_DIR))

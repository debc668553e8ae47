"""The detector: one object built per crawl, safe to call from threads."""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.detect.account import judge_account
from crawler.detect.bracket_ages import age_spec, bracket_age_hits
from crawler.detect.explain import LEARNED_MINOR, learned_reasons, overrule_reasons
from crawler.detect.families import PERSON_FAMILY, display_table
from crawler.detect.features import ModelInput, masked_key, rule_features
from crawler.detect.learned import LearnedModel, LearnedVerdict, load_model
from crawler.detect.name_finders import NameFinders, names_not_inside_words
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, Normalizer
from crawler.detect.refused_names import refused_claims_weakened, refused_name_spans
from crawler.detect.replies import reply_spans
from crawler.detect.results import AccountResult, TextResult
from crawler.detect.rule_evidence import (
    MINOR_FLOOR_REASON,
    FamilyWeights,
    minor_edit_for_sale,
    minor_floor,
)
from crawler.detect.score import (
    HEAVY_NEGATION,
    MINOR_FLOOR_SCORE,
    Evidence,
    decide,
    minor_risk_of,
    noisy_or,
)
from crawler.detect.signals import (
    SHIPPED_SIGNALS_DIR,
    SignalHit,
    SignalMatcher,
    load_signal_families,
    symbols_in_terms,
)
from crawler.detect.watchlist import WatchlistEntry, watchlist_digest
from storage.findings import AccountText, FamilyDisplay, Reason

log = logging.getLogger(__name__)

# Bump when matching or scoring rules change, so stored detections say which rules made them.
DETECTOR_VERSION = "2.0.0"
# Pass as ``model=`` to use the model shipped with mimamori (crawler/detect/model/).
SHIPPED_MODEL = "shipped"
# Reason(...) runs a Python-level __new__; tuple.__new__ builds the same tuple in C (a
# text has a reason per hit, so this is per-hit work).
_new_tuple = tuple.__new__
# Negative contexts that never lift the minor floor: a seller's "self-shot" or "all ages"
# claim next to a minor and a sexual word is not news or a warning.
FLOOR_IGNORED_NEGATIVES = frozenset({"official", "sfw"})
MAX_REASONS = 200
# Below this learned probability a word-rule flag is overruled (never the minor floor). On
# 2,240 lines by seven writers the model had never read, it took back 10 of 24 false flags
# of the word rules and none of their 604 right ones (docs/benchmarks.md).
LEARNED_VETO_BELOW = 0.05
# A negative context cancels whole families only when it is unambiguous
# ("架空の人物", "no real people"), not on a weak word such as "イラスト".
SUPPRESS_MIN_STRENGTH = 0.8


@dataclass(frozen=True, slots=True)
class RulesOutcome:
    """The rules' verdict on a text as ``classify_text`` gives it with no learned layer."""

    model_input: ModelInput
    flagged: bool
    minor_risk: bool


@dataclass(slots=True)
class _RulePass:
    """Everything the word rules found in one text."""

    norm: NormalizedText
    name_hits: list[NameHit]
    signal_hits: list[SignalHit]
    negative_strength: dict[str, float]
    suppressed: set[str]
    evidence: Evidence
    reasons: list[Reason]
    minor_floor: bool


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class Detector:
    """Watchlist + signal automata, built once; ``classify_*`` never raise on str input."""

    def __init__(
        self,
        entries: Sequence[WatchlistEntry],
        signals_dir: str | Path | None = None,
        model: LearnedModel | str | Path | None = SHIPPED_MODEL,
    ) -> None:
        """``model``: the learned layer (a LearnedModel, a model file, SHIPPED_MODEL), or None
        for the word rules alone."""
        directory = Path(signals_dir) if signals_dir is not None else SHIPPED_SIGNALS_DIR
        if model == SHIPPED_MODEL:
            model = load_model(None)
        elif isinstance(model, str | Path):
            model = load_model(model)
        self.model: LearnedModel | None = model
        self.families = load_signal_families(directory)
        self._negative_families = frozenset(
            n for n, f in self.families.items() if f.kind == "negative"
        )
        # Refusals ("⊙っぽくして、みたいな依頼はお断り"): names inside them target nobody.
        self._refusing_families = frozenset(
            n
            for n, f in self.families.items()
            if f.kind == "negative" and "real_person" in f.cancels
        )
        self.normalizer = Normalizer(keep_symbols=symbols_in_terms(self.families.values()))
        self.signals = SignalMatcher(self.families, self.normalizer)
        minor = self.families.get("minor")
        self._bracket_age = age_spec((minor.counts_as if minor else None) or "minor")
        self.signals_digest = _digest_dir(directory)
        self._use_model(model)
        self._watch(entries)

    def with_watchlist(self, entries: Sequence[WatchlistEntry]) -> Detector:
        """This detector over other people: the signal side is shared, not built again.
        Building it is most of a detector's build, and training and evaluation make one
        detector per labelled split."""
        other = copy.copy(self)
        other._watch(entries)
        return other

    def with_model(self, model: LearnedModel | None) -> Detector:
        """This detector with another learned layer (None: the word rules alone)."""
        other = copy.copy(self)
        other._use_model(model)
        other._stamp()
        return other

    def _use_model(self, model: LearnedModel | None) -> None:
        self.model = model
        # The learned layer may overrule the word rules only if it was trained with these very
        # signal files: a word a patrol group adds always flags until they retrain.
        self._learned_may_overrule = model is not None and (
            model.meta.get("signals_digest") == self.signals_digest
        )

    def _watch(self, entries: Sequence[WatchlistEntry]) -> None:
        self._names = NameFinders(entries, self.normalizer)
        self.watchlist = self._names.matcher
        self.entries = self._names.entries
        self._stamp()

    def _stamp(self) -> None:
        model_digest = self.model.digest if self.model is not None else "rules-only"
        # Stored detections carry this: new signal files, a new model or a changed watchlist
        # (a person added, an alias taught from review) re-judge accounts.
        seed = f"{self.signals_digest}:{model_digest}:{watchlist_digest(self.entries.values())}"
        self.digest = hashlib.sha256(seed.encode()).hexdigest()[:16]

    # -- one text ------------------------------------------------------------
    def classify_text(self, text: str) -> TextResult:
        try:
            return self._classify(text if isinstance(text, str) else str(text or ""))
        except Exception as exc:  # the crawl must go on; the failure is logged and reported
            log.exception("detector failed on a text of %d chars", len(text or ""))
            return TextResult(False, 0.0, [], False, [], error=f"detector error: {exc!r}")

    def _classify(self, text: str) -> TextResult:
        rules = self._rule_pass(text)
        evidence, reasons = rules.evidence, rules.reasons
        verdict = decide(evidence)
        flagged, score = verdict.flagged, verdict.score
        learned = None
        if self.model is None:
            model_input = ModelInput("", (), {})
        else:
            model_input = self._model_input(rules, verdict.score)
            learned = self.model.judge(model_input)
            # The learned layer adds what the word rules miss.
            if learned.flagged and not flagged:
                reasons += learned_reasons(self.model, rules.norm, model_input, learned)
            if flagged and learned.score < LEARNED_VETO_BELOW and self._learned_may_overrule:
                # Word rules flagged a text the learned layer, trained with these same rules,
                # is all but sure is no advert (fiction with a paid plan, a fan club's
                # warning); the reasons say which phrases weighed against it.
                reasons += overrule_reasons(
                    self.model, rules.norm, model_input, learned, LEARNED_VETO_BELOW
                )
                flagged, score = False, round(learned.score, 4)
            else:
                flagged = flagged or learned.flagged
                score = max(score, round(learned.score, 4))
        if rules.minor_floor:
            flagged, score = True, max(score, MINOR_FLOOR_SCORE)
            reasons.append(Reason("decision", MINOR_FLOOR_REASON, "", 0, 0))
        minor_risk = minor_risk_of(evidence, flagged)
        if flagged and not minor_risk and learned is not None and self.model is not None:
            minor_risk = _learned_minor(self.model, rules.norm, model_input, learned, reasons)
        reasons.sort(key=lambda r: (r.start, r.end, r.family))
        return TextResult(
            flagged,
            score,
            _unique([h.person_id for h in rules.name_hits]),  # people
            minor_risk,
            reasons[:MAX_REASONS],
            evidence,
        )

    def model_input(self, text: str) -> ModelInput:
        """What the learned layer sees of ``text``."""
        rules = self._rule_pass(text)
        return self._model_input(rules, decide(rules.evidence).score)

    def rules_outcome(self, text: str) -> RulesOutcome:
        """What the word rules and the minor floor alone decide about ``text``, with what the
        learned layer sees of it, from one pass: training reads all three for every labelled
        row, and two passes were half of a training's time."""
        rules = self._rule_pass(text)
        verdict = decide(rules.evidence)
        flagged = verdict.flagged or rules.minor_floor
        return RulesOutcome(
            self._model_input(rules, verdict.score),
            flagged,
            minor_risk_of(rules.evidence, flagged),
        )

    def _find(self, text: str) -> tuple[NormalizedText, list[NameHit], list[SignalHit]]:
        norm = self.normalizer.normalize(text)
        signal_hits = self.signals.find(norm)
        views = self.normalizer.alternates(norm)
        for view in views:
            seen = {(h.spec, h.start, h.end) for h in signal_hits}
            signal_hits += [
                h for h in self.signals.find(view) if (h.spec, h.start, h.end) not in seen
            ]
        # In a text about what is watched, weaker name forms count too.
        name_hits = self._names.find(text, norm, views, about_watched=bool(signal_hits))
        if name_hits and signal_hits:
            name_hits = names_not_inside_words(name_hits, signal_hits)
        if name_hits:
            signal_hits += bracket_age_hits(norm, name_hits, self._bracket_age)
        return norm, name_hits, self._cancel_overlapping(signal_hits)

    def _negations(
        self, signal_hits: list[SignalHit], hard_real: bool
    ) -> tuple[dict[str, float], set[str], dict[str, float]]:
        """Per negative family its strength; which families it suppresses; its damping."""
        negative_strength: dict[str, float] = {}
        negative = self._negative_families
        for hit in signal_hits:
            name = hit.spec.family
            if name in negative:
                negative_strength[name] = max(negative_strength.get(name, 0.0), hit.spec.weight)
        if not negative_strength:
            return negative_strength, set(), {}
        raw_strength: dict[str, float] | None = None
        suppressed: set[str] = set()
        damping: dict[str, float] = {}
        for name, strength in negative_strength.items():
            family = self.families[name]
            # Suppression ("no real people") never cancels a name or a lookalike claim.
            if family.suppresses and "real_person" in family.suppresses and hard_real:
                continue
            if family.void_if:
                if raw_strength is None:
                    unsuppressed = FamilyWeights()
                    for hit in signal_hits:
                        if hit.spec.counts_as is not None:
                            unsuppressed.add(hit.spec)
                    raw_strength = unsuppressed.strengths()
                if all(raw_strength.get(f, 0.0) >= lvl for f, lvl in family.void_if.items()):
                    continue  # "official" next to AI + R18 words is not official content
            if strength >= SUPPRESS_MIN_STRENGTH:
                suppressed.update(family.suppresses)
            damping[name] = family.dampen * strength
        return negative_strength, suppressed, damping

    def _rule_pass(self, text: str) -> _RulePass:
        norm, name_hits, signal_hits = self._find(text)
        original = norm.original
        # A name inside a refusal ("「⊙っぽくして」みたいな依頼はお断り") is reported, but is
        # no evidence that the text targets her.
        refusing = self._refusing_families
        refused = [(h.start, h.end) for h in signal_hits if h.spec.family in refusing]
        refused += refused_name_spans(original, signal_hits, name_hits)  # "not even Tessa Lin"
        signal_hits = refused_claims_weakened(original, signal_hits)  # "no lookalikes"
        targeted = (
            [h for h in name_hits if not any(s <= h.start and h.end <= e for s, e in refused)]
            if refused
            else name_hits
        )
        hard_real = bool(targeted) or any(
            h.spec.unsuppressible and h.spec.counts_as == "real_person" for h in signal_hits
        )
        negative_strength, suppressed, damping = self._negations(signal_hits, hard_real)
        weights = FamilyWeights()
        reasons: list[Reason] = []
        for hit in signal_hits:
            spec = hit.spec
            start, end = hit.start, hit.end
            reasons.append(
                _new_tuple(
                    Reason, (spec.family, spec.label, original[start:end], start, end, None, None)
                )
            )
            if spec.counts_as is not None and (
                spec.counts_as not in suppressed or spec.unsuppressible
            ):
                weights.add(spec)
        if targeted:
            weights.add_weight("real_person", PERSON_FAMILY, 1.0)
        reasons += [
            _new_tuple(
                Reason,
                (
                    PERSON_FAMILY,
                    h.pattern,
                    original[h.start : h.end],
                    h.start,
                    h.end,
                    h.person_id,
                    None,
                ),
            )
            for h in name_hits
        ]
        # Positional (strengths, negation), as below: keyword calls cost ~1 us more.
        evidence = Evidence(weights.strengths(), min(noisy_or(damping.values()), 0.95))
        # The minor floor gives way only to reporting and prevention contexts (news, warnings,
        # rules, removal services, fiction disclaimers); "本人撮影" does not excuse a minor.
        floor_negation = noisy_or(v for k, v in damping.items() if k not in FLOOR_IGNORED_NEGATIVES)
        # A portrait or retouching shop asking for a child's photo is not a photo request
        # of the floor's kind; a sexual or undressing word keeps it whatever the shop says.
        photo_requests = "sfw" not in damping
        floor = (
            floor_negation < HEAVY_NEGATION
            and minor_floor(signal_hits, suppressed, photo_requests=photo_requests)
        ) or minor_edit_for_sale(evidence)
        if not floor and floor_negation >= HEAVY_NEGATION:
            floor = self._reply_floor(original, signal_hits, hard_real)
        return _RulePass(
            norm, name_hits, signal_hits, negative_strength, suppressed, evidence, reasons, floor
        )

    def _reply_floor(self, text: str, signal_hits: list[SignalHit], hard_real: bool) -> bool:
        """In a thread pasted whole, the minor floor of each reply on its own: another
        reply's warning words do not lift it (replies.py)."""
        for start, end in reply_spans(text):
            hits = [h for h in signal_hits if start <= h.start < end]
            _, suppressed, damping = self._negations(hits, hard_real)
            negation = noisy_or(v for k, v in damping.items() if k not in FLOOR_IGNORED_NEGATIVES)
            if negation < HEAVY_NEGATION and minor_floor(hits, suppressed):
                return True
        return False

    def _model_input(self, rules: _RulePass, rule_score: float) -> ModelInput:
        key, index = masked_key(rules.norm, [(h.start, h.end) for h in rules.name_hits])
        features = rule_features(
            rules.evidence.strengths,
            rules.negative_strength,
            has_name=bool(rules.name_hits),
            rule_score=rule_score,
            negation=rules.evidence.negation,
        )
        return ModelInput(key, tuple(index), features)

    def _cancel_overlapping(self, hits: list[SignalHit]) -> list[SignalHit]:
        """Drop signal hits inside a context that negates them in place
        (未成年閲覧禁止 is an age gate, not a minor). A phrase that cancels the canceller
        is the more specific reading and stays ("no celebs, only people you know")."""
        families = self.families
        cancelling = [
            (h.start, h.end, families[h.spec.family].cancels, h.spec.family)
            for h in hits
            if families[h.spec.family].cancels
        ]
        if not cancelling:
            return hits
        return [
            h
            for h in hits
            if not any(
                (h.spec.counts_as in cancels or h.spec.family in cancels)
                and h.start < end
                and start < h.end
                and canceller not in families[h.spec.family].cancels
                for start, end, cancels, canceller in cancelling
            )
        ]

    # -- one account ---------------------------------------------------------
    def classify_account(
        self,
        account: AccountText | None = None,
        *,
        display_name: str = "",
        bio: str = "",
        plans: Sequence[str] = (),
        posts: Sequence[str] = (),
    ) -> AccountResult:
        """Judge name, bio, plans and posts together (account.py). Pass an AccountText
        (storage.findings builds it), or the parts as keywords."""
        if account is None:
            account = AccountText(
                display_name or "",
                bio or "",
                tuple(p or "" for p in plans or ()),
                tuple(p or "" for p in posts or ()),
            )
        return judge_account(account, self.classify_text)

    def family_table(self) -> dict[str, FamilyDisplay]:
        """How the review app shows this detector's families (storage.findings renders)."""
        return display_table(self.families)


def _digest_dir(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.y*ml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _learned_minor(
    model: LearnedModel,
    norm: NormalizedText,
    model_input: ModelInput,
    learned: LearnedVerdict,
    reasons: list[Reason],
) -> bool:
    """The learned minor check on a flagged text the minor words did not mark: it only adds
    minor risk (analysts only, no image kept), with the phrases that carried it."""
    verdict = model.judge_minor(model_input, learned)
    if verdict is None or not verdict.flagged or model.minor is None:
        return False
    reasons += learned_reasons(model.minor, norm, model_input, verdict, LEARNED_MINOR)
    return True

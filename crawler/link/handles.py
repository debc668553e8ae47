"""Close handles: the same name after a takedown, with a digit, underscore or emoji changed.

A handle is compared in a normalised form: the detector's normalisation (width folded,
case folded, kana folded, decorations dropped), then only letters kept, so `Mirai_AI_2`,
`ｍｉｒａｉ．ａｉ` and `mirai✨ai` are all `miraiai`. Two handles are close when rapidfuzz's
ratio of the normalised forms reaches the threshold.

Comparing every handle with every other is 5 * 10^9 pairs at 100,000 accounts, so pairs
are first blocked: every normalised handle is filed under itself and under each form with
one character deleted. Two forms within one edit (an insertion, deletion or substitution)
or one swap of neighbours share such a key, so every such pair is a candidate; only
candidates are scored. A form shared by too many accounts (a generic `aiart`) says nothing
about who runs them and is skipped, as are forms listed as generic in similar.yaml.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from crawler.link.text_near import normal_key


def normal_handle(handle: str | None) -> str:
    """Letters only, after the detector's normalisation; '' when nothing is left."""
    if not handle:
        return ""
    return "".join(ch for ch in normal_key(handle) if ch.isalpha())


def _block_keys(form: str) -> set[str]:
    return {form} | {form[:i] + form[i + 1 :] for i in range(len(form))}


@dataclass(frozen=True)
class CloseHandle:
    account_id: int
    form: str
    score: float


class HandleIndex:
    """Normalised handles of many accounts; `close(account_id)` gives the close ones."""

    def __init__(
        self,
        handles: Mapping[int, str | None] | Iterable[tuple[int, str | None]],
        *,
        min_ratio: float = 88.0,
        min_length: int = 5,
        max_accounts: int = 20,
        generic: Iterable[str] = (),
    ) -> None:
        self.min_ratio = min_ratio
        pairs = handles.items() if isinstance(handles, Mapping) else handles
        skip = {normal_handle(g) for g in generic}
        accounts_of: dict[str, list[int]] = defaultdict(list)
        self.form_of: dict[int, str] = {}
        for account_id, handle in pairs:
            form = normal_handle(handle)
            if len(form) >= min_length and form not in skip:
                accounts_of[form].append(account_id)
                self.form_of[account_id] = form
        self.common = {f for f, ids in accounts_of.items() if len(ids) > max_accounts}
        self._accounts_of = {f: ids for f, ids in accounts_of.items() if f not in self.common}
        self._forms_of_key: dict[str, list[str]] = defaultdict(list)
        for form in self._accounts_of:
            for key in _block_keys(form):
                self._forms_of_key[key].append(form)

    def candidates(self, form: str) -> set[str]:
        """Forms sharing a blocking key with `form` (itself included)."""
        found: set[str] = set()
        for key in _block_keys(form):
            found.update(self._forms_of_key.get(key, ()))
        return found

    def close(self, account_id: int) -> list[CloseHandle]:
        """Other accounts whose handle is close to this one's, closest first."""
        form = self.form_of.get(account_id)
        if form is None or form not in self._accounts_of:
            return []
        found = []
        for other_form in self.candidates(form):
            score = fuzz.ratio(form, other_form, score_cutoff=self.min_ratio)
            if not score:
                continue
            for other in self._accounts_of[other_form]:
                if other != account_id:
                    found.append(CloseHandle(other, other_form, round(score, 2)))
        found.sort(key=lambda c: (-c.score, c.account_id))
        return found

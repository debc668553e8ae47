"""The text finder: near-duplicate bios, plan descriptions and price lists between accounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.link.edge import Edge, EdgeSide
from crawler.link.similar_config import SimilarConfig
from crawler.link.similar_evidence import Captures
from crawler.link.text_near import NearTextIndex, digest, normal_key
from storage.models import Account, Plan


@dataclass(frozen=True)
class _Doc:
    account_id: int
    text: str


def account_texts(session: Session) -> dict[str, dict[tuple[str, int], _Doc]]:
    """Every account's comparable texts by sort: bio, plan (one per plan with a
    description), price_list (an account's plans and prices, when it has two or more)."""
    texts: dict[str, dict[tuple[str, int], _Doc]] = {"bio": {}, "plan": {}, "price_list": {}}
    for account_id, bio in session.execute(select(Account.id, Account.bio)):
        if bio:
            texts["bio"][("bio", account_id)] = _Doc(account_id, bio)
    price_lines: dict[int, list[str]] = defaultdict(list)
    plans = session.execute(
        select(Plan.id, Plan.account_id, Plan.name, Plan.description, Plan.price_text).order_by(
            Plan.account_id, Plan.name
        )
    )
    for plan_id, account_id, name, description, price_text in plans:
        if description:
            texts["plan"][("plan", plan_id)] = _Doc(account_id, f"{name}\n{description}")
        if price_text:
            price_lines[account_id].append(f"{name} {price_text}")
    for account_id, lines in price_lines.items():
        if len(lines) >= 2:
            texts["price_list"][("price_list", account_id)] = _Doc(account_id, "\n".join(lines))
    return texts


def _near_pairs(
    docs: dict[tuple[str, int], _Doc], touched: set[int], cfg: SimilarConfig
) -> dict[tuple[int, int], tuple[float, tuple[str, int], tuple[str, int]]]:
    """(account, account) -> (jaccard, doc, doc) for the closest texts of each pair,
    leaving out texts near-identical on more than the cap of other accounts."""
    index = NearTextIndex(
        threshold=cfg.text_threshold,
        num_perm=cfg.text_num_perm,
        ngram=cfg.text_ngram,
        min_chars=cfg.text_min_chars,
    )
    index.add_all((doc, d.text) for doc, d in docs.items())
    best: dict[tuple[int, int], tuple[float, tuple[str, int], tuple[str, int]]] = {}
    for doc, d in docs.items():
        if d.account_id not in touched or doc not in index:
            continue
        near = [n for n in index.near(doc) if docs[n.doc].account_id != d.account_id]
        if len({docs[n.doc].account_id for n in near}) > cfg.text_max_accounts:
            continue  # a template many shops use
        for n in near:
            other = docs[n.doc].account_id
            pair = (min(d.account_id, other), max(d.account_id, other))
            sides = (doc, n.doc) if d.account_id < other else (n.doc, doc)
            if pair not in best or n.jaccard > best[pair][0]:
                best[pair] = (n.jaccard, *sides)
    return best


def text_edges_with(cfg: SimilarConfig):
    def text_edges(session: Session, account_ids: Sequence[int]) -> Iterable[Edge]:
        """Weak edges between accounts with near-duplicate bios, plans or price lists."""
        touched = set(account_ids)
        found: list[tuple[str, tuple[int, int], tuple]] = []
        all_docs: dict[tuple[str, int], _Doc] = {}
        for value_kind, docs in account_texts(session).items():
            all_docs.update(docs)
            for pair, match in sorted(_near_pairs(docs, touched, cfg).items()):
                found.append((value_kind, pair, match))
        if not found:
            return []
        captures = Captures.load(session, {a for _, pair, _ in found for a in pair})
        edges = []
        for value_kind, (a, b), (jaccard, doc_a, doc_b) in found:
            text_a, text_b = all_docs[doc_a].text, all_docs[doc_b].text
            value = f"{value_kind}:{digest(normal_key(text_a))}~{digest(normal_key(text_b))}"
            edges.append(
                Edge.between(
                    a,
                    b,
                    kind="text",
                    value_kind=value_kind,
                    value=value,
                    similarity=jaccard,
                    first_side=_side(captures, a, text_a, cfg),
                    second_side=_side(captures, b, text_b, cfg),
                )
            )
        return edges

    return text_edges


def _side(captures: Captures, account_id: int, text: str, cfg: SimilarConfig) -> EdgeSide:
    # Bios, plans and price lists are on the account's own pages, not on a post.
    return EdgeSide(capture_ids=captures.of(account_id, None), shown=text[: cfg.text_shown_chars])

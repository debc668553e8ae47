"""Carrying "your decision was recorded" across the redirect after a decision.

The decision's id alone travels, in a short-lived cookie; no text does. The page that
follows reads the decision back from the database (only the decider's own, only a recent
one: crawler/review/consensus.py `load_notice`), writes the message itself, escaped, and
clears the cookie, so the message appears once. Someone who sets the cookie by hand can at
most see their own decision's message again.
"""

from __future__ import annotations

from fastapi import Request, Response

from crawler.review.consensus import NOTICE_SHOWN
from crawler.review.request_scheme import is_https

NOTICE_COOKIE = "mimamori_decided"


def carry(request: Request, response: Response, decision_id: int) -> None:
    response.set_cookie(
        NOTICE_COOKIE,
        str(decision_id),
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        max_age=int(NOTICE_SHOWN.total_seconds()),
    )


def carried_id(request: Request) -> int | None:
    text = request.cookies.get(NOTICE_COOKIE, "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def clear(request: Request, response: Response) -> None:
    if NOTICE_COOKIE in request.cookies:
        response.delete_cookie(NOTICE_COOKIE, secure=is_https(request), samesite="strict")

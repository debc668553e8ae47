"""One account's case graph (account, platform, plans, posts, detections, flags, decisions,
pictures, captures and evidence links) as read-only values, for review and export alike.

See docs/architecture.md, "Case loader".
"""

from storage.cases.captures import (
    count_linked_captures,
    evidence_links,
    iter_captures,
    recent_captures,
)
from storage.cases.loader import (
    EVERYTHING,
    CaseScope,
    account_has_minor_risk,
    load_case,
    load_decisions,
    load_revisions,
    newest_by_subject,
    person_ids,
    person_names,
    posts_page,
    reason_person_ids,
)
from storage.cases.reason_refs import expand_stored_reasons
from storage.cases.types import (
    MINOR_RISK,
    AccountCase,
    CaseAccount,
    CaseCapture,
    CaseDecision,
    CaseDetection,
    CaseFlag,
    CaseLink,
    CaseMedia,
    CasePlan,
    CasePlatform,
    CasePost,
    CaseRevision,
)

__all__ = [
    "EVERYTHING",
    "MINOR_RISK",
    "AccountCase",
    "CaseAccount",
    "CaseCapture",
    "CaseDecision",
    "CaseDetection",
    "CaseFlag",
    "CaseLink",
    "CaseMedia",
    "CasePlan",
    "CasePlatform",
    "CasePost",
    "CaseRevision",
    "CaseScope",
    "account_has_minor_risk",
    "count_linked_captures",
    "evidence_links",
    "expand_stored_reasons",
    "iter_captures",
    "load_case",
    "load_decisions",
    "load_revisions",
    "newest_by_subject",
    "person_ids",
    "person_names",
    "posts_page",
    "reason_person_ids",
    "recent_captures",
]

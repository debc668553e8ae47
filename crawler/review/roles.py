"""Who may do what. Roles are ordered: each one can do everything the one before it can."""

from __future__ import annotations

VOLUNTEER = "volunteer"
ANALYST = "analyst"
ADMIN = "admin"
ROLES = (VOLUNTEER, ANALYST, ADMIN)
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def at_least(role: str, required: str) -> bool:
    """True when `role` includes the rights of `required` (unknown roles get nothing)."""
    return role in _RANK and _RANK[role] >= _RANK[required]


def is_analyst(role: str) -> bool:
    return at_least(role, ANALYST)


def is_admin(role: str) -> bool:
    return at_least(role, ADMIN)

"""taught aliases: names an analyst taught from an item page, kept through imports

Revision ID: 0011_taught_aliases
Revises: 0010_seller_links

`watchlist_people.taught_aliases` lists the aliases added from the review app's item page
("Someone named here is not recognised?"). They are also in `aliases`; this column only says
where they came from, so that importing the group's own CSV again (which has never heard of
them) keeps them instead of dropping them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_taught_aliases"
down_revision: str | Sequence[str] | None = "0010_seller_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "watchlist_people",
        sa.Column("taught_aliases", sa.JSON(), nullable=False, server_default="[]"),
    )
    _backfill_from_audit_log()


def _backfill_from_audit_log() -> None:
    """Names taught before this column existed are in the audit log: mark those still listed."""
    bind = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("action", sa.String()),
        sa.column("target_id", sa.String()),
        sa.column("detail", sa.JSON()),
    )
    people = sa.table(
        "watchlist_people",
        sa.column("id", sa.String()),
        sa.column("aliases", sa.JSON()),
        sa.column("taught_aliases", sa.JSON()),
    )
    taught: dict[str, list[str]] = {}
    rows = bind.execute(
        sa.select(audit.c.action, audit.c.target_id, audit.c.detail)
        .where(audit.c.action.in_(("watchlist_name_from_review", "watchlist_name_undone")))
        .order_by(audit.c.id)
    )
    for action, person_id, detail in rows:
        name = str((detail or {}).get("name") or "")
        names = taught.setdefault(str(person_id), [])
        if action == "watchlist_name_undone":
            taught[str(person_id)] = [n for n in names if n != name]
        elif (detail or {}).get("added") and name and name not in names:
            names.append(name)
    for person_id, names in taught.items():
        aliases = bind.execute(
            sa.select(people.c.aliases).where(people.c.id == person_id)
        ).scalar_one_or_none()
        still = [n for n in names if n in (aliases or [])]
        if still:
            bind.execute(
                people.update().where(people.c.id == person_id).values(taught_aliases=still)
            )


def downgrade() -> None:
    with op.batch_alter_table("watchlist_people", schema=None) as batch_op:
        batch_op.drop_column("taught_aliases")

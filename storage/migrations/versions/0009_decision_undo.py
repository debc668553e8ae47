"""decision undo: a decision remembers the flag's status before and after it

Revision ID: 0009_decision_undo
Revises: 0008_language

A reviewer may undo their own decision for a few seconds (crawler/review/undo.py). Undo
puts the flag back exactly as it was, so each decision keeps the status it found
(`status_before`) and the one it left (`status_after`); undo is refused when the flag is
no longer in `status_after` (someone or something changed it since). Rows written before
this revision have neither and cannot be undone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_decision_undo"
down_revision: str | Sequence[str] | None = "0008_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("status_before", sa.String(length=20), nullable=True))
    op.add_column("decisions", sa.Column("status_after", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("status_after")
        batch_op.drop_column("status_before")

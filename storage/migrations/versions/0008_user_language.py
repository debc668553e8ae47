"""user language: the review app's language each person chose

Revision ID: 0008_language
Revises: 0007_browser

`users.language` is "ja" or "en", or empty for "as the browser asks" (Japanese when the
browser does not say). It is set from the language switch and applied at sign-in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_language"
down_revision: str | Sequence[str] | None = "0007_browser"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")

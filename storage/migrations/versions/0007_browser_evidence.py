"""browser evidence: the text encoding a capture was read with, and a post's fee flag

Revision ID: 0007_browser
Revises: 0006_anchors

`captures.text_encoding` says how the bytes of a page were decoded (declared, or detected
when the declaration was missing or wrong); it is part of capture chain version 3
(storage/chain.py). `posts.fee_text` keeps a platform's fee flag or amount as given.
Only columns are added, so the append-only triggers on captures stay in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_browser"
down_revision: str | Sequence[str] | None = "0006_anchors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("captures", sa.Column("text_encoding", sa.String(length=40), nullable=True))
    op.add_column("posts", sa.Column("fee_text", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("fee_text")
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_column("text_encoding")

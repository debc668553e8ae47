"""timestamps: RFC 3161 tokens over WARC files, chain heads and exports

Revision ID: 0004_timestamps
Revises: 0003_schedule
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_timestamps"
down_revision: str | Sequence[str] | None = "0003_schedule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "timestamp_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=512), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("authority_url", sa.String(length=1024), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=True),
        sa.Column("gen_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_file", sa.String(length=1024), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timestamp_tokens")),
    )
    op.create_index(op.f("ix_timestamp_tokens_subject_kind"), "timestamp_tokens", ["subject_kind"])
    op.create_index(op.f("ix_timestamp_tokens_digest"), "timestamp_tokens", ["digest"])


def downgrade() -> None:
    op.drop_index(op.f("ix_timestamp_tokens_digest"), table_name="timestamp_tokens")
    op.drop_index(op.f("ix_timestamp_tokens_subject_kind"), table_name="timestamp_tokens")
    op.drop_table("timestamp_tokens")

"""store chain: versioned capture row hashes, a chained audit log, signed checkpoints

Revision ID: 0005_chain
Revises: 0004_timestamps

Existing capture rows keep their hashes (chain_version NULL reads as version 1); existing
audit entries stay unchained (NULL hashes) and the chain starts at the next entry.
Only columns are added, so the append-only triggers on both tables stay in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_chain"
down_revision: str | Sequence[str] | None = "0004_timestamps"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("captures", sa.Column("chain_version", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "chain_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capture_count", sa.BigInteger(), nullable=False),
        sa.Column("capture_last_id", sa.BigInteger(), nullable=True),
        sa.Column("capture_head", sa.String(length=64), nullable=True),
        sa.Column("audit_count", sa.BigInteger(), nullable=False),
        sa.Column("audit_last_id", sa.BigInteger(), nullable=True),
        sa.Column("audit_head", sa.String(length=64), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=200), nullable=False),
        sa.Column("timestamp", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_chain_checkpoints_run_id_crawl_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_checkpoints")),
        sa.UniqueConstraint("seq", name=op.f("uq_chain_checkpoints_seq")),
    )


def downgrade() -> None:
    op.drop_table("chain_checkpoints")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_column("chain_version")

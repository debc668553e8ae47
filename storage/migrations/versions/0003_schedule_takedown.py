"""schedule: takedown tracking of confirmed and exported accounts

Revision ID: 0003_schedule
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_schedule"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "takedown_watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_live_run_id", sa.Integer(), nullable=True),
        sa.Column("last_live_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gone_run_id", sa.Integer(), nullable=True),
        sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_takedown_watch_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["last_live_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_takedown_watch_last_live_run_id_crawl_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["gone_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_takedown_watch_gone_run_id_crawl_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_watch")),
        sa.UniqueConstraint("account_id", name=op.f("uq_takedown_watch_account_id")),
    )


def downgrade() -> None:
    op.drop_table("takedown_watch")

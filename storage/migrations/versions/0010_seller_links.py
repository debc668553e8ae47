"""seller links: edges between accounts, the rule's same-seller verdicts, extracted ids

Revision ID: 0010_seller_links
Revises: 0009_decision_undo

`account_links` keeps each piece of evidence that two accounts are one seller (a declared
link, a shared payment or contact id, a re-used image, near-duplicate words, a close
handle) with the captures that show it on both sides; `seller_pairs` keeps the linking
rule's verdict over all edges of a pair; `account_identifiers` the ids extracted from each
account's text, indexed by value so a shared id is one lookup. `flags.related_account_id`
names the earlier, taken-down account a comeback is linked to.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_seller_links"
down_revision: str | Sequence[str] | None = "0009_decision_undo"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _run_ref(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("crawl_runs.id"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "account_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_a_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("account_b_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("value_kind", sa.String(length=40), nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        _run_ref("first_run_id"),
        _run_ref("last_run_id"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "account_a_id", "account_b_id", "kind", "value", name="uq_account_link"
        ),
    )
    op.create_index("ix_account_links_account_a_id", "account_links", ["account_a_id"])
    op.create_index("ix_account_links_account_b_id", "account_links", ["account_b_id"])
    op.create_table(
        "seller_pairs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_a_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("account_b_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("joined", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("rule_version", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("account_a_id", "account_b_id", name="uq_seller_pair"),
    )
    op.create_index("ix_seller_pairs_account_b_id", "seller_pairs", ["account_b_id"])
    op.create_index("ix_seller_pairs_joined", "seller_pairs", ["joined", "account_a_id"])
    op.create_table(
        "account_identifiers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("value_kind", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("shown", sa.Text(), nullable=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id"), nullable=True),
        sa.Column("capture_ids", sa.JSON(), nullable=False),
        _run_ref("first_run_id"),
        _run_ref("last_run_id"),
        sa.UniqueConstraint("account_id", "value_kind", "value", name="uq_account_identifier"),
    )
    op.create_index("ix_account_identifiers_account_id", "account_identifiers", ["account_id"])
    op.create_index("ix_account_identifiers_value", "account_identifiers", ["value_kind", "value"])
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("related_account_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_flags_related_account_id", "accounts", ["related_account_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_constraint("fk_flags_related_account_id", type_="foreignkey")
        batch_op.drop_column("related_account_id")
    op.drop_table("account_identifiers")
    op.drop_table("seller_pairs")
    op.drop_table("account_links")

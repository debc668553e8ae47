"""append-only anchors: checkpoints and timestamp tokens refuse UPDATE and DELETE

Revision ID: 0006_anchors
Revises: 0005_chain

Checkpoints and tokens are what a later verify compares the chains against; like captures
and the audit log (0001), the database itself refuses to rewrite or remove them. Someone
who can write the database file can drop the triggers; the operator's copy of
chain-checkpoints.jsonl and the authorities' tokens are the answer to that
(docs/evidence.md, "The store's chain and checkpoints").
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_anchors"
down_revision: str | Sequence[str] | None = "0005_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("chain_checkpoints", "timestamp_tokens")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # mimamori_refuse_change() was created with the first append-only tables (0001).
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION mimamori_refuse_change()"
            )
        return
    for table in TABLES:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for table in TABLES:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")

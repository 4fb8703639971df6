"""Assessment outputs stored zstd-compressed (``output_zstd``); ``output_json`` kept for older rows.

A stored output is about 70 KB of JSON; compressed it is about a third of that, which is cheaper to write
and to checkpoint (SQLite) and to keep. Rows already stored stay as they are (text in ``output_json``) and
read back the same; exactly one of the two columns holds the output (a check constraint says so).
Downgrading writes the text back into ``output_json`` for every compressed row first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CK = "ck_assessments_one_output"


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("output_zstd", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("output_json", existing_type=sa.Text(), nullable=True)
        batch_op.create_check_constraint(_CK, "(output_json IS NULL) <> (output_zstd IS NULL)")


def downgrade() -> None:
    from legdx.store import codec

    bind = op.get_bind()
    t = sa.table(
        "assessments",
        sa.column("id", sa.String()),
        sa.column("output_json", sa.Text()),
        sa.column("output_zstd", sa.LargeBinary()),
    )
    rows = bind.execute(sa.select(t.c.id).where(t.c.output_zstd.is_not(None))).scalars().all()
    for i in range(0, len(rows), 500):
        batch = rows[i : i + 500]
        got = bind.execute(sa.select(t.c.id, t.c.output_zstd).where(t.c.id.in_(batch))).all()
        for aid, blob in got:
            bind.execute(
                t.update()
                .where(t.c.id == aid)
                .values(output_json=codec.unpack(blob), output_zstd=None)
            )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_constraint(_CK, type_="check")
        batch_op.alter_column("output_json", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("output_zstd")

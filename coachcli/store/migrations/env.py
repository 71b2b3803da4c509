"""Alembic environment: migrations run on the connection coach hands over, never on a URL of their own.

`target_metadata` is the whole schema, so that `alembic revision --autogenerate` (and the schema-drift test,
tests/test_schema_drift.py) compare the migrated schema with coachcli/store/schema.py (every table).
"""

from __future__ import annotations

from alembic import context

from coachcli.store.schema import SCHEMA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SCHEMA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

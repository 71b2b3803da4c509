"""Alembic environment: migrations run on the connection coach hands over, never on a URL of their own.

`target_metadata` is the models' metadata, so that `alembic revision --autogenerate` (and the schema-drift test,
tests/test_schema_drift.py) compare the migrated schema with coachcli/store/models.py.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import coachcli.store.models  # noqa: F401  (registers every table in SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

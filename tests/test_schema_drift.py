"""The schema the migrations build is the schema the models describe: no drift between the two."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData

from coachcli.store.db import open_journal
from coachcli.store.schema import SCHEMA


def foreign_key_key(constraint: Any) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (
        constraint.table.name,
        tuple(column.name for column in constraint.columns),
        tuple(element.target_fullname for element in constraint.elements),
    )


def without_unreflected_on_delete(connection: Any, found: list[Any]) -> list[Any]:
    """`found` without the remove_fk/add_fk pairs SQLAlchemy reports for a foreign key declared on its column
    (`ALTER TABLE ... ADD COLUMN x REFERENCES t ON DELETE SET NULL`, as SQLite requires): SQLAlchemy reads ON
    DELETE only from table constraints, so it is checked here with SQLite's own PRAGMA foreign_key_list."""
    removed = {foreign_key_key(change[1]): change for change in found if change[0] == "remove_fk"}
    kept = []
    for change in found:
        if change[0] == "add_fk" and foreign_key_key(change[1]) in removed:
            table, columns, _ = foreign_key_key(change[1])
            pragma = connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
            on_delete = {row[3]: row[6] for row in pragma}
            wanted = change[1].ondelete or "NO ACTION"
            if all(on_delete.get(column) == wanted for column in columns):
                removed.pop(foreign_key_key(change[1]))
                continue
        kept.append(change)
    paired = {id(change) for change in removed.values()}
    return [change for change in kept if change[0] != "remove_fk" or id(change) in paired]


def differences(path: Path, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate would change to make the journal at `path` match `metadata`."""
    journal = open_journal(path)
    try:
        with journal.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return without_unreflected_on_delete(connection, list(compare_metadata(context, metadata)))
    finally:
        journal.close()


def test_a_journal_migrated_from_nothing_matches_the_models(tmp_path: Path):
    assert differences(tmp_path / "coach.db", SCHEMA) == []


def test_a_column_added_to_a_model_alone_is_drift(tmp_path: Path):
    models = MetaData()
    for table in SCHEMA.sorted_tables:
        table.to_metadata(models)
    models.tables["goal"].append_column(Column("mood", Integer, nullable=True))
    found = differences(tmp_path / "coach.db", models)
    assert [(change[0], change[2], change[3].name) for change in found] == [("add_column", "goal", "mood")]


def test_a_table_the_migrations_have_and_the_models_lack_is_drift(tmp_path: Path):
    models = MetaData()
    for table in SCHEMA.sorted_tables:
        if table.name != "sync_state":  # a table without an index of its own
            table.to_metadata(models)
    found = differences(tmp_path / "coach.db", models)
    assert [(change[0], change[1].name) for change in found] == [("remove_table", "sync_state")]


@pytest.mark.parametrize("table", sorted(SCHEMA.tables))
def test_every_model_table_exists_after_migrating(tmp_path: Path, table: str):
    import sqlite3

    path = tmp_path / "coach.db"
    open_journal(path).close()
    connection = sqlite3.connect(path)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    assert table in names


def test_a_foreign_key_whose_on_delete_differs_is_drift(tmp_path: Path):
    models = MetaData()
    for table in SCHEMA.sorted_tables:
        table.to_metadata(models)
    for constraint in models.tables["commitment"].foreign_key_constraints:
        if [column.name for column in constraint.columns] == ["routine_id"]:
            constraint.ondelete = "CASCADE"
    found = differences(tmp_path / "coach.db", models)
    assert sorted(change[0] for change in found) == ["add_fk", "remove_fk"]

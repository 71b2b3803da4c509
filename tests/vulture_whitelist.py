"""Names that vulture (the dead-code check in tests/test_lint.py) cannot see used, each with who uses it.

Commands named in cli/app.COMMANDS and functions under a Typer decorator are known to the check by itself.
"""
# ruff: noqa: B018

from types import SimpleNamespace

_ = SimpleNamespace()

# Called by a framework, by name.
_.list_commands  # Click: CoachGroup's commands
_.format_commands  # Click: CoachGroup's help
_.rich_markup_mode  # Typer: read when a command is built
_._coerce_value  # Typer: cli/conversion.PlainConversion
_.get_usage_pieces  # Click: an argument in the usage line (cli/conversion.name_values_plainly)
_.display_type_rich  # Typer: the type shown after an argument in help (cli/conversion.name_values_plainly)
_.no_pager  # Typer: --no-pager, an option kept for its callback (cli/app.turn_paging_off)
_.process_renderables  # Rich: a render hook
_.caption  # Rich: a table's caption
_.on_connect  # SQLAlchemy: an event listener
_.on_begin  # SQLAlchemy: an event listener
_.impl  # SQLAlchemy: a TypeDecorator
_.cache_ok  # SQLAlchemy: a TypeDecorator
_.bind_processor  # SQLAlchemy: a TypeDecorator (store/models.UTCDateTime)
_.result_processor  # SQLAlchemy: a TypeDecorator
_.coltype  # SQLAlchemy: result_processor's argument
_.dialect  # SQLAlchemy: a TypeDecorator's argument
_.model_config  # pydantic: SQLModel's settings
_.fits  # pydantic: the import records' field validator (domain/export_format.py)
_.created_at  # SQLModel: a column
_.History  # store/schema.py: the history's tables, the schema (written and read in SQL)
_.HistoryRow  # store/schema.py
_.history_id  # SQLModel: a column (history_row's entry, read by store/reader.py in SQL)
_.revision  # Alembic: a migration's revision
_.down_revision  # Alembic
_.branch_labels  # Alembic
_.depends_on  # Alembic
_.upgrade  # Alembic
_.downgrade  # Alembic
_.RenderHook  # mypy: render/output.py casts to it by name

# The API the tests use to check what the product does.
_.contains  # IsoWeek.contains: tests/test_dates.py
_.SMART_LETTERS  # domain/smart.py: tests/test_smart.py
_.migrate  # Journal.migrate to a given revision: tests/test_migrations.py
_.NOT_EXPORTED  # store/transfer.py: tests/test_store.py checks every table is exported or named here
_.this_weeks_routines  # store/routines.py: tests/test_routines.py
_.runs_in  # domain/routines.py, the rule of one week (weeks_to_fill is the rule of many): tests/test_routines.py
_.list_strategies  # store/strengths.py: tests/test_store.py

# Dead, in code another engineer owns this session (reported to the lead): a setting's help text, shown nowhere.
_.help  # settings.Key.help

_.SyncState  # store/schema.py: the replica's tables, the schema (written and read by store/replica.py in SQL)
_.SyncOutbox
_.SyncSeen
_.SyncRow
_.born_device
_.SyncEvent
_.SyncVersion
_.SyncConflict
_.SyncWaiting

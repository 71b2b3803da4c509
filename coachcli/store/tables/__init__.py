"""The journal's tables, one SQLModel class each, in a module per part of the journal.

A command that writes imports only the modules of the tables it touches (each module imports the tables its
foreign keys name, which SQLAlchemy needs to order a flush): `coach mark` defines 6 tables, not 15, and
each SQLModel table costs about 2 ms to define. The whole schema, for migrations, the import and the schema
checks, is store/models.py.
"""

"""Loaders: the one place where store rows become views.

A command asks a loader for a view, inside the transaction it opened, and hands the view to a renderer. Each
module serves one family of views and imports only what its views need (so `coach week` never loads goal or
strategy views); the store modules, which bring SQLModel, are imported inside the functions.
"""

"""coach: a command-line personal coaching journal."""

__version__ = "0.1.0"

"""Storage: SQLite by default. The only package that writes SQL; schema changes are named migrations."""

from sqlite3 import DatabaseError  # what a damaged database raises where StoreError does not wrap it

from .sqlite import MIN_ID_PREFIX, SQLiteStore, StoreError, migrations

__all__ = ["MIN_ID_PREFIX", "DatabaseError", "SQLiteStore", "StoreError", "migrations"]

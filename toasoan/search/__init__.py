"""Archive search: one interface, SQLite FTS5 and PostgreSQL full-text backends."""

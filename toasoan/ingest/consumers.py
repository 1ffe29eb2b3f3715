"""Event consumers of the ingest app (registered on import by apps.ready)."""

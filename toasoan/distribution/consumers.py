"""Event consumers of the distribution app (registered on import by apps.ready)."""

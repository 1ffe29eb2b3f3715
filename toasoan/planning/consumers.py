"""Event consumers of the planning app (registered on import by apps.ready)."""

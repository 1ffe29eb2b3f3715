"""Standard news formats, both directions: one module per standard (see ARCHITECTURE.md)."""

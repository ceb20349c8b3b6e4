"""CLI command groups; each module has ``register(app)`` and imports heavy parts lazily."""

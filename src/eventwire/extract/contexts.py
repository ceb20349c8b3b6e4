"""ContextStage (minimal placeholder, being replaced)."""

from __future__ import annotations


class ContextStage:
    name = "contexts"
    requires = ("events",)
    assigns = ("contexts",)

    def __init__(self, kb, config):
        self.kb = kb

    def __call__(self, article) -> None:
        for ev in article.events:
            ev.contexts = []

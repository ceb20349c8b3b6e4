"""Section roles: header, headline, dateline, body, caption, credit, heading, boilerplate."""

from .sections import CleanStage, split_sections

__all__ = ["CleanStage", "split_sections"]

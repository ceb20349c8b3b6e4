"""Extraction stages: actors, places, dates, quotes, events, contexts."""

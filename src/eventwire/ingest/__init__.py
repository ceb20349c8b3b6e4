"""Readers: each turns an input into :class:`eventwire.model.Article` objects.

A reader that meets a bad document yields an :class:`eventwire.errors.InputError` naming it
(see :func:`eventwire.ingest.text.iter_inputs`) so a batch can record it and go on.
"""

"""Readers: each turns an input into :class:`eventwire.model.Article` objects.

:mod:`.dispatch` picks the reader for a SOURCE argument (``extract`` and ``ingest`` both use
it); :mod:`.base` holds the limits and item types every reader shares; :mod:`.text`,
:mod:`.html`, :mod:`.feeds`, :mod:`.warc` and :mod:`.dataset` read one kind of input each;
:mod:`.language` rejects what the pipeline cannot read. A reader that meets a bad document yields
an :class:`eventwire.errors.InputError` naming it, so a batch can record it and go on.
"""

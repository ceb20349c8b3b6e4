"""The JSON API and web page of ``eventwire serve`` (FastAPI; the ``[web]`` extra).

Importing this package imports nothing heavy; :func:`create_app` lives in :mod:`.app`.
"""

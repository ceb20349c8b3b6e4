"""``python -m eventwire.cli``: the same as the ``eventwire`` console script."""

from . import main

main()

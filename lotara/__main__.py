"""``python -m lotara``: the same as the ``lotara`` command."""

from lotara.cli import main

main()

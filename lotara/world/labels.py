"""The label every offline answer carries: a leaf that every world module may import.

It sits below ``provider`` (the protocol and the choice of provider), ``offline``, ``amadeus``
and ``generic`` so none of them needs another to say where a figure came from.
"""

from __future__ import annotations

OFFLINE_SOURCE = "offline-estimate"
"""The ``source`` of every estimated figure: never a real vendor's name."""

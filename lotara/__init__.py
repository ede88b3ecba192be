"""lotara: a command-line travel concierge that plans trips offline and asks before it spends."""

__version__ = "0.1.0"

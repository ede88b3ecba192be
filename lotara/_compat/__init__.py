"""Every use of a dependency's private API, one module per dependency.

Each module names the private attribute it reaches for and why no public API does the job;
``tests/test_compat.py`` checks each one against the installed version, so an upgrade that
moves one fails there, loudly, rather than deep inside a plan or a server's shutdown.
"""

"""A real PostgreSQL for the tests: ``$LOTARA_TEST_DATABASE_URL`` (``.ci/run`` starts one),
else a throwaway cluster this session starts from Debian's binaries in a temp dir on
loopback, stopped at the end. Each test gets its own fresh database."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER_URL_ENV = "LOTARA_TEST_DATABASE_URL"


def pg_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_cluster(bindir: str) -> Iterator[str]:
    """initdb + pg_ctl start in a temp dir (as ``postgres`` when we are root); yields a URL."""
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        owner = pwd.getpwnam("postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = tempfile.mkdtemp(prefix="lotara-pg-")
    if owner is not None:
        os.chown(data, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    subprocess.run(
        [*as_user, f"{bindir}/initdb", "-D", f"{data}/db", "-U", "lotara", "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        **run,
    )  # fmt: skip
    opts = f"-k {data} -h 127.0.0.1 -p {port} -c fsync=off -c max_connections=200"
    subprocess.run(
        [*as_user, f"{bindir}/pg_ctl", "-D", f"{data}/db", "-o", opts, "-w",
         "-l", f"{data}/log", "start"],
        **run,
    )  # fmt: skip
    try:
        yield f"postgresql://lotara@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, f"{bindir}/pg_ctl", "-D", f"{data}/db", "-m", "immediate", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database (``postgres``)."""
    configured = os.environ.get(SERVER_URL_ENV)
    if configured:
        yield configured
        return
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries (apt-get install -y postgresql); .ci/run has them")
    with throwaway_cluster(bindir) as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped after the test."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""Where traces go, and their ids: the Opik settings, read without importing opik.

The leaf of ``lotara.tracing``: it imports nothing of lotara, so the sender
(``lotara.tracing.opik``) and the job-level calls (``lotara.tracing``) both build on it.
"""

from __future__ import annotations

import base64
import configparser
import os
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLOUD_URL = "https://www.comet.com/opik/api/"
DEFAULT_PROJECT = "lotara"
FLUSH_TIMEOUT_S = 2
"""Seconds a process exiting waits, at most, for traces and scores still queued for Opik."""
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class OpikSettings:
    """Where traces go: the Opik API URL, key, workspace and project, and who said so."""

    url: str
    api_key: str | None
    workspace: str | None
    project: str
    source: str  # "environment", "preferences" or "config file"


def settings(
    prefs: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> OpikSettings | None:
    """The Opik settings from the environment, preferences and Opik's config file; None if off."""
    env = os.environ if environ is None else environ
    if env.get("LOTARA_TRACING", "").strip().lower() in _FALSE[1:] or env.get(
        "OPIK_TRACK_DISABLE", ""
    ).strip().lower() in ("1", "true", "yes"):
        return None
    prefs = prefs or {}
    file = _config_file(env)
    api_key = env.get("OPIK_API_KEY") or file.get("api_key") or None
    url = env.get("OPIK_URL_OVERRIDE") or prefs.get("opik_url") or file.get("url_override")
    if not (api_key or url):
        return None
    if env.get("OPIK_API_KEY") or env.get("OPIK_URL_OVERRIDE"):
        source = "environment"
    elif prefs.get("opik_url"):
        source = "preferences"
    else:
        source = "config file"
    return OpikSettings(
        url=api_url(str(url or CLOUD_URL)),
        api_key=api_key,
        workspace=env.get("OPIK_WORKSPACE") or prefs.get("opik_workspace") or file.get("workspace"),
        project=env.get("OPIK_PROJECT_NAME")
        or prefs.get("opik_project")
        or file.get("project_name")
        or DEFAULT_PROJECT,
        source=source,
    )


def enabled(prefs: Mapping[str, Any] | None = None) -> bool:
    """Whether jobs are traced to Opik: something configured it, and nothing turned it off."""
    return settings(prefs) is not None


def api_url(url: str) -> str:
    """Opik's API base for a server URL: ``http://host:5173`` -> ``http://host:5173/api/``."""
    text = url.strip().rstrip("/")
    if not text.endswith("/api"):
        text += "/api"
    return text + "/"


def trace_url(trace_id: str, opik: OpikSettings | None = None) -> str:
    """The Opik page of a trace (the SDK's own redirect link, good for Cloud and self-hosted)."""
    base = (opik or settings() or _cloud()).url
    encoded = base64.b64encode(base.encode("utf-8")).decode("utf-8")
    path = urllib.parse.quote(
        f"v1/session/redirect/projects/?trace_id={trace_id}&path={encoded}", safe=":/&?="
    )
    return urllib.parse.urljoin(base, path)


def new_trace_id() -> str:
    """A fresh UUIDv7 (the ids Opik accepts), made without importing opik."""
    return uuid7(time.time_ns() // 1_000_000, os.urandom(10))


def uuid7(ms: int, rand: bytes) -> str:
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (int.from_bytes(rand[:2], "big") & 0x0FFF) << 64
    value |= 0b10 << 62
    value |= int.from_bytes(rand[2:10], "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def _cloud() -> OpikSettings:
    return OpikSettings(CLOUD_URL, None, None, DEFAULT_PROJECT, "default")


def _config_file(env: Mapping[str, str]) -> dict[str, str]:
    """The ``[opik]`` section of Opik's config file, as ``opik configure`` writes it."""
    raw = (env.get("OPIK_CONFIG_PATH") or "").strip() or "~/.opik.config"
    path = Path(raw).expanduser()
    if not path.is_file():
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path)
    except (configparser.Error, OSError, UnicodeDecodeError):
        return {}
    return dict(parser.items("opik")) if parser.has_section("opik") else {}

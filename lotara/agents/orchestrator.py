"""Runs a job through the ADK agent tree. Not built yet: see issue 4."""

from __future__ import annotations

from typing import Any

from lotara.errors import NotBuilt


def run(store: Any, job_id: str, *, listeners: Any = None) -> Any:
    raise NotBuilt("Planning is not built yet in this version of lotara.")


def resume(
    store: Any, job_id: str, *, approved: bool, notes: str | None, listeners: Any = None
) -> Any:
    raise NotBuilt("Resuming approvals is not built yet in this version of lotara.")

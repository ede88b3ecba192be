"""The Opik SDK's internals lotara relies on (imported only when Opik is configured).

- ``OpikADKOtelTracer._ADK_INTERNAL_SPAN_NAME_SKIP_LIST``: the ADK integration turns every
  ADK span into an Opik span unless its name is in this private list; lotara's job events
  already give each workflow node its span, so ``invoke_node``/``invoke_workflow`` are
  added by wrapping the list.
- ``connection_resources.MANAGER.close_all(flush=False)``: at exit, after lotara's own
  bounded flush gave up, this stops the SDK's exit hook from waiting again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NODE_SPANS = ("invoke_node ", "invoke_workflow")


class _SkipNodeSpans(list[Any]):
    """ADK span names Opik should not turn into spans: its own list, and workflow nodes."""

    def __contains__(self, name: object) -> bool:
        return str(name).startswith(NODE_SPANS) or super().__contains__(name)


def otel_tracer_class() -> Any:
    from opik.integrations.adk.patchers.adk_otel_tracer import opik_adk_otel_tracer

    return opik_adk_otel_tracer.OpikADKOtelTracer


def skip_node_spans() -> None:
    """Leave ADK's workflow and node spans out of what Opik's ADK integration sends."""
    otel = otel_tracer_class()
    if not isinstance(otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST, _SkipNodeSpans):
        otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST = _SkipNodeSpans(
            otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST
        )


def close_connections_without_flush() -> None:
    """Stop the SDK's own exit hook from waiting again for what lotara gave up on."""
    from opik.api_objects import connection_resources

    close: Callable[..., Any] = connection_resources.MANAGER.close_all
    close(flush=False)

"""Which language model the specialists use: offline (none), Gemini, or a LiteLLM model.

``LOTARA_MODEL``, ``--model`` and the ``model`` preference name one of:

- ``offline`` (the default): no model at all; intent, summary and suggestion text come from
  lotara's deterministic specialists, and nothing touches the network;
- a Gemini model name such as ``gemini-2.5-flash``, through google-adk (needs
  ``GOOGLE_API_KEY``);
- any LiteLLM model such as ``openai/gpt-4o-mini`` or ``ollama/llama3``, through ADK's
  ``LiteLlm`` wrapper (needs the ``llm`` extra: ``pip install 'lotara[llm]'``).

Tests and plugins register a model under a name with ``register_model``, the same way the
built-in kinds are resolved. A model that cannot be built is ``Unavailable``: the
orchestrator then says so in the job's events and plans offline.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from lotara.errors import Unavailable

if TYPE_CHECKING:
    from google.adk.models.base_llm import BaseLlm

OFFLINE = "offline"

_FACTORIES: dict[str, Callable[[], BaseLlm]] = {}


def register_model(name: str, factory: Callable[[], BaseLlm]) -> Callable[[], None]:
    """Make ``name`` resolve to the model ``factory`` builds; returns a function undoing it."""
    _FACTORIES[name] = factory

    def unregister() -> None:
        if _FACTORIES.get(name) is factory:
            del _FACTORIES[name]

    return unregister


def model_name(job_model: str | None, prefs: dict[str, object] | None = None) -> str:
    """The model a job is planned with: the job's, then ``LOTARA_MODEL``, the pref, offline."""
    for value in (job_model, os.environ.get("LOTARA_MODEL"), (prefs or {}).get("model")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return OFFLINE


def is_offline(name: str) -> bool:
    return name.strip().lower() in {"", OFFLINE, "none"}


def build_model(name: str) -> BaseLlm | None:
    """The ADK model object for ``name``; None for offline; ``Unavailable`` if it cannot be."""
    if is_offline(name):
        return None
    factory = _FACTORIES.get(name)
    if factory is not None:
        return factory()
    if name.startswith("gemini"):
        if not (os.environ.get("GOOGLE_API_KEY") or os.environ.get("GOOGLE_GENAI_USE_VERTEXAI")):
            raise Unavailable(
                f"The model {name!r} needs GOOGLE_API_KEY (or Vertex AI settings) in the "
                "environment."
            )
        from google.adk.models.google_llm import Gemini

        return Gemini(model=name)
    import importlib.util

    if importlib.util.find_spec("litellm") is None:
        raise Unavailable(
            f"The model {name!r} is served through LiteLLM, which is not installed: "
            "pip install 'lotara[llm]'."
        )
    from google.adk.models import lite_llm

    # ADK imports litellm on the first call and points its log handlers at stdout, where
    # `--json` prints the job: import it now and keep its logging off both streams.
    # Its price table ships with it: do not fetch it from the network at import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    ensure = getattr(lite_llm, "_ensure_litellm_imported", None)
    if ensure is not None:
        ensure()
    _silence_litellm()
    _register_with_litellm(name)
    from lotara.agents.specialists import model_timeout

    # lotara bounds and retries each call itself (specialists.ask_model): LiteLLM must not.
    return lite_llm.LiteLlm(model=name, timeout=model_timeout(), num_retries=0)


def _silence_litellm() -> None:
    import litellm

    # Its "Give Feedback / Get Help" banner is printed to stdout on every error.
    litellm.suppress_debug_info = True
    litellm.set_verbose = False
    for name in ("LiteLLM", "LiteLLM Proxy", "LiteLLM Router"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, logging.FileHandler
            ):
                logger.removeHandler(handler)
        logger.propagate = False


def _register_with_litellm(name: str) -> None:
    """Put a model LiteLLM's price table does not know into it, so LiteLLM never asks the server.

    For an unknown ``ollama/`` model LiteLLM fetches the model's info from the server with a
    synchronous HTTP call, on the event loop, with its own long timeout (and again when it
    prices an answer): a hung server then blocks the whole process, past lotara's bounded
    wait. A local or self-hosted model is free, so it is entered at no cost; a model the
    table knows keeps its prices.
    """
    import litellm

    provider, _, bare = name.partition("/")
    known = {key.lower() for key in litellm.model_cost}
    if name.lower() in known or (bare and bare.lower() in known):
        return
    # Not litellm.register_model: it looks the model up first, with that same call.
    litellm.model_cost[name] = {
        "litellm_provider": provider if bare else "openai",
        "mode": "chat",
        "input_cost_per_token": 0.0,
        "output_cost_per_token": 0.0,
    }


def quiet_adk_logging() -> None:
    """Keep google-adk's and google-genai's warnings off the user's terminal.

    They log to stderr through the root logger unless told otherwise; lotara reports what
    matters (a model that failed, a fallback) as job events instead.
    """
    for name in ("google_adk", "google_genai", "LiteLLM", "litellm", "httpx"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
        if os.environ.get("LOTARA_DEBUG_ADK"):
            logger.setLevel(logging.DEBUG)
            logger.addHandler(logging.StreamHandler())

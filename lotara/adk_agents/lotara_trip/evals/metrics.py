"""A metric ``adk eval`` loads by name (``test_config.json``): the reading is stated exactly.

ROUGE-1 (ADK's ``response_match_score``) forgives a wrong party or a wrong number of days,
one token among twenty. ``reading_stated`` passes an invocation only when every line of the
expected answer (the title, then "N days in <places> from <origin> for <party>, <dates>")
appears word for word in what the agent said.
"""

from __future__ import annotations

from typing import Any

from google.adk.evaluation.eval_metrics import EvalStatus
from google.adk.evaluation.evaluator import EvaluationResult, PerInvocationResult


def _text(invocation: Any) -> str:
    content = invocation.final_response
    if content is None or not content.parts:
        return ""
    return "\n".join(part.text or "" for part in content.parts)


def reading_stated(
    eval_metric: Any,
    actual_invocations: list[Any],
    expected_invocations: list[Any] | None = None,
    conversation_scenario: Any = None,
) -> EvaluationResult:
    """1.0 for an invocation whose answer holds every expected line, else 0.0."""
    results = []
    for actual, expected in zip(actual_invocations, expected_invocations or [], strict=False):
        said = _text(actual)
        lines = [line.strip() for line in _text(expected).splitlines() if line.strip()]
        score = 1.0 if lines and all(line in said for line in lines) else 0.0
        results.append(
            PerInvocationResult(
                actual_invocation=actual,
                expected_invocation=expected,
                score=score,
                eval_status=EvalStatus.PASSED if score == 1.0 else EvalStatus.FAILED,
            )
        )
    overall = min((r.score or 0.0 for r in results), default=0.0)
    return EvaluationResult(
        overall_score=overall,
        overall_eval_status=EvalStatus.PASSED if results and overall == 1.0 else EvalStatus.FAILED,
        per_invocation_results=results,
    )

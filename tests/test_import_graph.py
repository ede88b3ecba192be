"""No two lotara modules import each other, directly or around a loop.

The graph is read from the source (``ast``), counting imports inside functions too: a cycle
hidden in a function is still a cycle. Only ``if TYPE_CHECKING:`` imports, which never run,
are left out. A sample of modules is also imported alone in a fresh interpreter, which is
where an order-dependent cycle shows.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lotara"


def module_names() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in _runtime_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor if is_package else anchor[:-1]
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != "lotara":
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return groups


def test_the_graph_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_graph_reads_function_level_imports() -> None:
    graph = import_graph()
    # engine reaches the orchestrator only inside its functions (the --help path stays light)
    assert "lotara.agents.orchestrator" in graph["lotara.jobs.engine"]


def test_no_import_cycle_between_lotara_modules() -> None:
    assert cycles(import_graph()) == []


SAMPLE = [
    "lotara.jobs.engine",
    "lotara.jobs.store",
    "lotara.agents.orchestrator",
    "lotara.tracing.opik",
    "lotara.tracing",
    "lotara.server.app",
    "lotara.server.runner",
    "lotara.ui.progress",
    "lotara.proactive.suggestions",
    "lotara.bench.travelplanner.runner",
]


@pytest.mark.parametrize("module", SAMPLE)
def test_a_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_jobs_imports_no_adk_http_or_rich() -> None:
    banned = ("google.adk", "google.genai", "fastapi", "starlette", "uvicorn", "httpx", "rich")
    graph_sources = [p for p in (PACKAGE / "jobs").rglob("*.py")]
    for path in graph_sources:
        for node in _runtime_imports(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for imported in names:
                assert not str(imported).startswith(banned), f"{path.name} imports {imported}"


def _imported_names(path: Path) -> list[str]:
    names: list[str] = []
    for node in _runtime_imports(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif node.module and not node.level:
            names.append(node.module)
    return names


def test_only_ui_imports_rich() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(n == "rich" or n.startswith("rich.") for n in _imported_names(path))
    ]
    assert offenders == []


# Where SQL may be written: the store classes, the migrations, and ADK's session database
# adapter (a dependency's private schema, kept in one place).
SQL_HOMES = {
    "lotara/jobs/store.py",
    "lotara/jobs/migrations.py",
    "lotara/jobs/store_pg.py",  # the PostgreSQL engine: its connection, migrations, locks
    "lotara/jobs/queue.py",  # procrastinate's own schema, applied once under the same lock
    "lotara/proactive/store.py",
    "lotara/agents/sessions.py",
    "lotara/_compat/adk.py",  # ADK's private session schema, applied as ADK writes it
}


def test_every_sql_statement_lives_behind_a_store_class() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        where = str(path.relative_to(ROOT))
        if where in SQL_HOMES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"execute", "executemany", "executescript"}
            ):
                offenders.append(f"{where}:{node.lineno}")
    assert offenders == []

"""The layering in docs/architecture.md, enforced on the source tree by reading imports.

Every `import` and `from ... import` is read with `ast`, including imports inside functions
(a lazy import still loads the module), so a new violation fails here before review.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("storage", "spiders", "crawler", "scheduler")
SKIPPED_PARTS = {
    ".venv",
    ".venv-pywb",
    "tests",
    "bench",
    "migrations",
    "__pycache__",
    "node_modules",
}

# Lowest first; a package may import only packages of its own rank or lower
# (the table in docs/architecture.md).
RANKS: dict[str, int] = {
    "storage": 0,
    "spiders": 1,
    "crawler.detect": 1,
    "crawler": 2,
    "crawler.capture": 2,
    "crawler.middlewares": 2,
    "crawler.pipelines": 2,
    "crawler.store": 2,
    "crawler.flag": 2,
    "crawler.distributed": 2,
    "crawler.link": 2,
    "crawler.review": 3,
    "crawler.schedule": 3,
    "crawler.alerts": 3,
    "crawler.demo_site": 3,
    "crawler.cli": 4,
    # The scheduler's entry script only hands its arguments to the CLI.
    "scheduler": 5,
}
# Single modules that sit lower than their folder: items are the data spiders yield.
MODULE_RANKS: dict[str, int] = {"crawler.items": 1}
WEB_FORBIDDEN = ("scrapy", "twisted", "scrapy_playwright", "playwright")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def source_modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for package in PROJECT_PACKAGES:
        single = ROOT / f"{package}.py"
        if single.exists():
            modules[package] = single
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).is_dir() else ():
            if SKIPPED_PARTS.isdisjoint(path.relative_to(ROOT).parts):
                modules[_module_name(path)] = path
    return modules


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, node.lineno
            # `from package import module` imports the module too.
            for alias in node.names:
                yield f"{target}.{alias.name}", node.lineno


@cache
def import_graph() -> dict[str, set[tuple[str, int]]]:
    modules = source_modules()
    graph: dict[str, set[tuple[str, int]]] = {}
    for name, path in modules.items():
        graph[name] = set()
        for target, line in _imports(name, path):
            graph[name].add((target, line))
    return graph


def _resolve(target: str) -> str | None:
    """The project module an import names (`from x import name` may name a function)."""
    modules = source_modules()
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def package_of(module: str) -> str:
    """The folder a module belongs to. Modules directly in crawler/ are the crawl engine's
    separate components (settings, runtime, extensions, items, ...): each is its own node,
    as docs/architecture.md lists them."""
    path = source_modules()[module]
    if path.name == "__init__.py" or path.parent in (ROOT, ROOT / "crawler"):
        return module
    return _module_name(path.parent)


def rank_of(module: str) -> int:
    if module in MODULE_RANKS:
        return MODULE_RANKS[module]
    package = package_of(module)
    while package not in RANKS:
        package = package.rpartition(".")[0]
        assert package, f"{module}: add its package to RANKS in tests/test_architecture.py"
    return RANKS[package]


def project_edges() -> Iterator[tuple[str, str, int]]:
    for source, targets in import_graph().items():
        for target, line in targets:
            resolved = _resolve(target)
            if resolved is not None and resolved != source:
                yield source, resolved, line


def _where(module: str, line: int) -> str:
    return f"{source_modules()[module].relative_to(ROOT)}:{line}"


def test_the_scan_sees_the_tree() -> None:
    modules = source_modules()
    assert {"storage.db", "crawler.detect.detector", "crawler.review.app"} <= modules.keys()
    assert any(t == "storage.db" for _s, t, _l in project_edges())


def test_storage_imports_nothing_from_crawler_or_spiders() -> None:
    bad = [
        f"{_where(source, line)} imports {target}"
        for source, target, line in project_edges()
        if source.split(".")[0] == "storage" and target.split(".")[0] in ("crawler", "spiders")
    ]
    assert not bad, "storage/ is the lowest layer:\n" + "\n".join(sorted(bad))


def test_every_import_goes_down_or_across_the_layers() -> None:
    bad = [
        f"{_where(source, line)} ({rank_of(source)}) imports {target} ({rank_of(target)})"
        for source, target, line in project_edges()
        if rank_of(target) > rank_of(source)
    ]
    assert not bad, "imports that run back up (ranks in docs/architecture.md):\n" + "\n".join(
        sorted(bad)
    )


def test_review_app_never_loads_scrapy_or_twisted() -> None:
    """Follows the review app's project imports transitively: a module it loads that loads
    Scrapy would start Twisted inside the web server."""
    modules = source_modules()
    reached: dict[str, str] = {m: m for m in modules if m.startswith("crawler.review")}
    queue = list(reached)
    while queue:
        module = queue.pop()
        for target, _line in import_graph()[module]:
            resolved = _resolve(target)
            if resolved is not None and resolved not in reached:
                reached[resolved] = module
                queue.append(resolved)
    bad = []
    for module in reached:
        for target, line in import_graph()[module]:
            if target.split(".")[0] in WEB_FORBIDDEN:
                chain = [module]
                while reached[chain[-1]] != chain[-1]:
                    chain.append(reached[chain[-1]])
                via = " <- ".join(chain)
                bad.append(f"{_where(module, line)} imports {target} (via {via})")
    assert not bad, "the review app must not load Scrapy or Twisted:\n" + "\n".join(sorted(bad))


def test_no_import_cycle_between_packages() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    witness: dict[tuple[str, str], str] = {}
    for source, target, line in project_edges():
        a, b = package_of(source), package_of(target)
        if a != b:
            edges[a].add(b)
            witness.setdefault((a, b), f"{_where(source, line)} imports {target}")
    cycles = []
    for a in sorted(edges):
        for b in sorted(edges[a]):
            seen, stack = {b}, [b]
            while stack:
                for c in edges.get(stack.pop(), ()):
                    if c not in seen:
                        seen.add(c)
                        stack.append(c)
            if a in seen:
                cycles.append(f"{a} -> {b}: {witness[(a, b)]}")
    assert not cycles, "package import cycles:\n" + "\n".join(cycles)


def test_limits_on_module_and_function_size() -> None:
    """Small modules with one concern; migrations and the demo world's wording are content."""
    too_long = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if {".venv", ".venv-pywb", "migrations", "node_modules"} & set(
            parts
        ) or path.name == "world_content.py":
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 450:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines (limit 450)")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    too_long.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines"
                    )
    assert not too_long, "split these:\n" + "\n".join(sorted(too_long))


def test_the_checks_catch_planted_violations(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The rules above fail on a small tree that breaks each of them."""
    files = {
        "storage/__init__.py": "",
        "storage/db.py": "from crawler.review import app\n",
        "crawler/__init__.py": "",
        "crawler/detect/__init__.py": "",
        "crawler/detect/a.py": "def f():\n    from crawler.flag import b\n",
        "crawler/flag/__init__.py": "",
        "crawler/flag/b.py": "from crawler.detect import a\n",
        "crawler/review/__init__.py": "",
        "crawler/review/app.py": "from crawler import helper\n",
        "crawler/helper.py": "import scrapy\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    for cached in (source_modules, import_graph):
        cached.cache_clear()
    passed_anyway = []
    try:
        for check in (
            test_storage_imports_nothing_from_crawler_or_spiders,
            test_every_import_goes_down_or_across_the_layers,
            test_review_app_never_loads_scrapy_or_twisted,
            test_no_import_cycle_between_packages,
        ):
            try:
                check()
            except AssertionError:
                continue
            passed_anyway.append(check.__name__)
    finally:
        for cached in (source_modules, import_graph):
            cached.cache_clear()
    assert not passed_anyway, f"these passed on a tree that breaks them: {passed_anyway}"

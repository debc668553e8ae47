"""The export formats, by name: the CLI and the review app ask here, never a format directly.

Adding a format is a module with one `Exporter` and one line in `BUILT_IN` below; the
CLI (`mimamori export --format`), the web route and the Export row need no change
(docs/architecture.md, "Export formats"). Every format takes the same `ExportRequest`,
returns an `ExportResult`, raises `SelectionError` or `EvidenceDamagedError` when it
refuses, and records itself with `storage.export.recording.record_export`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storage.config import AppConfig
from storage.db import Database
from storage.export.request import ExportRequest, ExportResult, Progress

DEFAULT_FORMAT = "wacz"
# Modules that register a format when imported.
BUILT_IN = ("storage.export.wacz",)


class ExportFunction(Protocol):
    def __call__(
        self,
        cfg: AppConfig,
        database: Database,
        request: ExportRequest,
        out: Path,
        *,
        progress: Progress | None = None,
    ) -> ExportResult: ...


@dataclass(frozen=True)
class Exporter:
    name: str  # what --format takes
    suffix: str  # the output file's ending, with the dot
    description: str  # one line for --help and the review app
    purposes: tuple[str, ...]  # who a bundle can be for (the report's covering page)
    export: ExportFunction


_registry: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    if exporter.name in _registry and _registry[exporter.name] != exporter:
        raise ValueError(f"export format {exporter.name!r} is already registered")
    _registry[exporter.name] = exporter
    return exporter


def _load_built_in() -> None:
    for module in BUILT_IN:
        importlib.import_module(module)


def exporters() -> list[Exporter]:
    _load_built_in()
    return sorted(_registry.values(), key=lambda e: (e.name != DEFAULT_FORMAT, e.name))


def names() -> list[str]:
    return [e.name for e in exporters()]


def get(name: str) -> Exporter:
    _load_built_in()
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"no export format {name!r}; choose one of {', '.join(names())}") from None


def all_purposes() -> tuple[str, ...]:
    """Every purpose some format serves, in first-seen order (the CLI's --for choices)."""
    return tuple(dict.fromkeys(p for e in exporters() for p in e.purposes))

"""Fixtures of the export tests: a realistic evidence store (see case_factory) and its bundle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .case_factory import PROFILE_TEXT, Case, build_case

__all__ = ["PROFILE_TEXT", "Case", "Exported", "build_case", "export_case"]


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return build_case(tmp_path / "data")


@dataclass
class Exported:
    case: Case
    path: Path
    result: object


def export_case(case: Case, out: Path, **options: object) -> Exported:
    from storage.export.bundle import ExportRequest, export_bundle

    request = ExportRequest(account_ids=case.account_ids, analyst="Analyst-1", **options)  # type: ignore[arg-type]
    result = export_bundle(case.cfg, case.db, request, out)
    return Exported(case, out, result)


@pytest.fixture
def exported(case: Case, tmp_path: Path) -> Exported:
    return export_case(case, tmp_path / "case.wacz", include_originals=True)

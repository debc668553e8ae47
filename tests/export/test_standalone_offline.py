"""The verifier shipped in every bundle, on a machine without `cryptography`.

Every hash is still checked with the standard library; the signature is reported as
skipped (exit 3), never a traceback; a tampered WARC is still named (exit 1).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from storage.export.signing import load_or_create_key
from storage.verify import standalone, standalone_time, standalone_zip

from .bundle_edits import sha256_of
from .conftest import Exported, build_case, export_case

# Runs the script with `cryptography`, `rfc3161_client` and mimamori itself made
# unimportable: a None entry in sys.modules makes every `import cryptography...` raise
# ImportError, wherever the package is installed (mimamori is installed editable, so -I
# alone would still find it).
WITHOUT_CRYPTOGRAPHY = (
    "import sys, runpy; sys.modules.update(dict.fromkeys(['cryptography', 'rfc3161_client', "
    "'storage', 'crawler'])); sys.argv = sys.argv[1:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)
SHIPPED = ("verify_bundle.py", "verify_zip.py", "verify_timestamps.py")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Exported, Path, Path]:
    root = tmp_path_factory.mktemp("offline")
    exported = export_case(build_case(root / "data"), root / "case.wacz", pdf=False)
    script = root / "verify_bundle.py"
    with zipfile.ZipFile(exported.path) as zf:
        for name in SHIPPED:
            (root / name).write_bytes(zf.read(f"verify/{name}"))
    pem = root / "signer.pem"
    pem.write_text(load_or_create_key(exported.case.cfg.keys_dir).public_pem)
    return exported, script, pem


def run_offline(*args: str) -> subprocess.CompletedProcess[str]:
    # -I: isolated, so neither the checkout nor PYTHONPATH can supply mimamori.
    cmd = [sys.executable, "-I", "-c", WITHOUT_CRYPTOGRAPHY, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_the_environment_really_lacks_cryptography(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "for name in ('cryptography.hazmat.primitives', 'rfc3161_client', 'storage.verify'):\n"
        "    try:\n        __import__(name)\n"
        "    except ImportError:\n        print(name, 'is not importable')\n"
    )
    run = run_offline(str(probe))
    assert run.stdout.split("\n")[:3] == [
        "cryptography.hazmat.primitives is not importable",
        "rfc3161_client is not importable",
        "storage.verify is not importable",
    ], run.stderr


def test_intact_bundle_without_cryptography_says_what_was_skipped(
    shipped: tuple[Exported, Path, Path],
) -> None:
    exported, script, pem = shipped
    run = run_offline(str(script), str(exported.path), "--key", str(pem))
    assert run.returncode == 3, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert f"File SHA-256: {sha256_of(exported.path)}" in run.stdout
    assert "signature: NOT CHECKED" in run.stdout
    assert "VERDICT: INCOMPLETE" in run.stdout
    assert "SKIPPED signature: 'cryptography' is not installed" in run.stdout
    assert f"Files checked: {len(exported.result.files)}" in run.stdout


def test_tampered_warc_is_still_named_without_cryptography(
    shipped: tuple[Exported, Path, Path], tmp_path: Path
) -> None:
    exported, script, pem = shipped
    raw = bytearray(exported.path.read_bytes())
    with zipfile.ZipFile(exported.path) as zf:
        info = zf.getinfo("archive/evidence.warc.gz")
    raw[info.header_offset + 30 + len(info.filename) + 100] ^= 0x01
    tampered = tmp_path / "tampered.wacz"
    tampered.write_bytes(bytes(raw))
    run = run_offline(str(script), str(tampered), "--key", str(pem))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "FAIL archive/evidence.warc.gz" in run.stdout
    wrong = run_offline(str(script), str(exported.path), "--sha256", "0" * 64)
    assert wrong.returncode == 1 and "FAIL (whole file)" in wrong.stdout


def test_with_cryptography_but_no_key_the_signer_is_untrusted(
    shipped: tuple[Exported, Path, Path],
) -> None:
    exported, script, _ = shipped
    cmd = [sys.executable, "-I", str(script), str(exported.path)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "signature: valid, key: UNTRUSTED (fingerprint SHA256:" in run.stdout


def test_without_the_zip_module_the_container_is_reported_unchecked(
    shipped: tuple[Exported, Path, Path], tmp_path: Path
) -> None:
    exported, script, pem = shipped
    alone = tmp_path / "verify_bundle.py"
    alone.write_bytes(script.read_bytes())
    run = run_offline(str(alone), str(exported.path), "--key", str(pem))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL (zip container): not checked: extract verify_zip.py beside me" in run.stdout
    assert "trusted time: NOT CHECKED" in run.stdout


@pytest.mark.parametrize("module", [standalone, standalone_time, standalone_zip])
def test_shipped_verifier_files_are_python_3_9_and_small(module: object) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    tree = ast.parse(source, feature_version=(3, 9))
    assert len(source.splitlines()) <= 450
    # Only the guarded import at the top of verify_bundle.py may name mimamori's packages.
    guarded = {"storage.verify", "storage.verify.standalone_time"}
    imports = [
        node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    ours = [n for n in imports if n and n.split(".")[0] in {"storage", "crawler"}]
    assert set(ours) <= guarded

"""tests/prefetch.py and conftest.py under pytest-xdist: a shared result is built once for
all workers, and the tests of a live fixture all go to one worker. Each case runs a small
pytest session of its own, with two workers, in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

CONFTEST = """
import json, os, sys, time
from pathlib import Path
import pytest
sys.path.insert(0, {tests!r})
from prefetch import PREFETCH
import conftest_of_the_suite  # the real grouping hook

pytest_xdist_make_scheduler = conftest_of_the_suite.pytest_xdist_make_scheduler
pytest_collection_finish = conftest_of_the_suite.pytest_collection_finish
pytest_sessionfinish = conftest_of_the_suite.pytest_sessionfinish
LOG = Path({log!r})


def _fill(config, target):
    with open(LOG, "a") as log:
        log.write(json.dumps({{"built": str(target), "pid": os.getpid()}}) + "\\n")
    time.sleep(1.5)  # long enough that both workers ask while it is being built
    if {fail!r}:
        raise RuntimeError("the build broke")
    (target / "result.txt").write_text("ready")


PREFETCH.offer_shared("shared_dir", _fill)


@pytest.fixture(scope="session")
def shared_dir(request):
    return PREFETCH.take("shared_dir", request.config)


@pytest.fixture(scope="session")
def world_crawl():
    return os.getpid()


def record(**row):
    with open(LOG, "a") as log:
        log.write(json.dumps({{**row, "pid": os.getpid()}}) + "\\n")
"""

READER = """
from conftest import record

def test_{name}_a(shared_dir):
    record(test="{name}_a", saw=str(shared_dir), text=(shared_dir / "result.txt").read_text())

def test_{name}_b(shared_dir):
    record(test="{name}_b", saw=str(shared_dir), text=(shared_dir / "result.txt").read_text())
"""

LIVE = """
from conftest import record

def test_{name}(world_crawl):
    record(test="{name}", live=world_crawl)
"""


def _session(tmp_path: Path, *, fail: bool = False) -> tuple[subprocess.CompletedProcess, list]:
    log = tmp_path / "log.jsonl"
    suite = tmp_path / "suite"
    (suite / "tests" / "platforms").mkdir(parents=True)
    (suite / "pytest.ini").write_text("[pytest]\n")  # so that node ids start with tests/
    # The suite's own conftest, importable under another name beside this session's.
    (suite / "tests" / "conftest_of_the_suite.py").write_text((TESTS / "conftest.py").read_text())
    (suite / "tests" / "conftest.py").write_text(
        CONFTEST.format(tests=str(TESTS), log=str(log), fail=fail)
    )
    for name in ("one", "two", "three", "four"):
        (suite / "tests" / f"test_reads_{name}.py").write_text(READER.format(name=name))
        (suite / "tests" / "platforms" / f"test_live_{name}.py").write_text(LIVE.format(name=name))
    two_workers = ["-n", "2", "--dist", "loadfile", "--basetemp", str(tmp_path / "base")]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *two_workers, "tests"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=suite,
    )
    rows = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, rows


@pytest.fixture(scope="module")
def good_session(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    return _session(tmp_path_factory.mktemp("prefetch-workers"))


def test_a_shared_result_is_built_once_and_read_by_every_worker(good_session) -> None:
    result, rows = good_session
    assert result.returncode == 0, result.stdout + result.stderr
    builds = [row for row in rows if "built" in row]
    readers = [row for row in rows if "saw" in row]
    assert len(builds) == 1, builds
    assert len(readers) == 8
    assert {row["saw"] for row in readers} == {builds[0]["built"]}
    assert {row["text"] for row in readers} == {"ready"}
    # Both workers ran readers, so the second one really waited on the first one's build.
    assert len({row["pid"] for row in readers}) == 2


def test_tests_of_a_live_fixture_all_run_in_one_worker(good_session) -> None:
    _, rows = good_session
    live = [row for row in rows if "live" in row]
    assert len(live) == 4
    assert len({row["pid"] for row in live}) == 1
    assert {row["live"] for row in live} == {live[0]["pid"]}


def test_a_failed_shared_build_fails_every_test_that_needs_it(tmp_path: Path) -> None:
    result, rows = _session(tmp_path, fail=True)
    assert result.returncode == 1
    assert "8 errors" in result.stdout, result.stdout[-3000:]
    assert "the build broke" in result.stdout
    # Nothing was marked as built, so each worker that asked tried again.
    assert len([row for row in rows if "built" in row]) >= 2
    assert not [row for row in rows if "saw" in row]

"""`mimamori demo-site`: help text, loopback-only binding, and a real serving process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from crawler.cli.main import cli

REPO = Path(__file__).resolve().parents[2]


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(cli, ["demo-site", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--day" in result.output and "fictional" in result.output


def test_non_loopback_host_is_refused() -> None:
    result = CliRunner().invoke(cli, ["demo-site", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "not a loopback address" in result.output


def _answer_ctrl_c() -> None:
    # A process started in the background or under nohup inherits SIGINT ignored, and Python
    # then never raises KeyboardInterrupt: the tests must not depend on how pytest was started.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serves_and_stops_on_ctrl_c(fetch) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli.main", "demo-site", "--port", "0", "--day", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_answer_ctrl_c,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", first)
        assert match, first
        assert "day 2" in first
        assert fetch(match[1] + "/fanclub/creators/ai_idol_factory").status == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


class _InterruptWhileListed:
    """Stands in for the awkward-page list: Ctrl-C arrives while start-up text is written."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), signal.SIGINT)
        return iter(["/awkward"])


def test_ctrl_c_during_start_up_text_still_stops_cleanly(monkeypatch) -> None:
    # The address line is out before the rest of the start-up text, so a user (or a test)
    # can press Ctrl-C in between; that must stop the site with status 0 like any Ctrl-C.
    import crawler.cli.demo_site as command
    from crawler.demo_site.server import DemoSite

    stopped: list[bool] = []
    real_stop = DemoSite.stop
    monkeypatch.setattr(command, "AWKWARD_PATHS", _InterruptWhileListed())
    monkeypatch.setattr(DemoSite, "stop", lambda site: (stopped.append(True), real_stop(site)))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = CliRunner().invoke(cli, ["demo-site", "--port", "0"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == 0, result.output
    assert "stopping" in result.output
    assert stopped == [True]

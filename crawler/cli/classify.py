"""`mimamori classify`: run the detector over JSON lines on stdin (the tested contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from storage.config import AppConfig

if TYPE_CHECKING:
    from crawler.detect.protocol import TextDetector


def _error(row_id: Any, message: str) -> dict[str, Any]:
    return {"id": row_id, "error": message}


def classify_lines(detector: TextDetector, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """One output object per input line, same order; bad lines get an ``error`` field."""
    for raw in lines:
        line_bytes = raw.rstrip(b"\r\n")
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError:
            yield _error(None, "line is not UTF-8")
            continue
        if not line.strip():
            yield _error(None, "empty line")
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):
            yield _error(None, "line is not valid JSON")
            continue
        if not isinstance(row, dict):
            yield _error(None, "line is not a JSON object")
            continue
        row_id = row.get("id")
        if "id" not in row:
            yield _error(None, "missing id")
            continue
        text = row.get("text")
        if not isinstance(text, str):
            yield _error(row_id, "missing text" if text is None else "text is not a string")
            continue
        yield {"id": row_id, **detector.classify_text(text).to_dict()}


def _dump(obj: dict[str, Any]) -> bytes:
    line = json.dumps(obj, ensure_ascii=False)
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # lone surrogates from hostile text: escape them instead
        return json.dumps(obj, ensure_ascii=True).encode("ascii") + b"\n"


def _load_detector(
    cfg: AppConfig,
    watchlist: Path | None,
    signals: Path | None,
    model: str | None,
    rules_only: bool,
) -> TextDetector:
    from crawler.detect import Detector, WatchlistError, load_watchlist_csv
    from crawler.detect.learned import ModelFileError, active_model, load_model
    from crawler.detect.signals import SignalConfigError

    try:
        if watchlist is not None:
            entries = load_watchlist_csv(watchlist)
        else:
            from crawler.detect import load_watchlist_from_db
            from storage.db import open_database

            with open_database(cfg).session() as session:
                entries = load_watchlist_from_db(session)
        if rules_only:
            learned = None
        elif model is None:
            learned = active_model(cfg.data_dir)[0]
        else:
            learned = load_model(None if model == "shipped" else model)
        return Detector(entries, signals_dir=signals, model=learned)
    except (WatchlistError, SignalConfigError, ModelFileError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("classify")
@click.option(
    "--watchlist",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Watchlist CSV (id,name,kana,aliases,category). Default: the watchlist imported "
    "into the database with `mimamori watchlist import`.",
)
@click.option(
    "--signals",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of signal-family YAML files to use instead of the shipped ones.",
)
@click.option(
    "--model",
    default=None,
    metavar="PATH|shipped",
    help="Learned-layer model file. Default: the model `mimamori detector retrain` installed "
    "in the data dir, else the shipped one.",
)
@click.option("--rules-only", is_flag=True, help="Use the word rules without the learned layer.")
@click.pass_obj
def classify_cmd(
    cfg: AppConfig,
    watchlist: Path | None,
    signals: Path | None,
    model: str | None,
    rules_only: bool,
) -> None:
    """Classify posts: read JSON lines with `id` and `text` on stdin, write one JSON line per
    input line to stdout, in order:

    {"id", "flagged", "score", "people", "minor_risk", "reasons"}

    Lines that are not JSON objects with an id and a string text get
    {"id": ..., "error": "..."} instead; the run never stops on bad input.

    Example: mimamori classify --watchlist people.csv < posts.jsonl > verdicts.jsonl
    """
    detector = _load_detector(cfg, watchlist, signals, model, rules_only)
    out: IO[bytes] = sys.stdout.buffer
    for result in classify_lines(detector, sys.stdin.buffer):
        out.write(_dump(result))
        out.flush()


def register(group: click.Group) -> None:
    group.add_command(classify_cmd)

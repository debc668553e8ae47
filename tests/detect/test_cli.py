"""`mimamori classify` (the tested contract) and `mimamori watchlist import/list` against a
real SQLite database. The commands run in-process through click's CliRunner: the same command
objects, stdin and stdout as bytes, no child process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.cli.main import cli


def run_classify(stdin: bytes, *args: str) -> Result:
    return CliRunner().invoke(cli, ["classify", *args], input=stdin)


def test_classify_contract_one_line_per_input_in_order(watchlist_path: Path) -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": "【有償】水瀬ひよりちゃんのAIエロ画像、1枚500円、DMで"},
            ensure_ascii=False,
        ),
        "not json at all",
        json.dumps({"id": 7}),
        "",
        json.dumps({"id": "b", "text": "今日は晴れ"}),
        json.dumps([1, 2]),
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "d", "text": "\ud800 lone surrogate"}),
    ]
    stdin = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n" + b"\xff\xfe broken utf8\n"
    proc = run_classify(stdin, "--watchlist", str(watchlist_path))
    assert proc.exit_code == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout_bytes.decode("utf-8").splitlines()]
    assert len(out) == len(lines) + 1
    first = out[0]
    assert first["id"] == "a" and first["flagged"] is True and first["people"] == ["F001"]
    assert set(first) == {"id", "flagged", "score", "people", "minor_risk", "reasons"}
    assert isinstance(first["score"], float) and first["minor_risk"] is False
    assert out[1] == {"id": None, "error": "line is not valid JSON"}
    assert out[2] == {"id": 7, "error": "missing text"}
    assert out[3]["error"] == "empty line"
    assert out[4]["id"] == "b" and out[4]["flagged"] is False
    assert out[5]["error"] == "line is not a JSON object"
    assert out[6] == {"id": "c", "error": "text is not a string"}
    assert out[7]["error"] == "missing id"
    assert out[8]["id"] == "d" and out[8]["flagged"] is False
    assert out[9]["error"] == "line is not UTF-8"


def test_classify_reasons_are_original_offsets(watchlist_path: Path) -> None:
    text = "Ｎｏｒａ　Ｑｕｉｌｌ deepfake nudes, $10 each, DM me"
    proc = run_classify(
        json.dumps({"id": 1, "text": text}).encode(), "--watchlist", str(watchlist_path)
    )
    [row] = [json.loads(line) for line in proc.stdout_bytes.splitlines()]
    for reason in row["reasons"]:
        assert text[reason["start"] : reason["end"]] == reason["matched"]
    assert row["people"] == ["F005"] and row["flagged"]


def test_classify_bad_watchlist_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "w.csv"
    bad.write_text("name\nfoo\n", encoding="utf-8")
    proc = run_classify(b"", "--watchlist", str(bad))
    assert proc.exit_code != 0
    assert "missing column" in proc.stderr


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def invoke(data_dir: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)


def test_watchlist_import_merge_replace_and_list(
    data_dir: Path, watchlist_path: Path, tmp_path: Path
) -> None:
    result = invoke(data_dir, "watchlist", "import", str(watchlist_path))
    assert result.exit_code == 0, result.output
    assert "added 10, updated 0, unchanged 0, removed 0" in result.output

    changed = tmp_path / "changed.csv"
    changed.write_text(
        "id,name,kana,aliases,category\n"
        "F001,水瀬 ひより,みなせ ひより,ひよりん|ひよ,idol\n"
        "F011,桐生 あかね,きりゅう あかね,,actress\n",
        encoding="utf-8",
    )
    merged = invoke(data_dir, "watchlist", "import", "--merge", str(changed))
    assert "added 1, updated 1, unchanged 0, removed 0" in merged.output

    listed = invoke(data_dir, "watchlist", "list")
    assert listed.output.startswith("id\tname\tkana\taliases\tcategory\timported\t")
    assert "F011\t桐生 あかね" in listed.output and "ひよりん|ひよ" in listed.output
    assert "11 people" in listed.output

    replaced = invoke(data_dir, "watchlist", "import", "--replace", str(changed))
    assert "added 0, updated 0, unchanged 2, removed 9" in replaced.output
    assert "2 people" in invoke(data_dir, "watchlist", "list").output


def test_classify_without_csv_uses_the_imported_watchlist(
    data_dir: Path, watchlist_path: Path
) -> None:
    invoke(data_dir, "watchlist", "import", str(watchlist_path))
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data_dir), "classify"],
        input=json.dumps({"id": 1, "text": "minase hiyori AI nudes $5"}) + "\n",
    )
    row = json.loads(result.output.strip())
    assert row["people"] == ["F001"] and row["flagged"]


def test_load_watchlist_from_db_round_trips(data_dir: Path, watchlist_path: Path) -> None:
    from crawler.detect import load_watchlist_csv, load_watchlist_from_db
    from storage.config import AppConfig
    from storage.db import open_database

    invoke(data_dir, "watchlist", "import", str(watchlist_path))
    database = open_database(AppConfig.resolve(data_dir))
    with database.session() as session:
        from_db = load_watchlist_from_db(session)
    assert from_db == sorted(load_watchlist_csv(watchlist_path), key=lambda e: e.id)


def test_watchlist_import_bad_file_imports_nothing(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nX1,a\nX1,b\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "watchlist", "import", str(bad)])
    assert result.exit_code != 0 and "duplicate id" in result.output
    assert "Nothing was imported" in result.output


def test_watchlist_list_empty_says_what_to_do(data_dir: Path) -> None:
    assert "mimamori watchlist import" in invoke(data_dir, "watchlist", "list").output


def test_watchlist_import_is_audited(data_dir: Path, watchlist_path: Path) -> None:
    from sqlalchemy import select

    from storage.config import AppConfig
    from storage.db import open_database
    from storage.models import AuditEntry

    invoke(data_dir, "watchlist", "import", "--replace", str(watchlist_path))
    with open_database(AppConfig.resolve(data_dir)).session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "watchlist_import"))
        assert entry.detail["mode"] == "replace" and len(entry.detail["added"]) == 10

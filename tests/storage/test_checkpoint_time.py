"""A signed checkpoint carries trusted time from a real local authority, in the database
and in every copy of chain-checkpoints.jsonl, and a swapped or foreign token is named."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

from store_builder import Store

from storage.checkpoints import CHECKPOINT_FILE, record_checkpoint, signer_from_key
from storage.export.signing import load_or_create_key
from storage.timestamps import check_tokens, request_tokens, trusted_roots
from storage.timestamps.checkpoint_time import CheckpointTimestamper, checkpoint_time_check
from storage.verify.checkpoints import CheckpointOptions, verify_checkpoints


def _stamped_checkpoint(store: Store, authority: Any) -> tuple[Any, Any]:
    cfg = dataclasses.replace(
        store.cfg, tsa_urls=(authority.url,), tsa_cert_files=(authority.ca_file,)
    )
    stamper = CheckpointTimestamper(cfg)
    row = record_checkpoint(
        store.db,
        cfg.warc_dir,
        signer=signer_from_key(load_or_create_key(cfg.keys_dir)),
        run_id=store.run_id,
        warc_files=store.warc_files,
        timestamper=stamper,
    )
    stamper.record(store.db)
    return cfg, row


def _verify(store: Store, cfg: Any, roots: list, copy: Any = None) -> list[tuple[str, str]]:
    key = load_or_create_key(cfg.keys_dir)
    options = CheckpointOptions(
        copy=copy, trusted_keys=(key.public_der,), check_timestamp=checkpoint_time_check(roots)
    )
    with store.db.session() as session:
        return verify_checkpoints(session, cfg.warc_dir, options).problems


def test_checkpoint_is_timestamped_in_the_row_the_file_and_the_token_table(
    store: Store, timestamp_authority: Any
) -> None:
    cfg, row = _stamped_checkpoint(store, timestamp_authority)
    (token,) = row.timestamp["tokens"]
    assert token["authority"] == timestamp_authority.url
    lines = (cfg.warc_dir / CHECKPOINT_FILE).read_text().splitlines()
    assert json.loads(lines[-1])["timestamp"] == row.timestamp
    assert _verify(store, cfg, trusted_roots(cfg)) == []
    report = check_tokens(cfg, store.db)
    assert report.ok, report.problems
    assert report.verified["checkpoint"] == 1


def test_a_swapped_token_in_a_copy_of_the_checkpoints_is_refused(
    store: Store, timestamp_authority: Any, tmp_path: Any
) -> None:
    cfg, _ = _stamped_checkpoint(store, timestamp_authority)
    (other,) = request_tokens(cfg, "checkpoint", "elsewhere", "cd" * 32)
    line = json.loads((cfg.warc_dir / CHECKPOINT_FILE).read_text().splitlines()[-1])
    line["timestamp"]["tokens"][0]["token"] = base64.b64encode(other.token).decode()
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps(line) + "\n")
    problems = _verify(store, cfg, trusted_roots(cfg), copy=copy)
    assert any("trusted timestamp" in p and "wrong hash" in p for _, p in problems), problems


def test_a_token_from_an_untrusted_authority_is_refused(
    store: Store, timestamp_authority: Any, untrusted_authority: Any
) -> None:
    cfg, _ = _stamped_checkpoint(store, untrusted_authority)
    problems = _verify(store, cfg, trusted_roots(dataclasses.replace(
        cfg, tsa_cert_files=(timestamp_authority.ca_file,)
    )))  # fmt: skip
    assert any("untrusted authority" in p for _, p in problems), problems

"""Step 3: index the bundle's WARC the way py-wacz does, so pywb and ReplayWeb.page load it.

py-wacz (`wacz create`) writes `indexes/index.cdx.gz`: sorted CDXJ lines in gzip blocks of
1024 lines, and `indexes/index.idx`, one line per block, that ReplayWeb.page reads to fetch
only the blocks it needs; pywb's `wb-manager add --unpack-wacz` reads the `.cdx.gz`. Lines
carry py-wacz's fields (`wacz create` indexes with `fields="referrer,req.http:cookie"`,
`digest_records=True`, `post_append=True`): facts of the request record go on its
response's line, as py-wacz's indexer joins them; request records get no line of their own
(docs/architecture.md, "Export formats").
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable

import surt
from cdxj_indexer.main import CompressedWriter
from cdxj_indexer.postquery import append_method_query

from storage.export.archive import ARCHIVE_NAME, CopiedRecord

INDEX_PATH = "indexes/index.cdx.gz"
IDX_PATH = "indexes/index.idx"
LINES_PER_BLOCK = 1024  # py-wacz's DEFAULT_NUM_LINES
INDEXED_TYPES = frozenset({"response", "revisit", "resource", "metadata"})
_MIME_END = re.compile(r"[;\s]")


def surt_key(url: str) -> str:
    try:
        return surt.surt(url)
    except Exception:
        return url


def _indexed(rec: CopiedRecord) -> bool:
    if not rec.is_capture or rec.record_type not in INDEXED_TYPES or not rec.url:
        return False
    # py-wacz leaves out resource/metadata records that only carry warc-fields.
    return not (
        rec.record_type in ("resource", "metadata")
        and rec.warc_content_type == "application/warc-fields"
    )


def _post_key(rec: CopiedRecord) -> tuple[str, dict[str, str]]:
    """py-wacz's key for a POST/PUT: the body folded into the URL (`__wb_method=post&...`)."""
    req = rec.request
    body = req.get("body", "").encode("latin-1")
    query, suffix = append_method_query(
        req["method"], req.get("content_type"), req.get("content_length"), io.BytesIO(body), rec.url
    )
    return surt_key(rec.url + suffix), {"requestBody": query, "method": req["method"]}


def cdxj_line(rec: CopiedRecord) -> str:
    block: dict[str, str] = {"url": rec.url}
    mime = _MIME_END.split(rec.mime, 1)[0].strip() if rec.mime else ""
    if mime:
        block["mime"] = mime
    if rec.status is not None:
        block["status"] = str(rec.status)
    if rec.payload_digest:
        block["digest"] = rec.payload_digest
    block |= {"length": str(rec.length), "offset": str(rec.offset), "filename": ARCHIVE_NAME}
    block["recordDigest"] = rec.record_digest
    if "referrer" in rec.request:
        block["referrer"] = rec.request["referrer"]
    if "cookie" in rec.request:
        block["req.http:cookie"] = rec.request["cookie"]
    block["recordId"] = rec.record_id  # ours: ties the line to records/captures.jsonl
    key = surt_key(rec.url)
    if rec.request.get("method") in ("POST", "PUT"):
        key, extra = _post_key(rec)
        block |= extra
    return f"{key} {rec.timestamp} {json.dumps(block)}"


def cdxj_lines(records: Iterable[CopiedRecord]) -> list[str]:
    """Sorted, distinct CDXJ lines (replay tools binary-search them)."""
    return sorted({cdxj_line(rec) for rec in records if _indexed(rec)})


def compressed_index(lines: list[str]) -> tuple[bytes, bytes]:
    """(index.cdx.gz, index.idx) exactly as py-wacz's indexer writes them."""
    data = io.BytesIO()
    idx = io.StringIO()
    writer = CompressedWriter(
        idx,
        data_out=data,
        num_lines=LINES_PER_BLOCK,
        data_out_name="index.cdx.gz",
        digest_records=True,
    )
    for line in lines:
        writer.write(line + "\n")
    if writer.block:
        writer.flush()
    return data.getvalue(), idx.getvalue().encode("utf-8")

"""The JSON a rendered page received, for specs that name `response:`.

A client-rendered page often shows less than its API sent: stable ids, publish times and
fee flags live only in the JSON the page's scripts fetched. The engine hands those bodies
over in `RECEIVED_JSON_META` (spiders.contract); this module finds the one a spec's
`response:` pattern names and parses it once per page. A body that is not JSON, or was
over the size cap, is skipped and reported as a page problem, never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from spiders.contract import RECEIVED_JSON_META, ReceivedJson

# Stands for "parsing failed" in the cache, distinct from a JSON `null`.
_UNUSABLE = object()


def reads_received_json(section: Any) -> bool:
    """Whether any field or repeated block in a profile (section) names `response:`; only
    then are a rendered page's API bodies handed to the spider."""
    if isinstance(section, BaseModel):
        if getattr(section, "response", None):
            return True
        return any(
            reads_received_json(getattr(section, name)) for name in type(section).model_fields
        )
    if isinstance(section, dict):
        return any(reads_received_json(v) for v in section.values())
    if isinstance(section, (list, tuple)):
        return any(reads_received_json(v) for v in section)
    return False


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


class ReceivedBodies:
    """The JSON bodies of one rendered page, looked up by a `response:` regex."""

    def __init__(
        self,
        received: Sequence[ReceivedJson],
        report: Callable[[str, str], None],
    ) -> None:
        self.received = list(received)
        self.report = report
        self._parsed: dict[int, Any] = {}
        self._reported: set[tuple[str, str]] = set()

    @classmethod
    def of_response(
        cls, meta: dict[str, Any], report: Callable[[str, str], None]
    ) -> ReceivedBodies:
        received = meta.get(RECEIVED_JSON_META) or ()
        return cls([r for r in received if isinstance(r, ReceivedJson)], report)

    def json_for(self, pattern: str) -> Any:
        """The parsed body of the first matching response that is usable JSON, else None."""
        regex = re.compile(pattern)
        matched = False
        for index, received in enumerate(self.received):
            if not regex.search(path_and_query(received.url)):
                continue
            matched = True
            data = self._parse(index, received)
            if data is not _UNUSABLE:
                return data
        if not matched:
            self._report_once(
                pattern,
                "response_missing",
                f"no JSON response matching {pattern!r} was received while rendering the page",
            )
        return None

    def _parse(self, index: int, received: ReceivedJson) -> Any:
        if index in self._parsed:
            return self._parsed[index]
        data: Any = _UNUSABLE
        if received.too_large:
            self._report_once(
                received.url, "response_too_large", f"{received.url}: body over the size cap"
            )
        else:
            try:
                data = json.loads(received.body)
            except (ValueError, UnicodeDecodeError) as exc:
                self._report_once(
                    received.url, "bad_json", f"{received.url}: not JSON ({exc})"[:500]
                )
        self._parsed[index] = data
        return data

    def _report_once(self, key: str, kind: str, message: str) -> None:
        if (kind, key) in self._reported:
            return
        self._reported.add((kind, key))
        self.report(kind, message)

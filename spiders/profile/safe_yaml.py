"""Reading untrusted YAML with limits, so a small file cannot cost minutes or gigabytes.

`yaml.safe_load` refuses arbitrary objects but not an alias bomb: a few hundred bytes of
anchors referring to anchors expand to billions of values once walked as a tree (the
`${VAR}` expansion and the schema validation both walk it). Here the document is composed
once with a loader that counts aliases and nesting as it goes, its expanded size is
computed over the shared node graph (linear in the file, not in the expansion), and only
then is it constructed. Any limit crossed raises `YamlTooLarge` with a sentence for the
operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 50
MAX_VALUES = 50_000


class YamlTooLarge(ValueError):
    """The document crosses one of the limits; the message says which."""


@dataclass(frozen=True)
class YamlLimits:
    max_bytes: int = MAX_BYTES
    max_aliases: int = MAX_ALIASES
    max_depth: int = MAX_DEPTH
    max_values: int = MAX_VALUES


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader (pure Python, so compose_node can be wrapped) that counts as it composes."""

    limits = YamlLimits()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.max_aliases:
                raise YamlTooLarge(
                    f"uses more than {self.limits.max_aliases} aliases (*name); "
                    "write the values out instead"
                )
        self._depth += 1
        try:
            if self._depth > self.limits.max_depth:
                raise YamlTooLarge(f"is nested more than {self.limits.max_depth} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def expanded_size(root: yaml.Node, limit: int) -> int:
    """How many values the document holds once every alias is expanded, counted over the
    shared graph with one memo entry per node; stops counting past `limit`."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        # Until counted, a node is "too many": an alias to an enclosing anchor is a cycle.
        sizes[id(node)] = limit + 1
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(node)] = min(total, limit + 1)
        return sizes[id(node)]

    return size(root)


def load_limited(text: str, limits: YamlLimits | None = None) -> tuple[yaml.Node | None, Any]:
    """The composed node tree (for error line numbers) and the loaded data of one YAML
    document, or `YamlTooLarge`. Syntax errors are yaml.YAMLError, as with yaml.safe_load."""
    limits = limits or YamlLimits()
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise YamlTooLarge(f"is larger than {limits.max_bytes:,} bytes")
    loader_class = type("LimitedLoader", (_LimitedLoader,), {"limits": limits})
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if expanded_size(root, limits.max_values) > limits.max_values:
            raise YamlTooLarge(
                f"expands to more than {limits.max_values:,} values "
                "(anchors and aliases repeat parts of it)"
            )
        return root, loader.construct_document(root)
    finally:
        loader.dispose()

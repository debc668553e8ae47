"""The similarity finders' thresholds, read from crawler/link/similar.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crawler.link.image_index import MAX_DISTANCE

CONFIG_PATH = Path(__file__).with_name("similar.yaml")


@dataclass(frozen=True)
class SimilarConfig:
    image_max_distance: int = MAX_DISTANCE
    image_min_quality: int = 50
    image_max_accounts: int = 10
    image_max_edges: int = 5
    text_threshold: float = 0.6
    text_ngram: int = 3
    text_num_perm: int = 128
    text_min_chars: int = 30
    text_max_accounts: int = 10
    text_shown_chars: int = 2000
    handle_min_ratio: float = 88.0
    handle_min_length: int = 5
    handle_max_accounts: int = 10
    handle_generic: tuple[str, ...] = ()


_FIELDS = {
    ("image", "max_distance"): "image_max_distance",
    ("image", "min_quality"): "image_min_quality",
    ("image", "max_accounts"): "image_max_accounts",
    ("image", "max_edges_per_pair"): "image_max_edges",
    ("text", "threshold"): "text_threshold",
    ("text", "ngram"): "text_ngram",
    ("text", "num_perm"): "text_num_perm",
    ("text", "min_chars"): "text_min_chars",
    ("text", "max_accounts"): "text_max_accounts",
    ("text", "shown_chars"): "text_shown_chars",
    ("handle", "min_ratio"): "handle_min_ratio",
    ("handle", "min_length"): "handle_min_length",
    ("handle", "max_accounts"): "handle_max_accounts",
    ("handle", "generic"): "handle_generic",
}


def load_config(path: Path = CONFIG_PATH) -> SimilarConfig:
    """The thresholds in `path`; an unknown key is an error, not silently ignored."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    values: dict[str, Any] = {}
    for section, entries in data.items():
        for key, value in (entries or {}).items():
            name = _FIELDS.get((section, key))
            if name is None:
                raise ValueError(f"{path}: unknown setting {section}.{key}")
            values[name] = tuple(value) if isinstance(value, list) else value
    cfg = SimilarConfig(**values)
    if cfg.image_max_distance > MAX_DISTANCE:
        raise ValueError(f"{path}: image.max_distance above {MAX_DISTANCE} is not searched")
    return cfg

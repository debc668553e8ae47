"""An idol's group and her position in it, as fans mix them: every group name with every
position her aliases give. "パスオビ 紫" and "Pastel♡Orbit エース" also make パスオビのエース,
as fans mix a group's short name with any of her roles."""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.detect.readings import split_name

_LATIN_KEY = re.compile(r"[a-z0-9]+\Z")
_MOST_FORMS = 16  # a long list of aliases would make pairs nobody writes


def group_position_forms(
    aliases: tuple[str, ...], name_keys: set[str], key_of: Callable[[str], str]
) -> list[str]:
    """The group-and-position forms no alias spells out. Aliases of two words that are not
    Latin and not her own name (渡辺 凛花) are read as (group, position)."""
    pairs = []
    for alias in aliases:
        parts = split_name(alias)
        own_name = name_keys & {key_of(part) for part in parts}
        if len(parts) == 2 and not _LATIN_KEY.match(key_of(alias)) and not own_name:
            pairs.append((parts[0], parts[1]))
    groups = list(dict.fromkeys(g for g, _ in pairs))
    positions = list(dict.fromkeys(p for _, p in pairs))
    if len(groups) * len(positions) > _MOST_FORMS:
        return []
    return [
        form
        for group in groups
        for position in positions
        if (group, position) not in pairs
        for form in (f"{group} {position}", f"{group}の{position}")
    ]

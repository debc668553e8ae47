"""Reading a profile file: YAML, ${VARIABLES}, and errors that name the file, line and field."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from spiders.profile.base import ProfileError
from spiders.profile.model import BUNDLED_PROFILES_DIR, Profile
from spiders.profile.paths import unknown_field_message
from spiders.profile.safe_yaml import YamlTooLarge, load_limited

# `${NAME}` must be set; `${NAME:-default}` falls back to the default when NAME is unset or
# empty (the shell's meaning), so a bundled profile names the real platform and a lab or a
# test points it elsewhere with `--var NAME=...`.
_VAR = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


def _expand_vars(node: Any, variables: dict[str, str], source: str) -> Any:
    if isinstance(node, str):

        def repl(match: re.Match[str]) -> str:
            name, default = match.group(1), match.group(2)
            if default is not None and not variables.get(name):
                return default
            if name not in variables:
                raise ProfileError(
                    f"{source}: uses ${{{name}}} but it is not set; "
                    f"set the environment variable {name} or pass --var {name}=VALUE"
                )
            return variables[name]

        return _VAR.sub(repl, node)
    if isinstance(node, list):
        return [_expand_vars(v, variables, source) for v in node]
    if isinstance(node, dict):
        return {k: _expand_vars(v, variables, source) for k, v in node.items()}
    return node


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk the YAML node tree along a pydantic error location; return a 1-based line."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node = value_node
                    line = key_node.start_mark.line + 1
                    break
            else:
                break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse_profile(text: str, source: str, variables: dict[str, str] | None = None) -> Profile:
    try:
        tree, data = load_limited(text)
    except YamlTooLarge as exc:
        raise ProfileError(f"{source}: refused: the YAML {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError(f"{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: a profile must be a YAML mapping (name:, platform:, ...)")
    env = dict(os.environ)
    env.update(variables or {})
    data = _expand_vars(data, env, source)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(
                p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))
            )
            field = ".".join(str(p) for p in loc) or "(top level)"
            line = _line_of(tree, loc)
            where = f"{source}:{line}" if line else source
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = unknown_field_message(Profile, loc)
            lines.append(f"{where}: field `{field}`: {message}")
        raise ProfileError("invalid profile\n  " + "\n  ".join(lines)) from None
    return profile.model_copy(update={"source_path": source})


def bundled_profile_names() -> list[str]:
    return sorted(p.stem for p in BUNDLED_PROFILES_DIR.glob("*.yaml"))


def profile_dirs(operator_dir: Path | None = None) -> list[Path]:
    """Where profiles are found by name: the operator's own folder first, then the bundled ones."""
    return ([operator_dir] if operator_dir is not None else []) + [BUNDLED_PROFILES_DIR]


def load_profile(
    name_or_path: str, variables: dict[str, str] | None = None, *, operator_dir: Path | None = None
) -> Profile:
    """Load a profile from a path, or by name from the operator's profiles or the bundled ones."""
    path = Path(name_or_path)
    if not path.exists() and not name_or_path.endswith((".yaml", ".yml")):
        for folder in profile_dirs(operator_dir):
            candidate = folder / f"{name_or_path}.yaml"
            if candidate.exists():
                path = candidate
                break
    if not path.exists():
        known = ", ".join(bundled_profile_names()) or "none"
        raise ProfileError(
            f"no profile file {name_or_path!r}; give a path to a YAML file or a bundled name ({known})"
        )
    return parse_profile(path.read_text(encoding="utf-8"), str(path), variables)


def validate_profile_text(text: str, source: str) -> Profile:
    """Check a profile's structure without the values of its ${VARIABLES} (an admin uploading
    a profile may not have them): unset ones stand in as a harmless placeholder URL."""
    return check_profile_text(text, source)[0]


def check_profile_text(
    text: str, source: str, variables: dict[str, str] | None = None
) -> tuple[Profile, list[str]]:
    """The profile, validated with `variables` and the environment, and the names of the
    ${VARIABLES} that were set in neither and have no `:-default` (checked with a
    placeholder URL instead)."""
    given = variables or {}
    unset = sorted(
        {
            m.group(1)
            for m in _VAR.finditer(text)
            if m.group(1) not in given and m.group(1) not in os.environ and m.group(2) is None
        }
    )
    placeholders = dict.fromkeys(unset, "http://placeholder.invalid")
    return parse_profile(text, source, {**given, **placeholders}), unset

"""Which section of the schema a place in a profile file is, and the keys valid there.

Used by the loader's errors ("not a field here; valid fields: …") and by the generated
reference, so both name fields the way a profile file writes them (aliases such as `json`).
"""

from __future__ import annotations

import difflib
import inspect
import typing
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def documented_fields(model: type[BaseModel]) -> Iterator[tuple[str, FieldInfo]]:
    """The fields a profile may write, by their YAML key (internal, excluded fields left out)."""
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        yield info.alias or name, info


def field_keys(model: type[BaseModel]) -> list[str]:
    return [key for key, _ in documented_fields(model)]


def _step(annotation: Any, part: str | int) -> Any:
    """The type one step into `annotation`: a field of a model, an item of a list, a value of
    a map. None when the step does not fit."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        if not isinstance(part, str):
            return None
        for key, info in documented_fields(annotation):
            if key == part:
                return info.annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    for arg in args:  # a union (`FieldSpec | None`): the first member the step fits
        found = _step(arg, part)
        if found is not None:
            return found
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def section_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class at `loc` (a pydantic error location without its last key)."""
    annotation: Any = root
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    return _model_of(annotation)


def unknown_field_message(root: type[BaseModel], loc: Sequence[str | int]) -> str:
    """What to tell an operator who wrote a key the schema does not know at `loc`."""
    section = section_at(root, loc[:-1])
    if section is None:
        return "not a field here"
    keys = field_keys(section)
    message = f"not a field here; valid fields: {', '.join(keys)}"
    close = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.7)
    if close:
        message += f" (did you mean `{close[0]}`?)"
    return message + " — see docs/profiles.md"

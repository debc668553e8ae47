"""What every profile section shares: strict fields, and the error operators see."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ProfileError(Exception):
    """A profile that cannot be used, with a message that says where and what to fix."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

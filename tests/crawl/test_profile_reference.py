"""The profile reference is the schema's own words, and errors name the fields valid there."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from spiders.profile import ProfileError, parse_profile
from spiders.profile.base import Strict
from spiders.profile.paths import section_at, unknown_field_message
from spiders.profile.reference import (
    reference_markdown,
    section_markdown,
    sections,
    undocumented_fields,
)

REPO = Path(__file__).resolve().parents[2]
MINIMAL = """\
name: t
platform: t
display_name: T
start_urls: ["https://t.example/"]
links:
  - kind: listing
    pattern: '^/$'
"""


def test_docs_profiles_md_is_the_generated_reference():
    committed = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/profiles.md differs from the schema: run "
        "`mimamori profile docs --output docs/profiles.md` and commit it"
    )


def test_every_field_has_a_description():
    assert undocumented_fields() == []


def test_every_section_and_field_appears_in_the_reference():
    text = reference_markdown()
    for model in sections():
        assert f"### {model.__name__}" in text
        for name, info in model.model_fields.items():
            if not info.exclude:
                assert f"| `{info.alias or name}` |" in text, f"{model.__name__}.{name}"
    # The alias is what a profile writes, not the attribute name.
    assert "| `json` |" in text and "`is_json`" not in text


def test_a_field_added_to_a_section_appears_without_touching_the_generator():
    class Extra(Strict):
        """A section another module adds."""

        knob: int = Field(default=3, ge=1, description="How far to turn it.", examples=[5])

    class Root(Strict):
        extra: Extra | None = Field(default=None, description="The new section.")

    assert sections(Root) == [Root, Extra]
    text = section_markdown(Extra)
    assert "| `knob` | integer (≥ 1) | `3` | How far to turn it. | `knob: 5` |" in text


def test_the_walkthrough_profiles_in_the_reference_are_valid():
    blocks = re.findall(r"```yaml\n(.*?)```", reference_markdown(), flags=re.S)
    whole = [b for b in blocks if b.startswith("name:") and "links:" in b]
    assert whole, "the introduction should show one whole profile"
    for block in whole:
        profile = parse_profile(block, "docs/profiles.md", {"FANCLUB_URL": "https://f.example"})
        assert {rule.kind for rule in profile.links} == {"listing", "account", "post", "posts"}


def test_confirmed_and_notes_are_optional_top_level_fields():
    profile = parse_profile(MINIMAL + "confirmed: 2026-11-20\nnotes: checked by hand\n", "t")
    assert profile.confirmed == date(2026, 11, 20)
    assert profile.notes == "checked by hand"
    assert parse_profile(MINIMAL, "t").confirmed is None
    with pytest.raises(ProfileError, match="confirmed"):
        parse_profile(MINIMAL + "confirmed: last tuesday\n", "t")


def test_unknown_field_error_names_the_valid_fields_at_that_place():
    text = MINIMAL.replace("pattern: '^/$'", "pattern: '^/$'\n    headerz: {}")
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "t.yaml")
    message = str(caught.value)
    assert "t.yaml:8: field `links.0.headerz`: not a field here; valid fields: kind, pattern," in (
        message
    )
    assert "json_link_template" in message and "is_json" not in message


def test_unknown_field_error_inside_field_specs_and_blocks_suggests_the_close_one():
    text = MINIMAL.replace("kind: listing", "kind: account") + (
        "account:\n  handle: {css: a, txt: true}\n  plans: {each: div, fields: {name: {csss: b}}}\n"
    )
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "t.yaml")
    lines = str(caught.value).splitlines()
    handle = next(line for line in lines if "account.handle.txt" in line)
    assert "valid fields: css, xpath, jmespath, re, many, text" in handle
    assert "(did you mean `text`?)" in handle
    assert any("account.plans.fields.name.csss" in ln and "`css`" in ln for ln in lines)


def test_unknown_top_level_field_lists_the_top_level_fields():
    with pytest.raises(ProfileError) as caught:
        parse_profile(MINIMAL + "note: typo\n", "t.yaml")
    message = str(caught.value)
    assert "field `note`: not a field here; valid fields: name, platform," in message
    assert "(did you mean `notes`?)" in message
    assert "source_path" not in message


def test_section_at_follows_lists_maps_and_optional_sections():
    from spiders.profile import FieldSpec, LinkRule, Profile, RepeatedSpec

    assert section_at(Profile, ("links", 0)) is LinkRule
    assert section_at(Profile, ("post_list",)) is RepeatedSpec
    assert section_at(Profile, ("post_list", "fields", "key")) is FieldSpec
    assert section_at(Profile, ("nonsense", 3)) is None
    assert unknown_field_message(Profile, ("nonsense", "x")) == "not a field here"


def test_examples_render_as_yaml_a_profile_can_use():
    # Every example in the reference tables parses as YAML (operators copy them).
    for line in reference_markdown().splitlines():
        if not line.startswith("| `"):
            continue
        example_cell = line.rsplit("|", 2)[-2]
        for example in re.findall(r"`([^`]+)`", example_cell.replace("\\|", "|")):
            assert isinstance(yaml.safe_load(example), dict), example

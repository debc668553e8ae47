"""Site profiles: the YAML that tells the generic spider where everything is on a platform.

Validation errors name the file, the line and the field, because the people who
write profiles are operators, not the authors of this code. The schema is split by
section: `fields` (one value), `pages` (accounts, posts, link rules), `options`,
`model` (the whole profile), `browser` (what rendered pages do: load more, received JSON)
and `loading` (files and variables).
"""

from spiders.profile.base import ProfileError
from spiders.profile.browser import LoadMoreSpec
from spiders.profile.fields import FieldSpec, RepeatedSpec
from spiders.profile.link_in_bio import LinkInBio
from spiders.profile.loading import (
    bundled_profile_names,
    load_profile,
    parse_profile,
    profile_dirs,
    validate_profile_text,
)
from spiders.profile.model import BUNDLED_PROFILES_DIR, Profile
from spiders.profile.options import (
    BrowserOptions,
    HealthThresholds,
    Limits,
    MediaOptions,
    Politeness,
    ScreenshotOptions,
)
from spiders.profile.pages import AccountSpec, LinkRule, PageKind, PostSpec, ScrollSpec

__all__ = [
    "BUNDLED_PROFILES_DIR",
    "AccountSpec",
    "BrowserOptions",
    "FieldSpec",
    "HealthThresholds",
    "Limits",
    "LinkInBio",
    "LinkRule",
    "LoadMoreSpec",
    "MediaOptions",
    "PageKind",
    "Politeness",
    "PostSpec",
    "Profile",
    "ProfileError",
    "RepeatedSpec",
    "ScreenshotOptions",
    "ScrollSpec",
    "bundled_profile_names",
    "load_profile",
    "parse_profile",
    "profile_dirs",
    "validate_profile_text",
]

"""Site profiles: the YAML that tells the generic spider where everything is on a platform.

Validation errors name the file, the line and the field, because the people who
write profiles are operators, not the authors of this code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

BUNDLED_PROFILES_DIR = Path(__file__).with_name("profiles")
_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")


class ProfileError(Exception):
    """A profile that cannot be used, with a message that says where and what to fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    """How to pull one value out of a page. A plain string is a CSS selector."""

    css: str | None = None
    xpath: str | None = None
    jmespath: str | None = None
    # Keep only what the first group (or the whole match) of this regex captures.
    re: str | None = None
    # Collect every match (a list) instead of the first one.
    many: bool = False
    # Take all descendant text of the selected elements, whitespace-normalised.
    text: bool = False
    # Resolve the value against the page URL (for hrefs and srcs).
    url: bool = False
    # Take the value from a named group of the link rule's pattern (e.g. the handle in the URL).
    from_url: str | None = None
    const: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"css": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = [
            s
            for s in (self.css, self.xpath, self.jmespath, self.from_url, self.const)
            if s is not None
        ]
        if len(sources) != 1:
            raise ValueError("give exactly one of css, xpath, jmespath, from_url or const")
        if self.re is not None:
            try:
                re.compile(self.re)
            except re.error as exc:
                raise ValueError(f"bad regular expression {self.re!r}: {exc}") from None
        if self.css is not None:
            _check_css(self.css)
        if self.xpath is not None:
            _check_xpath(self.xpath)
        if self.jmespath is not None:
            _check_jmespath(self.jmespath)
        return self


def _check_css(expr: str) -> None:
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(expr)
    except Exception as exc:
        raise ValueError(f"bad CSS selector {expr!r}: {exc}") from None


def _check_xpath(expr: str) -> None:
    from lxml import etree

    try:
        etree.XPath(expr)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {expr!r}: {exc}") from None


def _check_jmespath(expr: str) -> None:
    import jmespath

    try:
        jmespath.compile(expr)
    except jmespath.exceptions.ParseError as exc:
        raise ValueError(f"bad JMESPath {expr!r}: {exc}") from None


class RepeatedSpec(_Strict):
    """A repeated block (plans on an account page, posts in a timeline) and its fields."""

    each: str
    # css (HTML pages) or jmespath (JSON pages) selecting each block
    each_is: Literal["css", "jmespath"] = "css"
    fields: dict[str, FieldSpec]

    @model_validator(mode="after")
    def _check(self) -> RepeatedSpec:
        if self.each_is == "css":
            _check_css(self.each)
        else:
            _check_jmespath(self.each)
        return self


class AccountSpec(_Strict):
    key: FieldSpec | None = None
    handle: FieldSpec
    display_name: FieldSpec | None = None
    bio: FieldSpec | None = None
    links: FieldSpec | None = None
    avatar: FieldSpec | None = None
    plans: RepeatedSpec | None = None
    posts: RepeatedSpec | None = None

    @field_validator("plans")
    @classmethod
    def _plan_fields(cls, value: RepeatedSpec | None) -> RepeatedSpec | None:
        if value is not None and "name" not in value.fields:
            raise ValueError("plans.fields needs at least `name` (and usually `price`)")
        return value

    @field_validator("posts")
    @classmethod
    def _post_fields(cls, value: RepeatedSpec | None) -> RepeatedSpec | None:
        if value is not None and not ({"key", "url"} & value.fields.keys()):
            raise ValueError("posts.fields needs `key` or `url` so a post can be recognised again")
        return value


class PostSpec(_Strict):
    key: FieldSpec | None = None
    account_key: FieldSpec
    account_handle: FieldSpec | None = None
    account_url: FieldSpec | None = None
    title: FieldSpec | None = None
    text: FieldSpec | None = None
    posted_at: FieldSpec | None = None
    price: FieldSpec | None = None
    media: FieldSpec | None = None
    # More text to judge with the post (request options, tags), joined after `text`.
    extra_text: FieldSpec | None = None


PageKind = Literal["listing", "account", "post", "posts"]


class LinkRule(_Strict):
    """Which URLs to follow and what kind of page each is."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: PageKind
    pattern: str
    # Follow links found on pages of this kind (listing pages almost always).
    follow: bool = True
    # Override the profile's `render` for these pages.
    render: bool | None = None
    # Pages that are JSON (an API) rather than HTML.
    is_json: bool = Field(default=False, alias="json")
    # For JSON pages: where the next links are, and how to turn each value into a URL.
    json_links: FieldSpec | None = None
    json_link_template: str | None = None
    # Browser pages: wait for this CSS selector before extracting (client-rendered content).
    wait_for: str | None = None

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from None
        return value


class ScrollSpec(_Strict):
    """Infinite scroll in the browser: scroll until no new items appear."""

    item_selector: str
    max_scrolls: int = Field(default=10, ge=0, le=500)
    wait_ms: int = Field(default=700, ge=50, le=30_000)


class Politeness(_Strict):
    download_delay: float = Field(default=0.5, ge=0)
    concurrency: int = Field(default=4, ge=1, le=64)
    obey_robots_txt: bool = True
    autothrottle: bool = True
    user_agent: str | None = None


class Limits(_Strict):
    max_page_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    page_timeout_s: float = Field(default=30, gt=0)
    max_pages: int = Field(default=0, ge=0)
    max_depth: int = Field(default=0, ge=0)
    max_runtime_s: int = Field(default=0, ge=0)
    max_retry_after_s: float = Field(default=120, ge=0)


class MediaOptions(_Strict):
    fetch: bool = True
    # Keep originals (not only blurred thumbnails). Off by default: see docs/architecture.md, "Safety".
    keep_originals: bool = False


class BrowserOptions(_Strict):
    # When a navigation counts as done; client-rendered pages add `wait_for` on their link rule.
    wait_until: Literal["load", "domcontentloaded", "networkidle"] = "load"


class ScreenshotOptions(_Strict):
    enabled: bool = True
    # Blur images, videos, canvases and backgrounds before the screenshot (operator may opt out).
    blur_media: bool = True


class HealthThresholds(_Strict):
    min_accounts: int = Field(default=1, ge=0)
    max_error_ratio: float = Field(default=0.2, ge=0, le=1)
    min_field_coverage: float = Field(default=0.5, ge=0, le=1)


class Profile(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    platform: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    display_name: str
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    render: bool = False
    allow_private_addresses: bool = False
    links: list[LinkRule] = Field(min_length=1)
    account: AccountSpec | None = None
    post: PostSpec | None = None
    # Pages that list several posts (a JSON timeline endpoint); needs an `account_key` field.
    post_list: RepeatedSpec | None = None
    scroll: ScrollSpec | None = None
    politeness: Politeness = Politeness()
    limits: Limits = Limits()
    media: MediaOptions = MediaOptions()
    screenshots: ScreenshotOptions = ScreenshotOptions()
    browser: BrowserOptions = BrowserOptions()
    health: HealthThresholds = HealthThresholds()
    source_path: str | None = Field(default=None, exclude=True)

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"start URL {url!r} must be an absolute http(s) URL")
        return value

    @model_validator(mode="after")
    def _extractors_present(self) -> Profile:
        kinds = {rule.kind for rule in self.links}
        if "account" in kinds and self.account is None:
            raise ValueError("links has an `account` rule but there is no `account:` section")
        if "post" in kinds and self.post is None:
            raise ValueError("links has a `post` rule but there is no `post:` section")
        if "posts" in kinds and self.post_list is None:
            raise ValueError("links has a `posts` rule but there is no `post_list:` section")
        if self.post_list is not None and "account_key" not in self.post_list.fields:
            raise ValueError(
                "post_list.fields needs `account_key` (which account each post belongs to)"
            )
        if not self.allowed_domains:
            hosts = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
            object.__setattr__(self, "allowed_domains", hosts)
        return self

    def rule_for(self, url: str) -> LinkRule | None:
        target = _path_and_query(url)
        for rule in self.links:
            if re.search(rule.pattern, target):
                return rule
        return None

    def needs_browser(self, rule: LinkRule | None) -> bool:
        if rule is not None and rule.render is not None:
            return rule.render
        return self.render


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


# -- loading ---------------------------------------------------------------------------


def _expand_vars(node: Any, variables: dict[str, str], source: str) -> Any:
    if isinstance(node, str):

        def repl(match: re.Match[str]) -> str:
            name = match.group(1)
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
        tree = yaml.compose(text)
        data = yaml.safe_load(text)
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
    placeholders = {
        name: "http://placeholder.invalid" for name in _VAR.findall(text) if name not in os.environ
    }
    return parse_profile(text, source, placeholders)

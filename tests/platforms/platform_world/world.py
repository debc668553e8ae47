"""The whole platform test world: one local server per fictional platform host.

`with PlatformWorld() as world:` starts them on 127.0.0.1 (free ports); `world.variables`
are the `--var` values that point the bundled profiles at these hosts instead of the real
platforms.
"""

from __future__ import annotations

from types import TracebackType

from platform_world import cien, fantia
from platform_world.cast import FRIL_KEYWORDS, SKEB_SEED
from platform_world.fanbox import FanboxHosts
from platform_world.fril import FrilHosts
from platform_world.hosts import Host
from platform_world.skeb import SkebHost


class PlatformWorld:
    def __init__(self) -> None:
        self.fanbox = FanboxHosts()
        self.fril = FrilHosts()
        self.skeb = SkebHost()
        self.hosts = {
            "fantia": Host("fantia", fantia.handle),
            "fanbox_www": Host("fanbox_www", self.fanbox.handle_www),
            "fanbox_api": Host("fanbox_api", self.fanbox.handle_api),
            "cien": Host("cien", cien.handle),
            "skeb": Host("skeb", self.skeb.handle),
            "fril": Host("fril", self.fril.handle_search),
            "fril_item": Host("fril_item", self.fril.handle_item),
        }

    def start(self) -> PlatformWorld:
        for host in self.hosts.values():
            host.start()
        self.fanbox.www = self.hosts["fanbox_www"].base_url
        self.fanbox.api = self.hosts["fanbox_api"].base_url
        self.fril.search = self.hosts["fril"].base_url
        self.fril.item = self.hosts["fril_item"].base_url
        return self

    def stop(self) -> None:
        for host in self.hosts.values():
            host.stop()

    def __enter__(self) -> PlatformWorld:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def url(self, host: str) -> str:
        return self.hosts[host].base_url

    @property
    def variables(self) -> dict[str, str]:
        """The `--var` values that send every bundled platform profile to this world."""
        return {
            "FANTIA_URL": self.url("fantia"),
            "FANBOX_URL": self.url("fanbox_www"),
            "FANBOX_API_URL": self.url("fanbox_api"),
            "FANBOX_DOMAIN": "127.0.0.1",
            "CIEN_URL": self.url("cien"),
            "SKEB_URL": self.url("skeb"),
            "SKEB_SEED_HANDLE": SKEB_SEED,
            "RAKUMA_URL": self.url("fril"),
            "RAKUMA_ITEM_URL": self.url("fril_item"),
            "RAKUMA_DOMAIN": "127.0.0.1",
            "RAKUMA_KEYWORD_1": FRIL_KEYWORDS[0],
            "RAKUMA_KEYWORD_2": FRIL_KEYWORDS[1],
        }

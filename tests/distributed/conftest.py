"""The distributed tests' fixtures. They live in `dist_world.py`, which test modules import by
that unique name: a bare `conftest` module name is whichever directory's conftest pytest
loaded last when several test folders run in one session."""

from dist_world import frontier_url, redis_server, redis_with_password, site

__all__ = ["frontier_url", "redis_server", "redis_with_password", "site"]

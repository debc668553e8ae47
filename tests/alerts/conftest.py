"""The alert tests' fixtures. They live in `alert_world.py`, which test modules import by
that unique name: a bare `conftest` module name is whichever directory's conftest pytest
loaded last when several test folders run in one session."""

from alert_world import night, smtp_server, webhook_receiver

__all__ = ["night", "smtp_server", "webhook_receiver"]

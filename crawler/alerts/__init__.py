"""The digest analysts get after each scheduled run, by e-mail and chat webhooks (apprise).

`config` reads DATA_DIR/alerts.toml, `digest` counts what the runs found (no names),
`message` writes it as text, `delivery` sends it, `notify` ties them together for the
scheduler and the `mimamori alerts` command (docs/architecture.md, "Alerts").
"""

from crawler.alerts.notify import alert_after_runs

__all__ = ["alert_after_runs"]

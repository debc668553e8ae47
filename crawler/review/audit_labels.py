"""Audit log entries in plain words for the audit page.

The stored action and target ids never change (the log is append-only and chained, and
filters and exported bundles use the ids); only what the page shows is translated. An id
without a label here is shown as stored.
"""

from __future__ import annotations

from crawler.review.i18n import N_, _

ACTION_LABELS = {
    "login": N_("Signed in"),
    "login_failed": N_("Sign-in failed"),
    "login_throttled": N_("Sign-in refused after too many failures"),
    "logout": N_("Signed out"),
    "search": N_("Searched accounts"),
    "view_watchlist": N_("Viewed the watchlist"),
    "watchlist_edit": N_("Changed the watchlist"),
    "watchlist_import": N_("Imported a watchlist"),
    "watchlist_export": N_("Exported the watchlist"),
    "watchlist_name_from_review": N_("Gave a watched person a name found in an item"),
    "watchlist_name_undone": N_("Took back a name given from an item"),
    "view_evidence": N_("Viewed the evidence of an item"),
    "view_account": N_("Viewed an account"),
    "view_seller_links": N_("Viewed the accounts linked to an account"),
    "view_screenshot": N_("Viewed a page screenshot"),
    "reveal": N_("Revealed an original image"),
    "download_warc": N_("Downloaded a WARC record"),
    "decision": N_("Made a review decision"),
    "export": N_("Exported an evidence bundle"),
    "download_export": N_("Downloaded an evidence bundle"),
    "user_add": N_("Added a person"),
    "user_disable": N_("Disabled a person"),
    "profile_add": N_("Added a site profile"),
    "profile_replace": N_("Replaced a site profile"),
    "profile_remove": N_("Removed a site profile"),
    "detector.retrain": N_("Retrained the detector"),
}

TARGET_LABELS = {
    "flag": N_("Item"),
    "account": N_("Account"),
    "capture": N_("Capture"),
    "media": N_("Image"),
    "export": N_("Export"),
    "user": N_("Person"),
    "profile": N_("Site profile"),
    "watchlist": N_("Watchlist"),
    "watchlist_person": N_("Watchlist entry"),
    "model": N_("Detector model"),
}


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def target_label(target_type: str) -> str:
    return _(TARGET_LABELS[target_type]) if target_type in TARGET_LABELS else target_type

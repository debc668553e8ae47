"""The digest as plain text, Japanese and/or English: counts, platforms and links only.

Plain text reads the same in a mail client and in every chat tool apprise posts to, and
leaves no markup for a scraped string to break out of (there is none in it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from crawler.alerts.config import AlertsConfig
from crawler.alerts.digest import Digest, RunDigest

JST = ZoneInfo("Asia/Tokyo")
# A long night should not turn the message into a list of links; the queue has the rest.
MAX_FLAG_LINKS = 10

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "mimamori: {new} new flags, {requeued} re-queued, {down} taken down, "
        "{failed} failed health checks",
        "run": "Run {id} · {profile} · {platform} · {status}, {when}",
        "not_finished": "not finished",
        "new": "New flags: {n}",
        "requeued": "Re-queued accounts: {n}",
        "comebacks": "Comebacks (new accounts linked to a seller taken down before): {n}",
        "minor": " ({n} may involve minors: counted here, shown only in the review app)",
        "takedowns": "Taken down since the last check: {down}; back online: {back}",
        "health_ok": "Health check: passed",
        "health_failed": "Health check: FAILED",
        "health_unknown": "Health check: not run",
        "withheld": "(a problem that names an account or person; see `mimamori runs`)",
        "queue": "Review queue: {url}",
        "flags": "Flags:",
        "more": "  … and {n} more in the queue",
        "dashboard": "Dashboard (health, takedowns): {url}",
        "nothing": "No runs to report.",
    },
    "ja": {
        "title": "mimamori: 新規フラグ {new} 件、再審査 {requeued} 件、削除確認 {down} 件、"
        "ヘルスチェック失敗 {failed} 件",
        "run": "実行 {id} · {profile} · {platform} · {status}、{when}",
        "not_finished": "未完了",
        "new": "新規フラグ: {n} 件",
        "requeued": "再審査に戻ったアカウント: {n} 件",
        "comebacks": "再来（削除済みの販売者とつながる新しいアカウント）: {n} 件",
        "minor": "（うち未成年の可能性 {n} 件: 件数のみ。内容はレビュー画面で確認）",
        "takedowns": "前回から削除を確認: {down} 件、再公開: {back} 件",
        "health_ok": "ヘルスチェック: 正常",
        "health_failed": "ヘルスチェック: 失敗",
        "health_unknown": "ヘルスチェック: 未実施",
        "withheld": "（アカウントまたは人物の名前を含むため省略。`mimamori runs` で確認）",
        "queue": "レビューキュー: {url}",
        "flags": "フラグ:",
        "more": "  … ほか {n} 件はキューで",
        "dashboard": "ダッシュボード（ヘルス・削除状況）: {url}",
        "nothing": "報告する実行はありません。",
    },
}

STATUS = {
    "ja": {"finished": "完了", "crashed": "異常終了", "failed": "失敗", "running": "実行中"},
    "en": {},
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def render(digest: Digest, config: AlertsConfig) -> Message:
    first = config.languages[0]
    title = TEXT[first]["title"].format(
        new=digest.total("new_flags"),
        requeued=digest.total("requeued"),
        down=digest.total("taken_down"),
        failed=digest.failed_health,
    )
    profiles = sorted({run.profile for run in digest.runs})
    if profiles:
        title += f" ({', '.join(profiles)})"
    sections = ["\n".join(_section(digest, config, lang)) for lang in config.languages]
    return Message(title=title, body="\n\n――――\n\n".join(sections))


def _section(digest: Digest, config: AlertsConfig, lang: str) -> list[str]:
    text = TEXT[lang]
    if not digest.runs:
        return [text["nothing"]]
    lines: list[str] = []
    for run in digest.runs:
        lines += _run_lines(run, config, lang)
        lines.append("")
    lines.append(text["dashboard"].format(url=config.link("/dashboard")))
    return lines


def _run_lines(run: RunDigest, config: AlertsConfig, lang: str) -> list[str]:
    text = TEXT[lang]
    when = _when(run.finished_at) if run.finished_at else text["not_finished"]
    lines = [
        text["run"].format(
            id=run.run_id,
            profile=run.profile,
            platform=run.platform_name,
            status=STATUS[lang].get(run.status, run.status),
            when=when,
        ),
        text["new"].format(n=run.new_flags)
        + (text["minor"].format(n=run.new_minor) if run.new_minor else ""),
        text["requeued"].format(n=run.requeued)
        + (text["minor"].format(n=run.requeued_minor) if run.requeued_minor else ""),
    ]
    if run.comebacks:
        lines.append(
            text["comebacks"].format(n=run.comebacks)
            + (text["minor"].format(n=run.comebacks_minor) if run.comebacks_minor else "")
        )
    lines.append(text["takedowns"].format(down=run.taken_down, back=run.back_online))
    if run.health_ok is None:
        lines.append(text["health_unknown"])
    elif run.health_ok:
        lines.append(text["health_ok"])
    else:
        lines.append(text["health_failed"])
        lines += [f"  - {problem or text['withheld']}" for problem in run.health_problems]
    if run.new_flags or run.requeued or run.comebacks:
        query = urlencode({"platform": run.platform_key})
        lines.append(text["queue"].format(url=config.link(f"/queue?{query}")))
    if run.linked_flag_ids:
        lines.append(text["flags"])
        shown = run.linked_flag_ids[:MAX_FLAG_LINKS]
        lines += [f"  {config.link(f'/review/{flag_id}')}" for flag_id in shown]
        if len(run.linked_flag_ids) > len(shown):
            lines.append(text["more"].format(n=len(run.linked_flag_ids) - len(shown)))
    return lines


def _when(at: datetime) -> str:
    return f"{at.astimezone(JST):%Y-%m-%d %H:%M} JST ({at:%H:%M} UTC)"

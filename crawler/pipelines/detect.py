"""Run the detector on every extracted account page and post before it is stored."""

from __future__ import annotations

from typing import Any

from scrapy import Spider

from crawler.items import AccountItem, PostItem


def account_page_text(item: AccountItem) -> str:
    parts = [item.display_name or "", item.bio or ""]
    for plan in item.plans:
        parts.append(
            " ".join(p for p in (plan.name, plan.price_text or "", plan.description or "") if p)
        )
    return "\n".join(p for p in parts if p)


class DetectPipeline:
    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        context = self.crawler.spider.context  # type: ignore[attr-defined]
        detector = context.detector
        if isinstance(item, AccountItem):
            result = detector.classify_text(account_page_text(item))
            item.detection = result.to_dict()
            if result.minor_risk:
                context.account_minor[item.account_key] = True
        elif isinstance(item, PostItem):
            item.detection = detector.classify_text(item.detection_text()).to_dict()
            if item.detection.get("minor_risk"):
                context.account_minor[item.account_key] = True
        return item

    @classmethod
    def from_crawler(cls, crawler: Any) -> DetectPipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

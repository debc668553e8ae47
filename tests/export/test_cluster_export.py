"""`mimamori export --cluster ID`: a whole seller cluster as one signed bundle, with its
links as records and a drawn link chart in the report (HTML and PDF)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli.main import cli
from storage.models import Account, Platform

from .case_factory import build_case
from .conftest import Case

SHOTS = Path("/tmp/link-view-shots")
HOSTILE_HANDLE = '<b>x</b>"&\u202eshop'


@dataclass
class Cluster:
    case: Case
    seller: int
    market: int
    minor: int
    outsider: int
    bundle: Path


def _link_rows(case: Case) -> tuple[int, int]:
    """A market account joined to the seller by a PayPay id, the minor-risk account joined to
    the seller by an image, and an outsider only weakly linked (never joined)."""
    from links.link_rows import add_link, add_pair, side

    seller, minor = case.account_ids
    with case.db.session() as s:
        market_platform = Platform(key="kirakira", display_name="Kirakira Market")
        s.add(market_platform)
        s.flush()
        accounts = []
        for handle in (HOSTILE_HANDLE, "stock_prices"):
            row = Account(
                platform_id=market_platform.id,
                account_key=f"key-{len(accounts)}",
                handle=handle,
                display_name="市場の店",
                profile_url=f"http://127.0.0.1:9/kirakira/{len(accounts)}",
            )
            s.add(row)
            s.flush()
            accounts.append(row.id)
        market, outsider = accounts
        add_link(s, seller, market, "identifier", "=HYPERLINK(\"http://evil\")",
                 value_kind="paypay", one_side=side(case.capture_ids[:1], shown="PayPay"))  # fmt: skip
        add_link(s, seller, market, "declared", "http://127.0.0.1:9/kirakira/0",
                 value_kind="profile_url")  # fmt: skip
        add_pair(s, seller, market, joined=True, score=2.0, why="Shared PayPay id and a link.")
        add_link(s, seller, minor, "image", "pdq-near", similarity=3)
        add_pair(s, seller, minor, joined=True, score=1.0, why="Same image.")
        add_link(s, market, outsider, "text", "price-list-digest", value_kind="price_list")
        add_pair(s, market, outsider, joined=False, score=0.3, why="Weak edges alone never join.")
    return market, outsider


def run(case: Case, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(case.cfg.data_dir), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Cluster:
    root = tmp_path_factory.mktemp("cluster-export")
    case = build_case(root / "data")
    market, outsider = _link_rows(case)
    out = root / "seller.wacz"
    code, output = run(case, "export", "--cluster", str(market), "--out", str(out),
                       "--analyst", "Analyst-1")  # fmt: skip
    assert code == 0, output
    assert "accounts 3" in output
    seller, minor = case.account_ids
    return Cluster(case, seller, market, minor, outsider, out)


def test_the_cluster_bundle_verifies(cluster: Cluster) -> None:
    code, output = run(cluster.case, "verify", str(cluster.bundle))
    assert code == 0, output
    assert "VERDICT: OK" in output


def test_the_bundle_carries_the_cluster_and_its_edges(cluster: Cluster) -> None:
    with zipfile.ZipFile(cluster.bundle) as bundle:
        links = json.loads(bundle.read("records/links.json"))
        case_json = json.loads(bundle.read("records/case.json"))
        edges = list(csv.DictReader(io.StringIO(bundle.read("records/links.csv").decode())))
        pairs = list(csv.DictReader(io.StringIO(bundle.read("records/seller_pairs.csv").decode())))
        listed = {r["path"] for r in json.loads(bundle.read("datapackage.json"))["resources"]}
    assert {m["id"] for m in links["members"]} == {cluster.seller, cluster.market, cluster.minor}
    assert links["account_id"] == cluster.market
    assert case_json["bundle"]["seller_cluster"] == links
    assert {a["id"] for a in case_json["accounts"]} == {
        cluster.seller, cluster.market, cluster.minor,
    }  # fmt: skip
    minor = next(m for m in links["members"] if m["id"] == cluster.minor)
    assert minor["minor_risk"] is True
    assert sorted(e["kind"] for e in edges) == ["declared", "identifier", "image"]
    paypay = next(e for e in edges if e["kind"] == "identifier")
    # A value a spreadsheet would run as a formula is neutralised in the CSV, kept in JSON.
    assert paypay["value"].startswith("'=HYPERLINK")
    assert any(e["value"].startswith("=HYPERLINK") for e in links["edges"])
    assert paypay["a_capture_ids"] == str(cluster.case.capture_ids[0])
    seller, market, minor = cluster.seller, cluster.market, cluster.minor
    assert {(int(p["account_a_id"]), int(p["account_b_id"]), p["joined"]) for p in pairs} == {
        (*sorted((seller, market)), "True"),
        (*sorted((seller, minor)), "True"),
    }
    assert {"records/links.json", "records/links.csv", "records/seller_pairs.csv"} <= listed


def test_the_report_draws_the_link_chart(cluster: Cluster) -> None:
    with zipfile.ZipFile(cluster.bundle) as bundle:
        html = bundle.read("report/report.html").decode()
        pdf = bundle.read("report/report.pdf")
    chart = html[html.index('<svg class="link-chart"') : html.index("</svg>")]
    assert chart.count('class="node"') == 3
    assert chart.count("<line ") == 2  # the two joined pairs; the outsider is not a member
    assert "申告リンク / declared link · 同じID / same id" in chart
    assert "@deepseller" in chart and "@schoolfake" in chart
    # The hostile handle is text in the drawing: escaped, its override shown as a token.
    assert "@&lt;b&gt;x&lt;/b&gt;&#34;&amp;⟨RLO⟩shop" in chart
    assert "<b>x</b>" not in html
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf_path = SHOTS / "cluster-report.pdf"
    pdf_path.write_bytes(pdf)
    pages = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    (chart_page,) = [p for p in pages if "Accounts probably run by" in p]
    # The chart's labels are drawn on the page, as text a reader can search.
    assert "@deepseller" in chart_page and "same id" in chart_page
    assert "declared link" in chart_page and "same image" in chart_page
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf_path), str(SHOTS / "cluster-report")], check=True
    )
    assert len(list(SHOTS.glob("cluster-report-*.png"))) >= 4


def test_wrong_cluster_requests_are_refused(cluster: Cluster, tmp_path: Path) -> None:
    code, output = run(cluster.case, "export", "--cluster", "999999", "--out",
                       str(tmp_path / "x.wacz"))  # fmt: skip
    assert code == 1 and "no account with id 999999" in output
    code, output = run(cluster.case, "export", "--cluster", str(cluster.seller), "--account",
                       str(cluster.seller), "--out", str(tmp_path / "x.wacz"))  # fmt: skip
    assert code == 2 and "use one of --account, --cluster" in output
    assert not (tmp_path / "x.wacz").exists()

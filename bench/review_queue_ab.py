"""The queue pages only, for comparing two versions of the code with farm-bench.

Uses the database bench/review_load.py filled (run that once first). CODE_ROOT is the tree
whose review app is timed (an exported checkout of another commit, for the baseline):

    farm-bench -n 7 --vs ".venv/bin/python bench/review_queue_ab.py /tmp/base 20" -- \\
        .venv/bin/python bench/review_queue_ab.py . 20 [DATA_DIR]

Signs in as a volunteer and an analyst (Japanese pages), walks 20 pages in, then asks for
the first page, the 21st page (keyset cursor) and a platform filter ITERATIONS times each.
"""

from __future__ import annotations

import importlib
import re
import statistics
import sys
import time

DATA_DIR = "/tmp/mimamori-bench-review"


def main() -> None:
    code_root = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    data_dir = sys.argv[3] if len(sys.argv) > 3 else DATA_DIR
    # The tree under test first, so its review app is the one imported.
    sys.path[:0] = [code_root, code_root + "/bench"]
    testclient = importlib.import_module("fastapi.testclient")
    login = importlib.import_module("review_load")._login
    create_app = importlib.import_module("crawler.review.app").create_app
    config = importlib.import_module("storage.config")
    open_database = importlib.import_module("storage.db").open_database

    cfg = config.AppConfig.resolve(data_dir)
    app = create_app(cfg, database=open_database(cfg))
    timings = []
    for user in ("vol1", "ana"):
        client = testclient.TestClient(
            app, base_url="http://127.0.0.1", headers={"Accept-Language": "ja"}
        )
        login(client, user)
        html = client.get("/queue").text
        cursor = ""
        for _ in range(20):
            found = re.search(r'after=([^"&]+)" rel="next"', html)
            assert found, "the bench database has fewer than 21 queue pages"
            cursor = found.group(1)
            html = client.get(f"/queue?after={cursor}").text
        for _ in range(iterations):
            for url in ("/queue", f"/queue?after={cursor}", "/queue?platform=platform3"):
                began = time.perf_counter()
                assert client.get(url).status_code == 200
                timings.append((time.perf_counter() - began) * 1000)
    print(f"queue pages: {len(timings)} requests, median {statistics.median(timings):.1f} ms")


if __name__ == "__main__":
    main()

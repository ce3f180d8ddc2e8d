"""The README's screenshots, taken from the app as it ships: `make screenshots`.

`make run` serves a fresh database holding what a new user sees (the sample
agreement), the first admin logs in through the form, and Debian's Chromium
photographs each page at laptop and phone width. No test data, no test
accounts.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.served import CHROMIUM, ROOT, make_run

KEY = "nor-ukr-2026-joint-declaration"
PAGES = {
    "dashboard": "/",
    "timeline": "/timeline",
    "agreement": f"/agreements/{KEY}",
    "milestone": f"/agreements/{KEY}/milestones/technical-delegations",
    "compare": "/compare",
    "commitments": "/commitments",
    "milestones": "/milestones",
    "search": "/search?q=air+defense",
}
# Every page at laptop width (name.png) and at phone width (name-phone.png).
SIZES = {"laptop": (1280, 800), "phone": (390, 844)}


def take(served, folder: Path, sizes: list[str]) -> list[Path]:
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for size in sizes:
            width, height = SIZES[size]
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(served.url + "/login")
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(served.admin_password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(served.url + "/")
            for name, path in PAGES.items():
                page.goto(served.url + path)
                page.wait_for_load_state("networkidle")
                target = folder / (f"{name}.png" if size == "laptop" else f"{name}-{size}.png")
                page.screenshot(path=str(target), full_page=True)
                taken.append(target)
            page.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--laptop-only", action="store_true", help="skip the 390 px pages")
    arguments = parser.parse_args()
    sizes = ["laptop"] if arguments.laptop_only else ["laptop", "phone"]
    arguments.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="tracker-screens-") as folder,
        make_run(f"sqlite:///{folder}/tracker.sqlite3", Path(folder)) as served,
    ):
        for path in take(served, arguments.out, sizes):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()

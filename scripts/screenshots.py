"""Screenshots of the main pages, from a real server over the demo production, at a laptop's size.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
    make screenshots

Starts the server the browser tests use (tests/browser/harness.py: the demo production, one account
per role) in a temporary folder, signs in as the post supervisor in Debian's Chromium (scripts/
chromium-for-tests.sh installs it) and writes login, dashboard, gantt, tasks, upload and jobs .png
at 1366x768. A page that does not answer 200 is reported and its picture not written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.harness import CHROMIUM_ENV, CHROMIUM_FLAGS, LAPTOP, SUPERVISOR, Site, running_site  # noqa: E402

PAGES = {  # picture name -> path, "{id}" being the demo production
    "dashboard": "/productions/{id}",
    "gantt": "/productions/{id}/gantt",
    "tasks": "/productions/{id}/tasks",
    "upload": "/productions/new",
    "jobs": "/productions/{id}/jobs",
}


def chromium_path(given: str | None) -> str:
    found = given or os.environ.get(CHROMIUM_ENV, "").strip()
    if found:
        return found
    script = ROOT / "scripts" / "chromium-for-tests.sh"
    return subprocess.run([str(script)], check=True, capture_output=True, text=True).stdout.strip()


def save(path: Path, picture: bytes) -> None:
    """Written whole or not at all (a temporary file beside it, moved into place)."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(picture)
    os.replace(temp, path)


def shoot(site: Site, chromium: str, out: Path) -> list[str]:
    """Write every picture; the pages that could not be taken, with why."""
    from playwright.sync_api import sync_playwright

    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS))
        context = browser.new_context(base_url=site.url, viewport=LAPTOP)
        page = context.new_page()
        page.goto("/login")
        save(out / "login.png", page.screenshot())
        page.fill("form#login-form input[name=login]", SUPERVISOR)
        page.fill("form#login-form input[name=password]", site.passwords[SUPERVISOR])
        page.click("form#login-form button[type=submit]")
        page.wait_for_url(f"{site.url}/")
        for name, path in PAGES.items():
            answer = page.goto(path.format(id=site.demo))
            if answer is None or answer.status != 200:
                failed.append(f"{name}: {path} answered {answer.status if answer else 'nothing'}")
                continue
            page.wait_for_load_state("networkidle")
            save(out / f"{name}.png", page.screenshot())
        browser.close()
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", help=f"Chromium to drive (default: ${CHROMIUM_ENV} or the script's)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = chromium_path(args.chromium)
    with (
        tempfile.TemporaryDirectory(prefix="picturelock-screenshots-") as folder,
        running_site(Path(folder)) as site,
    ):
        failed = shoot(site, chromium, args.out)
    for line in failed:
        print(f"not taken: {line}", file=sys.stderr)
    taken = [name for name in ["login", *PAGES] if not any(line.startswith(f"{name}:") for line in failed)]
    print(f"screenshots in {args.out}: {', '.join(taken)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

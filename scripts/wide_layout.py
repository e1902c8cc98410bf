"""How often the Evaluation page stays wide after a rerun: fresh loads in Chromium, each picks a docs section.

app.py once sent the "centered" page config and the Evaluation page "wide" in every run, and a rerun (a section
picked) fell back to the centred column in some loads only. This counts, over LOADS fresh browser contexts on one
`streamlit run app.py`, the loads whose shown section is wider than 60 % of the 1400 px viewport after that rerun
(the browser test's own check, tests/test_browser.py, made once). `--app-dir` runs another checkout's app.py (e.g.
`git worktree add /tmp/old 3d4c7a0~1`) with this environment's packages.

    .venv/bin/python scripts/wide_layout.py --loads 8 [--app-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import CHROMIUM, CHROMIUM_ARGS, _free_port, _reap, _wait_healthy  # noqa: E402

from eaeu_qa.settings import PROJECT_ROOT  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1000}
WIDE_SHARE = 0.6  # wide: the section's box is wider than this share of the viewport (centred: about 0.5)
SECTION = "Where to read what"  # a section of docs/evaluation.md (any would do; this one has links)
STEP_MS = 120_000


def section_width(page, url: str) -> float:
    """The width of the shown section's box after the rerun that picking it makes, as a share of the viewport."""
    page.goto(f"{url}/evaluation")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=STEP_MS)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Section of docs/evaluation.md").locator("input")
    picker.scroll_into_view_if_needed()
    picker.click()
    picker.fill(SECTION)
    page.get_by_role("option", name=SECTION).click()
    shown = page.locator("h2", has_text=SECTION)
    shown.wait_for()
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=STEP_MS)
    box = shown.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]").bounding_box()
    return box["width"] / VIEWPORT["width"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=8)
    parser.add_argument("--app-dir", type=Path, default=PROJECT_ROOT)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with (Path(tmp) / "streamlit.log").open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
                 "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                cwd=args.app_dir, env=dict(os.environ, EAEU_QA_DATA_DIR=str(Path(tmp) / "data")),
                stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, process, 0.0)
            shares = []
            for _ in range(args.loads):
                context = browser.new_context(viewport=VIEWPORT)
                try:
                    shares.append(section_width(context.new_page(), url))
                finally:
                    context.close()
        finally:
            browser.close()
            _reap(process)
    wide = sum(share > WIDE_SHARE for share in shares)
    print(f"app: {args.app_dir}")
    print("section width / viewport per load: " + " ".join(f"{share:.2f}" for share in shares))
    print(f"wide after the rerun: {wide} of {len(shares)}")


if __name__ == "__main__":
    main()

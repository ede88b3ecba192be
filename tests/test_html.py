"""``lotara status JOB --format html``: one self-contained page, looked at in a real browser.

The page is opened in headless Chromium (Debian's ``chromium``, installed by ``.ci/run``)
from a file, with the network features off: it must render with no console error and its
screenshot must show the trip (not a blank page).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import png
import pytest

from lotara.ui.html import to_html
from tests.test_render import sample_job

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def test_page_has_the_trip_and_fetches_nothing():
    page = to_html(sample_job())
    for part in ("Transport", "Stays", "Day by day", "Cost", "Checks", "Where the prices come"):
        assert f"<h2>{part}" in page, part
    assert "Senso-ji Temple" in page and "Hotel Sakura" in page and "$2,022" in page
    assert "<svg" in page and "<polyline" in page and ">LAX<" in page and ">NRT<" in page
    # Self-contained: no script, no link, no image or font to fetch.
    assert not re.search(r"<script|<link|<img|src=|href=|@import|url\(", page)
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]


def test_page_puts_the_airport_transfers_on_their_days():
    from tests.test_render import sample_with_transfers

    page = to_html(sample_with_transfers())
    days = page.split("<h2>Day by day", 1)[1]
    arrival = days.split("Day 1:", 1)[1].split("Day 2:", 1)[0]
    assert "<b>15:40–16:40</b> From NRT airport: train, 60 min" in arrival
    last = days.split("Day 4:", 1)[1]
    assert "<b>14:00–15:00</b> To NRT airport: train, 60 min (Narita Express)" in last


def test_page_escapes_what_it_shows():
    job = sample_job()
    job = job.model_copy(update={"query": "<b>x</b>", "itinerary": None})
    assert "<b>x</b>" not in to_html(job) and "&lt;b&gt;x&lt;/b&gt;" in to_html(job)


def _chromium(tmp_path: Path, page: Path) -> tuple[str, Path]:
    shot = tmp_path / "shot.png"
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1000,1400",
        f"--screenshot={shot}",
        page.as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr, shot


def _console_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def _colours(shot: Path) -> int:
    width, height, rows, info = png.Reader(filename=str(shot)).asRGBA8()
    seen: set[tuple[int, ...]] = set()
    for row in rows:
        row = list(row)
        for i in range(0, len(row), 4 * 7):  # every 7th pixel is plenty
            seen.add(tuple(row[i : i + 3]))
    return len(seen)


@needs_chromium
def test_chromium_renders_the_page_without_errors(tmp_path):
    page = tmp_path / "trip.html"
    page.write_text(to_html(sample_job()), encoding="utf-8")
    log, shot = _chromium(tmp_path, page)
    assert _console_errors(log) == []
    assert shot.stat().st_size > 10_000
    assert _colours(shot) > 20, "the screenshot is blank"


@needs_chromium
def test_the_console_check_sees_an_error_and_a_blank_page(tmp_path):
    """The two checks above can fail: a page with an error, and a blank page, are caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('boom')</script></body></html>")
    log, shot = _chromium(tmp_path, bad)
    assert any("boom" in line for line in _console_errors(log))
    assert _colours(shot) <= 2

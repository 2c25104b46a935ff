"""``transpipe report``: the review page of a project, from the library, the CLI and a browser."""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import CHROMEDRIVER, EXAMPLES
from transpipe import report
from transpipe.cli import app
from transpipe.core.config import Settings
from transpipe.core.errors import ConfigError

runner = CliRunner()
ARTICLE = "nato-air-defence.md"
NUMBERED = "Planners presented three options"  # approved without its numbers: an error
SHAKY = "The cheapest relies on radars"  # the engine's lowest score


def _project(folder: Path) -> Path:
    """A project with the example article translated by the pseudo engine into de and fr,
    one German entry approved with its numbers lost and one with a low score."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ARTICLE).write_bytes((EXAMPLES / ARTICLE).read_bytes())
    (folder / "transpipe.toml").write_text('[project]\ntargets = ["de", "fr"]\n', "utf-8")
    done = runner.invoke(app, ["translate", str(folder / ARTICLE), "--engine", "pseudo", "--quiet"])
    assert done.exit_code == 0, done.output
    po = polib.pofile(str(folder / "locales" / "de" / "nato-air-defence.po"))
    numbered = next(e for e in po if e.msgid.startswith(NUMBERED))
    numbered.msgstr = "Die Planer legten drei Optionen vor."
    numbered.flags.remove("fuzzy")
    shaky = next(e for e in po if e.msgid.startswith(SHAKY))
    shaky.comment = f"{shaky.comment}\nscore -2.40\ncheck: low confidence"
    po.save()
    return folder


def _rows(page: str) -> list[str]:
    """The msgid of each entry of the page, in order."""
    return re.findall(r'<div class="label">source</div><p class="text">([^<]*)</p>', page)


def test_the_report_puts_the_entry_with_an_error_first_then_the_lowest_score(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path / "p")
    result = report([str(project / ARTICLE)], Settings(root=project, targets=("de", "fr")))
    assert result.path == project / "locales" / "report.html"
    assert [(s.language, s.approved, s.fuzzy, s.total) for s in result.languages] == [
        ("de", 1, 23, 24),
        ("fr", 0, 24, 24),
    ]
    assert result.entries == 48
    page = result.path.read_text("utf-8")
    rows = _rows(page)
    assert rows[0].startswith(NUMBERED) and rows[1].startswith(SHAKY)
    assert "number-mismatch" in page and "low confidence" in page
    # the entry links to its article line, relative to the page
    assert re.search(r'<a href="\.\./nato-air-defence\.md#L9"><code>nato-air-defence\.md:9', page)


def test_the_report_refuses_a_page_outside_the_project(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / ARTICLE).write_bytes((EXAMPLES / ARTICLE).read_bytes())
    with pytest.raises(ConfigError, match="outside the project"):
        report(
            [str(project / ARTICLE)], Settings(root=project, targets=("de",)),
            out=tmp_path / "elsewhere.html",
        )  # fmt: skip
    assert not (tmp_path / "elsewhere.html").exists()


def test_report_prints_its_summary_as_json_and_writes_where_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "p")
    monkeypatch.chdir(project)
    result = runner.invoke(
        app, ["report", ARTICLE, "--to", "de", "--out", "review/page.html", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert Path(data["path"]).resolve() == (project / "review" / "page.html").resolve()
    assert data["entries"] == 24
    assert data["languages"] == [
        {"language": "de", "approved": 1, "fuzzy": 23, "untranslated": 0, "share": 0.0417}
    ]
    assert (project / "review" / "page.html").is_file()
    plain = runner.invoke(app, ["report", ARTICLE])
    assert plain.exit_code == 0, plain.output
    assert plain.output.startswith("wrote locales/report.html: 48 entries")


# -- in a real browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium through Debian's chromedriver (Selenium fetches nothing)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1200,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


_VISIBLE = """
return Array.from(document.querySelectorAll('#entries li.entry'))
  .filter(function (row) { return row.offsetParent !== null; })
  .map(function (row) { return [row.dataset.state, row.dataset.codes]; });
"""

_LANDMARKS = """
return Array.from(document.querySelectorAll('header, #summary, #filters, #entries'))
  .map(function (node) { return node.id || node.tagName.toLowerCase(); });
"""


@pytest.mark.needs("chromium")
def test_the_page_works_in_a_browser_riskiest_first_filterable_and_narrow(
    tmp_path: Path, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    project = _project(tmp_path / "p")
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["report", ARTICLE]).exit_code == 0
    browser.set_window_size(1200, 900)
    browser.get((project / "locales" / "report.html").as_uri())
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert browser.execute_script(_LANDMARKS) == ["header", "summary", "filters", "entries"]
    first = browser.find_element(By.CSS_SELECTOR, "#entries li.entry")
    assert NUMBERED in first.text and "number-mismatch" in first.text

    Select(browser.find_element(By.ID, "code")).select_by_value("number-mismatch")
    ((state, codes),) = browser.execute_script(_VISIBLE)  # one row left: the approved one
    assert state == "approved" and "number-mismatch" in codes.split()
    assert browser.find_element(By.ID, "shown").text == "1"
    Select(browser.find_element(By.ID, "code")).select_by_value("")
    browser.find_element(By.CSS_SELECTOR, "input[name=state][value=fuzzy]").click()
    assert [state for state, _ in browser.execute_script(_VISIBLE)] == ["approved"]
    browser.find_element(By.CSS_SELECTOR, "input[name=state][value=fuzzy]").click()
    assert len(browser.execute_script(_VISIBLE)) == 48

    browser.set_window_size(360, 800)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    columns = browser.execute_script(
        "return getComputedStyle(document.querySelector('.pair')).gridTemplateColumns"
    )
    assert len(columns.split()) == 1  # source and translation stacked
    width, height, top = _png_top_rows(browser.get_screenshot_as_png(), 24)
    assert 300 <= width <= 360 and height >= 500
    dark = sum(1 for row in top for pixel in row if max(pixel) < 128)
    assert dark > len(top) * width // 2  # the header band is drawn, not blank
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def _png_top_rows(png: bytes, count: int) -> tuple[int, int, list[list[tuple[int, ...]]]]:
    """Width, height and the first ``count`` rows of pixels of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, header = 8, b"", b""
    while position < len(png):
        (length, kind) = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(data), width * size
    rows, previous = [], bytearray(stride)
    for y in range(min(count, height)):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, size)
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, size)])
        previous = line
    return width, height, rows


def _unfilter(kind: int, line: bytearray, previous: bytearray, size: int) -> bytearray:
    """One PNG scanline with its filter undone (RFC 2083, 6.3)."""
    for i in range(len(line)):
        a = line[i - size] if i >= size else 0
        b = previous[i]
        c = previous[i - size] if i >= size else 0
        if kind == 1:
            line[i] = (line[i] + a) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + b) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 0xFF
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            nearest = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + nearest) & 0xFF
    return line

"""Benchmark: how detect, normalise and translate scale with article size and line length.

Run: python tests/benchmarks/bench_large_input.py [--sizes 0.1,1,5,10] [--lines 10,100,200,1000]
     [--stages detect,normalise,translate] [--timeout 180] [--no-limits]

Generates news-like Markdown (paragraphs with links, code spans, e-mail
addresses, Cyrillic fragments, a German phrase and glossary terms of the
shipped defence glossary) of growing size in MB, and single lines of growing
length in thousands of characters (a Markdown paragraph on one line and
minified HTML on one line).  Each case runs in a fresh child process in a
temporary project that uses the shipped glossaries and the pseudo engine:
``detect`` (no back-translation), ``normalise`` and ``translate`` into one
language.  Prints seconds, peak RSS and ``x2``: the time ratio per doubling
of the input between a row and the one above it, ``(t2/t1) ** (1 /
log2(n2/n1))`` -- about 2.0 for linear work, 4.0 for quadratic.
``--no-limits`` lifts the article and line limits so that the same inputs
can be timed on code that would refuse them.
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SENTENCES = (
    "The {term} said on Tuesday that air defence units had intercepted 14 of 16 drones.",
    "Officials in Kyiv told reporters that the {term} would meet again in May.",
    (
        "According to the report, published at [nato.int](https://www.nato.int/cps/en/{n}.htm), "
        "the {term} expanded its presence."
    ),
    "Questions can be sent to press-office{n}@mod.gov.example or to the duty officer.",
    "The unit's call sign, `AD-WEST-{n}`, was changed after the exercise.",
    "A spokesman for the {term} said Міноборони заявило about the strike near Kharkiv.",
    "Dr. Smith, a senior fellow at the U.S. Army War College, said the move was expected.",
    "He called it \u201ca clear signal\u201d to Moscow (and to its allies in the region).",
    "The German minister said die Lage ist sehr ernst before leaving the summit.",
    "Troops from 12 countries took part, including units of the {term}.",
)
_TERMS = (
    "NATO", "North Atlantic Alliance", "NATO Response Force", "NATO chief",
    "Supreme Allied Commander Europe", "Allied Command Operations", "Membership Action Plan",
    "NATO Secretary General", "Partnership for Peace", "Washington Treaty",
)  # fmt: skip


def sentence(rng: random.Random, n: int) -> str:
    return rng.choice(_SENTENCES).format(term=rng.choice(_TERMS), n=n)


def markdown_article(size: int, seed: int = 1) -> str:
    """A Markdown article of about ``size`` bytes: headings and short paragraphs."""
    rng = random.Random(seed)
    parts = ["# Allied air defence under review\n"]
    total = len(parts[0])
    n = 0
    while total < size:
        n += 1
        if n % 12 == 0:
            block = f"## Section {n // 12}\n"
        else:
            block = " ".join(sentence(rng, n + k) for k in range(rng.randint(2, 5))) + "\n"
        parts.append(block)
        total += len(block.encode("utf-8")) + 1
    return "\n".join(parts)


def markdown_line(chars: int, seed: int = 2) -> str:
    """A Markdown article whose second block is one paragraph on a line of ``chars`` characters."""
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    n = 0
    while length < chars:
        n += 1
        words.append(sentence(rng, n))
        length += len(words[-1]) + 1
    line = " ".join(words)[:chars].rstrip()
    return f"# One long paragraph\n\n{line}\n"


def html_line(chars: int, seed: int = 3) -> str:
    """Minified HTML on one line of about ``chars`` characters: paragraphs, links, images."""
    rng = random.Random(seed)
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Air defence</title>'
        '<meta name="description" content="Allied air defence under review."></head><body>'
    )
    parts = [head]
    length = len(head)
    n = 0
    while length < chars:
        n += 1
        body = " ".join(sentence(rng, n + k) for k in range(rng.randint(2, 4)))
        body = body.replace("&", "&amp;")
        if n % 5 == 0:
            body += f' <img src="/img/{n}.jpg" alt="Photo {n} of the exercise">'
        if n % 7 == 0:
            body = f'<a href="https://example.org/{n}">Read more</a> ' + body
        part = f"<p>{body}</p>" if n % 9 else f"<h2>Section {n}</h2>"
        parts.append(part)
        length += len(part)
    parts.append("</body></html>")
    return "".join(parts) + "\n"


def _project(folder: Path) -> None:
    glossaries = ", ".join(f'"{ROOT / "glossary" / name}"' for name in
                           ("defence.gloss", "weapons.gloss", "places.gloss"))  # fmt: skip
    (folder / "transpipe.toml").write_text(
        "[project]\n"
        'source = "en"\n'
        'targets = ["de"]\n'
        'locales = "locales"\n'
        f"glossaries = [{glossaries}]\n"
        "[engine]\n"
        'name = "pseudo"\n',
        encoding="utf-8",
    )


def run_case(stage: str, article: Path, no_limits: bool) -> None:
    """In the child: one stage on one article, in the article's project folder."""
    import transpipe
    from transpipe import document
    from transpipe.commands import articles, normalise
    from transpipe.core.config import load_settings

    if no_limits:
        document.MAX_ARTICLE_BYTES = 200_000_000  # type: ignore[misc]
        document.MAX_LINE_CHARS = 1 << 40  # type: ignore[misc]
        articles.MAX_ARTICLE_BYTES = 200_000_000  # type: ignore[misc]
        normalise.MAX_ARTICLE_BYTES = 200_000_000  # type: ignore[misc]
    settings = load_settings(article.parent)
    start = time.perf_counter()
    if stage == "detect":
        transpipe.detect([str(article)], settings, back_translate=False)
    elif stage == "normalise":
        transpipe.normalise([str(article)], settings)
    else:
        transpipe.translate([str(article)], settings)
    print(f"{time.perf_counter() - start:.3f}")


def measure(stage: str, article: Path, timeout: float, no_limits: bool) -> tuple[str, float]:
    """Seconds (or a reason) and peak RSS in MB of one case in a child process."""
    command = [sys.executable, __file__, "--case", stage, str(article)]
    if no_limits:
        command.append("--no-limits")
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=article.parent
    )
    deadline = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if child.poll() is None:
        child.kill()
        child.wait()
        return f">{timeout:g}", 0.0
    out, err = child.communicate()
    # the child prints its seconds, then its own peak RSS (ru_maxrss of RUSAGE_SELF)
    lines = out.strip().splitlines()
    if child.returncode != 0 or len(lines) < 2:
        reason = (err.strip().splitlines() or ["failed"])[-1]
        return f"refused: {reason[:70]}", 0.0
    return lines[-2], float(lines[-1])


def _child(stage: str, article: Path, no_limits: bool) -> None:
    import resource

    run_case(stage, article, no_limits)
    print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.1,1,5,10", help="article sizes in MB")
    parser.add_argument("--lines", default="10,100,200,1000", help="line lengths in 1000 chars")
    parser.add_argument("--stages", default="detect,normalise,translate")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per case")
    parser.add_argument("--no-limits", action="store_true", help="lift the input limits")
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        _child(args.case[0], Path(args.case[1]), args.no_limits)
        return
    stages = [s for s in args.stages.split(",") if s]
    cases: list[tuple[str, str, float, str]] = []  # group, label, size, text
    for mb in (float(s) for s in args.sizes.split(",") if s):
        cases.append(("article.md", f"{mb:g} MB", mb * 1e6, markdown_article(int(mb * 1e6))))
    for kchars in (float(s) for s in args.lines.split(",") if s):
        n = int(kchars * 1000)
        cases.append(("line.md", f"{kchars:g}K chars", n, markdown_line(n)))
    for kchars in (float(s) for s in args.lines.split(",") if s):
        n = int(kchars * 1000)
        cases.append(("line.html", f"{kchars:g}K chars", n, html_line(n)))
    print(f"{'input':<10} {'size':<11} {'stage':<10} {'seconds':>9} {'peak MB':>8} {'x2':>6}")
    previous: dict[tuple[str, str], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for group, label, size, text in cases:
            folder = Path(tmp) / f"{group}-{int(size)}"
            folder.mkdir()
            _project(folder)
            article = folder / group
            article.write_text(text, encoding="utf-8")
            for stage in stages:
                shown, rss = measure(stage, article, args.timeout, args.no_limits)
                ratio = ""
                try:
                    seconds = float(shown)
                except ValueError:
                    seconds = math.nan
                before = previous.get((group, stage))
                if before is not None and not math.isnan(seconds) and before[1] > 0:
                    steps = math.log2(size / before[0])
                    ratio = f"{(seconds / before[1]) ** (1 / steps):.2f}"
                if not math.isnan(seconds):
                    previous[(group, stage)] = (size, max(seconds, 1e-3))
                else:
                    previous.pop((group, stage), None)
                print(
                    f"{group:<10} {label:<11} {stage:<10} {shown:>9} {rss:>8.0f} {ratio:>6}",
                    flush=True,
                )


if __name__ == "__main__":
    main()

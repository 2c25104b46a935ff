"""polib's own reader and writer against transpipe's, on the catalogues the tests hold.

Run: python tests/benchmarks/bench_polib.py   (needs GNU gettext's msgfmt and msgcat)

Three questions decide whether the catalogue stages could use polib's parser and
``save()`` rather than transpipe's strict reader and gettext-identical writer:

1. Broken catalogues (tests/data/po/bad, tests/data/bad/po): of those ``msgfmt -c``
   rejects, how many does each reader refuse, and with a line number?
2. Layout: for every well-formed catalogue, is the file each writer produces
   byte-identical to what ``msgcat`` writes for it?  (A difference is a rewrite of a
   reviewer's file that changes nothing but its wrapping: churn in every diff.)
3. Speed: reading and writing a catalogue of 20,000 entries.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

import polib

from transpipe.core.errors import CatalogError
from transpipe.core.model import CatalogData, CatalogEntry
from transpipe.po.reader import parse_catalog
from transpipe.po.writer import format_catalog

TESTS = Path(__file__).resolve().parents[1]
BAD = sorted(
    [*(TESTS / "data" / "po" / "bad").glob("*.po"), *(TESTS / "data" / "bad" / "po").glob("*.po")]
)
GOOD = sorted((TESTS / "data" / "po").glob("*.po"))


def msgfmt_rejects(path: Path) -> bool:
    run = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False
    )
    return run.returncode != 0


def msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


def polib_refuses(path: Path) -> tuple[bool, bool]:
    """(refused, with a line number)."""
    try:
        polib.pofile(str(path))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return True, bool(re.search(r"line \d+", str(exc)))
    return False, False


def ours_refuses(path: Path) -> tuple[bool, bool]:
    try:
        parse_catalog(path.read_bytes().decode("utf-8"), str(path))
    except CatalogError as exc:
        return True, exc.line is not None
    except UnicodeDecodeError:
        return True, False
    return False, False


def big_catalog(n: int) -> CatalogData:
    words = ["the", "allied", "air", "defence", "units", "moved", "north", "of", "the", "river"]
    entries = []
    for i in range(n):
        sentence = " ".join(words[(i + k) % len(words)] for k in range(8 + i % 30)) + f" {i}."
        entries.append(
            CatalogEntry(
                msgid=sentence,
                msgstr=sentence.upper(),
                flags=("fuzzy",) if i % 3 else (),
                references=((f"articles/a{i % 50}.md", str(i)),),
                comments=(f"glossary: air defence → Luftverteidigung [c-{i % 40}]",),
            )
        )
    header = (("Content-Type", "text/plain; charset=UTF-8"), ("Language", "de"))
    return CatalogData(header=header, entries=tuple(entries))


def main() -> None:
    rejected = [p for p in BAD if msgfmt_rejects(p)]
    print(f"1. broken catalogues msgfmt -c rejects: {len(rejected)} of {len(BAD)}")
    for name, refuses in (("polib", polib_refuses), ("transpipe", ours_refuses)):
        results = [refuses(p) for p in rejected]
        refused = sum(r for r, _ in results)
        lined = sum(r and line for r, line in results)
        print(f"   {name:<10} refuses {refused:>2} of {len(rejected)}, with a line number "
              f"{lined:>2}  ({refused / len(rejected):.0%} refused)")  # fmt: skip
        silent = [p.name for p, (r, _) in zip(rejected, results) if not r]
        if silent:
            print(f"   {'':<10} accepts: {', '.join(silent)}")

    with tempfile.TemporaryDirectory() as tmp:
        samples = list(GOOD)
        big = Path(tmp) / "big.po"
        big.write_text(format_catalog(big_catalog(20_000)), encoding="utf-8")
        samples.append(big)
        same = {"polib": 0, "transpipe": 0}
        for path in samples:
            expected = msgcat(path)
            saved = Path(tmp) / "saved.po"
            polib.pofile(str(path), wrapwidth=79).save(str(saved))
            same["polib"] += saved.read_bytes() == expected
            ours = format_catalog(parse_catalog(path.read_text("utf-8"), str(path)))
            same["transpipe"] += ours.encode("utf-8") == expected
        print(f"2. catalogues written byte for byte as msgcat writes them (of {len(samples)}):")
        for name, count in same.items():
            print(f"   {name:<10} {count}")

        text = big.read_text("utf-8")
        timings = {}
        for name, read, write in (
            ("polib", lambda: polib.pofile(text), lambda po: str(po)),
            ("transpipe", lambda: parse_catalog(text, "big.po"), format_catalog),
        ):
            started = time.perf_counter()
            parsed = read()
            between = time.perf_counter()
            write(parsed)  # type: ignore[arg-type]
            timings[name] = (between - started, time.perf_counter() - between)
        print("3. 20,000 entries, one run each (seconds): read, write")
        for name, (r, w) in timings.items():
            print(f"   {name:<10} {r:6.2f} {w:6.2f}")
        ratio = timings["polib"][0] / timings["transpipe"][0]
        print(f"   polib reads {ratio:.1f}x the time transpipe's reader takes")


if __name__ == "__main__":
    main()

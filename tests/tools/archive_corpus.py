"""A generated archive of original-looking defence news articles, for scale tests.

``write_archive(folder, n, seed)`` writes ``n`` articles (plain text and
Markdown) that look like a wire service's back catalogue: a headline, a
byline from a small desk of reporters, a dateline paragraph, body sentences
built from templates with varied names, places and figures, and the
boilerplate a newsroom repeats (standard background paragraphs, corrections
notices, disclaimers, a closing line).  About a third of all sentences are
such repeats, as in a real archive, which is what deduplicating segments
across the archive saves.  Some articles carry the source problems transpipe
handles: a ``Kiev`` spelling, a mixed-script word, a Cyrillic phrase.

The same ``n`` and ``seed`` always give the same bytes.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from transpipe.core.config import EngineSettings, Settings, builtin_glossaries

REPORTERS = [
    "Mara Ellison", "Tomasz Weber", "Ines Okafor", "Daniel Reyes", "Hanna Lund",
    "Pavel Moroz", "Claire Dumont", "Samuel Achebe", "Yuki Tanaka", "Oksana Hryn",
]  # fmt: skip
PLACES = [
    "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Sumy", "Mykolaiv", "Kherson", "Lviv",
    "Poltava", "Chernihiv", "Izium", "Kupiansk", "Pokrovsk", "Kramatorsk", "Bakhmut",
]  # fmt: skip
UNITS = [
    "an air defence battalion", "a mechanised brigade", "a drone company",
    "an artillery regiment", "a naval infantry unit", "a territorial defence unit",
    "a combat engineering team", "a logistics battalion",
]  # fmt: skip
SYSTEMS = [
    "Patriot batteries", "IRIS-T launchers", "Gepard guns", "HIMARS launchers",
    "Leopard tanks", "Bradley vehicles", "Shahed drones", "Iskander missiles",
]  # fmt: skip
OFFICIALS = [
    "a spokesperson for the General Staff", "the regional governor",
    "a senior NATO official", "the defence minister", "a military analyst in Warsaw",
    "the commander of the eastern grouping", "an adviser to the president",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

HEADLINES = [
    "{place} braces for new strikes as {systems} arrive",
    "Officials in {place} report {n} drones downed overnight",
    "Allies pledge more {systems} after talks in {city}",
    "Front line near {place} holds, says {official}",
    "Repairs begin on power lines around {place}",
]  # fmt: skip
BODY = [
    "Air defence units shot down {n} of {m} drones launched overnight, {official} said.",
    "The strike on {place} damaged {n} residential buildings and a school.",
    "{Official} said {unit} had moved closer to {place} over the past {n} days.",
    "Engineers restored power to about {n},000 homes in {place} by {day} evening.",
    "The delivery of {systems} was agreed at a meeting in {city} on {day}.",
    "Residents of {place} spent {n} hours in shelters as sirens sounded.",
    "According to {official}, {unit} repelled {n} assaults near {place}.",
    "Satellite images reviewed by analysts showed {n} craters near an airfield outside {place}.",
    "The governor of the {place} region said {n} people were hurt and {m} were in hospital.",
    "Ukraine's allies have promised {systems} before the winter, {official} told reporters.",
    "A convoy of {n} trucks carrying generators reached {place} on {day}.",
    "Military officials in {city} declined to say how many {systems} were in service.",
]  # fmt: skip
STANDARD = [
    "Russia launched its full-scale invasion of Ukraine in February 2022.",
    "Moscow denies targeting civilian infrastructure.",
    "The claims could not be independently verified.",
    "NATO members have stepped up deliveries of air defence systems since the autumn.",
    "Ukraine's Armed Forces publish daily figures on enemy losses that cannot be checked.",
]  # fmt: skip
CORRECTION = "This article has been updated to correct the name of the region."
DISCLAIMER = "Reporting by the agency's correspondents; editing by the news desk."
CLOSING = "Follow our live coverage for the latest developments."
# source problems transpipe handles, put in about one article in eight
QUIRKS = [
    "Officials in Kiev said talks would continue next week.",
    "The statement from the Minobороны gave no figures.",  # mixed-script word
    "A soldier wrote on the wall «слава героям» before leaving the village.",
]  # fmt: skip


def _fill(rng: random.Random, template: str) -> str:
    official = rng.choice(OFFICIALS)
    return template.format(
        place=rng.choice(PLACES),
        city=rng.choice(["Brussels", "Ramstein", "Berlin", "Warsaw", "Kyiv", "Rome"]),
        unit=rng.choice(UNITS),
        systems=rng.choice(SYSTEMS),
        official=official,
        Official=official[0].upper() + official[1:],
        day=rng.choice(DAYS),
        n=rng.randint(2, 90),
        m=rng.randint(91, 180),
    )


def article(rng: random.Random, number: int, markdown: bool) -> str:
    """One article's text."""
    headline = _fill(rng, rng.choice(HEADLINES))
    headline = headline[0].upper() + headline[1:]
    reporter = rng.choice(REPORTERS)
    body = [_fill(rng, rng.choice(BODY)) for _ in range(rng.randint(4, 8))]
    if rng.random() < 0.125:
        body.insert(rng.randint(1, len(body)), rng.choice(QUIRKS))
    middle = rng.randint(1, len(body) - 1)
    paragraphs = [
        " ".join(body[:middle]),
        " ".join(body[middle:]),
        " ".join(rng.sample(STANDARD, rng.randint(1, 2))),
    ]
    if rng.random() < 0.1:
        paragraphs.append(CORRECTION)
    paragraphs += [DISCLAIMER, CLOSING]
    if markdown:
        head = [f"# {headline}", "", f"*By {reporter}*"]
    else:
        head = [headline, "", f"By {reporter}"]
    return "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_archive(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` articles under ``folder`` (in subfolders of 500), return their paths."""
    rng = random.Random(seed)
    paths = []
    for number in range(n):
        markdown = number % 3 == 0
        sub = folder / f"{number // 500:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"story-{number:06d}{'.md' if markdown else '.txt'}"
        path.write_text(article(rng, number, markdown), encoding="utf-8")
        paths.append(path)
    return paths


def pseudo_project(root: Path) -> Settings:
    """Settings of a project at ``root`` translated by the pseudo engine into de and fr."""
    return Settings(
        root=root,
        targets=("de", "fr"),
        engine=EngineSettings(name="pseudo"),
        glossaries=builtin_glossaries(),
    )


def copy_project(src: Path, dst: Path) -> Path:
    """A copy of the project at ``src`` at ``dst``: two runs side by side from one start."""
    shutil.copytree(src, dst)
    return dst


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path: what two runs must agree on."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def memory_rows(path: Path) -> list[tuple[str, str, str]]:
    """Every row of the machine memory at ``path``, sorted."""
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT key, text, notes FROM machine"))
    finally:
        db.close()

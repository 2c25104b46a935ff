"""A Hugo article end to end: front matter, a table, a shortcode caption and a footnote
translated into German with the test model, everything else kept."""

from __future__ import annotations

from pathlib import Path

import polib

from tests.models.build_test_models import expected_translation
from transpipe import build, translate
from transpipe.core.config import EngineSettings, Settings
from transpipe.engines.argos import ArgosEngine

ARTICLE = """\
---
title: "Air defence units move east"
description: Officials confirm the transfer of two batteries.
slug: air-defence-east
date: 2026-03-02T08:00:00Z
lang: en
tags: [air defence, logistics]
---

The transfer began on Monday, officials said.[^1]

| Unit | Destination |
|:-----|------------:|
| First battery | Kharkiv |

{{< figure src="/img/battery.jpg" caption="A launcher on the move" class="wide" >}}

[^1]: The ministry confirmed it in a statement.
"""


def test_a_hugo_article_comes_back_translated_where_readers_read(
    tmp_path: Path, packages_dir: Path
) -> None:
    article = tmp_path / "battery.md"
    article.write_bytes(ARTICLE.encode("utf-8"))
    settings = Settings(root=tmp_path, engine=EngineSettings(packages_dir=packages_dir))
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir))
    translate([str(article)], settings, targets=["de"], engine=engine)

    po = polib.pofile(str(tmp_path / "locales" / "de" / "battery.po"))
    notes = {e.msgid: e.comment for e in po}
    assert "front matter: title" in notes["Air defence units move east"]
    assert "front matter: description" in notes["Officials confirm the transfer of two batteries."]
    assert "table row 2, column 1" in notes["First battery"]
    assert "shortcode figure caption" in notes["A launcher on the move"]
    assert not any(key in notes for key in ("air-defence-east", "en", "wide", "/img/battery.jpg"))

    (result,) = build([str(article)], settings, targets=["de"], drafts=True)
    edition = result.path.read_text(encoding="utf-8")
    up = expected_translation
    assert edition.startswith(
        "---\n"
        f'title: "{up("Air defence units move east")}"\n'
        f"description: {up('Officials confirm the transfer of two batteries.')}\n"
        "slug: air-defence-east\n"
        "date: 2026-03-02T08:00:00Z\n"
        "lang: de\n"
        "tags: [air defence, logistics]\n"
        "---\n"
    )
    assert f"| {up('First battery')} | {up('Kharkiv')} |" in edition
    assert "|:-----|------------:|" in edition
    assert (
        f'{{{{< figure src="/img/battery.jpg" caption="{up("A launcher on the move")}" '
        'class="wide" >}}'
    ) in edition
    assert f"[^1]: {up('The ministry confirmed it in a statement.')}" in edition
    assert f"{up('The transfer began on Monday, officials said.')}[^1]" in edition

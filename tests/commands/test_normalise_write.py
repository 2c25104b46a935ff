"""``normalise --write`` changes the changed spans and nothing else.

The article is parsed with ``\\n`` line ends and without its byte order mark;
the rewrite maps every change back onto the file as it was, so a BOM and
each line ending (CRLF, LF or a lone CR) stay byte for byte.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from transpipe import normalise
from transpipe.cli import app
from transpipe.core.config import Settings
from transpipe.core.errors import InputError

runner = CliRunner()
BOM = codecs.BOM_UTF8
GLOSSARY = "id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\n"


def _glossary(folder: Path) -> Path:
    path = folder / "g.gloss"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def test_a_crlf_file_with_a_bom_keeps_both(tmp_path: Path) -> None:
    _glossary(tmp_path)
    article = tmp_path / "a.md"
    article.write_bytes(
        BOM + b"# Talks in Kiev\r\n\r\nMinisters met in Kiev.\r\nThey left Kiev at noon.\r\n"
    )
    result = runner.invoke(app, ["normalise", "a.md", "--write", "--glossary", "g.gloss"])
    assert result.exit_code == 0, result.output
    assert article.read_bytes() == (
        BOM + b"# Talks in Kyiv\r\n\r\nMinisters met in Kyiv.\r\nThey left Kyiv at noon.\r\n"
    )


def test_mixed_line_endings_stay_as_they_were(tmp_path: Path) -> None:
    gloss = _glossary(tmp_path)
    article = tmp_path / "a.txt"
    article.write_bytes(b"Kiev talks\r\n\r\nIn Kiev.\nOld Mac\rline in Kiev.\r\n\r\nKiev\n")
    (result,) = normalise([str(article)], Settings(root=tmp_path), write=True, glossaries=[gloss])
    assert result.written
    assert article.read_bytes() == (
        b"Kyiv talks\r\n\r\nIn Kyiv.\nOld Mac\rline in Kyiv.\r\n\r\nKyiv\n"
    )


def test_a_file_without_a_bom_gets_none(tmp_path: Path) -> None:
    gloss = _glossary(tmp_path)
    article = tmp_path / "a.md"
    article.write_bytes(b"Talks in Kiev.\r\n")
    normalise([str(article)], Settings(root=tmp_path), write=True, glossaries=[gloss])
    assert article.read_bytes() == b"Talks in Kyiv.\r\n"


def test_an_article_changed_after_it_was_read_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transpipe.commands import articles
    from transpipe.commands import normalise as command

    gloss = _glossary(tmp_path)
    article = tmp_path / "a.md"
    article.write_bytes(b"Talks in Kiev.\n")
    real = articles.read_articles

    def read_then_edit(*args: object, **kwargs: object) -> list[articles.Article]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        article.write_bytes(b"An editor's new text about Kiev.\n")
        return found

    monkeypatch.setattr(command, "read_articles", read_then_edit)
    with pytest.raises(InputError, match="changed while"):
        normalise([str(article)], Settings(root=tmp_path), write=True, glossaries=[gloss])
    assert article.read_bytes() == b"An editor's new text about Kiev.\n"


LINE_ENDS = st.sampled_from(["\r\n", "\n", "\r"])
WORDS = st.sampled_from(["Kiev", "talks", "in", "the", "Kiev.", "met", "é", "«Kiev»"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bom=st.booleans(),
    lines=st.lists(st.tuples(st.lists(WORDS, min_size=1, max_size=6), LINE_ENDS), min_size=1),
)
def test_only_the_changed_spans_change(
    tmp_path: Path, bom: bool, lines: list[tuple[list[str], str]]
) -> None:
    """The same article with plain LF endings is the reference: same lines, own endings."""
    gloss = _glossary(tmp_path)
    plain, article = tmp_path / "plain.txt", tmp_path / "gen.txt"
    plain.write_text("".join(" ".join(words) + "\n" for words, _ in lines), encoding="utf-8")
    text = "".join(" ".join(words) + end for words, end in lines)
    article.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    for path in (plain, article):
        normalise([str(path)], Settings(root=tmp_path), write=True, glossaries=[gloss])
    new_lines = plain.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(new_lines) == len(lines)
    expected = "".join(line + end for line, (_, end) in zip(new_lines, lines, strict=True))
    assert article.read_bytes() == (BOM if bom else b"") + expected.encode("utf-8")

"""Pipeline helpers on in-memory documents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.commands.articles import _fragment_notes
from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.fragments.detect import Fragment


def _naive(document: Document, fragments: list[Fragment], fixed: list[Fragment]) -> list[list[str]]:
    """The definition: the first sentence in document order whose span holds the start."""
    sentences = document.sentences()
    notes: list[list[str]] = [[] for _ in sentences]
    for fragment in fragments:
        for i, sentence in enumerate(sentences):
            if sentence.start <= fragment.start < max(sentence.end, sentence.start + 1):
                done = "; fixed" if fragment in fixed else ""
                notes[i].append(f"{fragment.kind} {fragment.text}{done}")
                break
    return notes


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(spans, st.lists(st.integers(0, 80), max_size=12), st.data())
def test_fragments_go_to_the_first_sentence_holding_them(
    sentence_spans: list[tuple[int, int]], starts: list[int], data: st.DataObject
) -> None:
    sentences = tuple(Sentence(f"s{i}", 1, a, b) for i, (a, b) in enumerate(sentence_spans))
    document = Document("a.md", "markdown", (Block(BlockKind.PARAGRAPH, 1, "", "", sentences),))
    fragments = [
        Fragment(a, a + 1, 1, f"w{n}", "homoglyph", None, 0.9, None) for n, a in enumerate(starts)
    ]
    fixed = data.draw(st.lists(st.sampled_from(fragments), max_size=3)) if fragments else []
    got = _fragment_notes(document, fragments, fixed)
    expected = _naive(document, fragments, fixed)
    assert [[n.removeprefix("fragment: ") for n in notes] for notes in got] == expected

"""Sentence splitting: abbreviations, numbers, quotations, inline Markdown."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.document import segment
from transpipe.document.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


CASES: list[tuple[str, list[str]]] = [
    # plain terminators
    ("Radars were moved. Crews followed.", ["Radars were moved.", "Crews followed."]),
    ("Why now? Nobody knows! Talks go on.", ["Why now?", "Nobody knows!", "Talks go on."]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    (
        "The brigade left in 2021. 40 tanks stayed.",
        ["The brigade left in 2021.", "40 tanks stayed."],
    ),
    ("It ended… Then the shelling resumed.", ["It ended…", "Then the shelling resumed."]),
    # dotted initialisms mid-sentence
    (
        "A U.S. envoy and a U.K. minister met U.N. staff.",
        ["A U.S. envoy and a U.K. minister met U.N. staff."],
    ),
    (
        "The U.S. Army sent engineers. They arrived late.",
        ["The U.S. Army sent engineers.", "They arrived late."],
    ),
    # U.S. at the end of a sentence: split only before a common starter
    (
        "The order came from the U.S. The allies complied.",
        ["The order came from the U.S.", "The allies complied."],
    ),
    (
        "Aid came from the U.S. It arrived on time.",
        ["Aid came from the U.S.", "It arrived on time."],
    ),
    (
        "Aid came from the U.S. Congress approved it.",
        ["Aid came from the U.S. Congress approved it."],
    ),
    # titles before names
    (
        "Dr. Kovalenko met Mr. Hart, Mrs. Lind and Ms. Ortega.",
        ["Dr. Kovalenko met Mr. Hart, Mrs. Lind and Ms. Ortega."],
    ),
    (
        "Prof. Ames briefed Gen. Wolk, Lt. Ryan and Col. Baird. Sgt. Pike and Capt. Dunn took notes.",
        [
            "Prof. Ames briefed Gen. Wolk, Lt. Ryan and Col. Baird.",
            "Sgt. Pike and Capt. Dunn took notes.",
        ],
    ),
    (
        "Adm. Holt, Gov. Reyes, Sen. Marsh and Rep. Cole toured St. Olaf Base.",
        ["Adm. Holt, Gov. Reyes, Sen. Marsh and Rep. Cole toured St. Olaf Base."],
    ),
    # numbers after No. and months
    ("Unit No. 5 moved east. It was quiet.", ["Unit No. 5 moved east.", "It was quiet."]),
    (
        "Asked if he agreed, he said no. The talks went on.",
        ["Asked if he agreed, he said no.", "The talks went on."],
    ),
    (
        "Talks ran from Jan. 12 to Feb. 3 and resumed on Sept. 9. Nobody left.",
        ["Talks ran from Jan. 12 to Feb. 3 and resumed on Sept. 9.", "Nobody left."],
    ),
    # Latin and technical abbreviations
    (
        "Some systems, e.g. Patriot, i.e. long-range ones, cost more. Others do not.",
        ["Some systems, e.g. Patriot, i.e. long-range ones, cost more.", "Others do not."],
    ),
    (
        "Drones, shells, etc. were listed. Radars too.",
        ["Drones, shells, etc. were listed.", "Radars too."],
    ),
    ("Drones, shells, etc. The list was long.", ["Drones, shells, etc.", "The list was long."]),
    (
        "Kyiv vs. Moscow was the theme. Nobody laughed.",
        ["Kyiv vs. Moscow was the theme.", "Nobody laughed."],
    ),
    (
        "It weighs approx. 40 tonnes. That is heavy.",
        ["It weighs approx. 40 tonnes.", "That is heavy."],
    ),
    # company suffixes
    (
        "Arrow Dynamics Inc. and Harbour Ltd. signed with Vega Corp. and Moss Co. Ministers approved.",
        [
            "Arrow Dynamics Inc. and Harbour Ltd. signed with Vega Corp. and Moss Co. Ministers approved."
        ],
    ),
    (
        "The deal went to Vega Corp. The price was secret.",
        ["The deal went to Vega Corp.", "The price was secret."],
    ),
    # initials
    (
        "John F. Kennedy Airport was shut. Flights resumed.",
        ["John F. Kennedy Airport was shut.", "Flights resumed."],
    ),
    ("The essay by F. A. Hayek was cited.", ["The essay by F. A. Hayek was cited."]),
    # decimals
    (
        "Spending rose 3.5 per cent. It reached 1,200.75 million.",
        ["Spending rose 3.5 per cent.", "It reached 1,200.75 million."],
    ),
    # ellipses
    (
        "He paused... then carried on. Nobody spoke.",
        ["He paused... then carried on.", "Nobody spoke."],
    ),
    (
        "The line went dead... Minutes later it returned.",
        ["The line went dead...", "Minutes later it returned."],
    ),
    ("Wait… what happened? Sirens.", ["Wait… what happened?", "Sirens."]),
    # URLs and e-mail addresses
    (
        "Details are at https://example.org/v1.2/Report.PDF today. Write to press.office@example.org. Thanks.",
        [
            "Details are at https://example.org/v1.2/Report.PDF today.",
            "Write to press.office@example.org.",
            "Thanks.",
        ],
    ),
    ("See www.example.org. It has maps.", ["See www.example.org.", "It has maps."]),
    # curly single quotes and apostrophes
    (
        "‘We held the line. We will hold it again,’ the commander said. Nobody argued.",
        ["‘We held the line. We will hold it again,’ the commander said.", "Nobody argued."],
    ),
    (
        "‘The allies’ radars work. Ours do not,’ she said. Later she left.",
        ["‘The allies’ radars work. Ours do not,’ she said.", "Later she left."],
    ),
    (
        "NATO’s envoys met the allies’ generals. They talked.",
        ["NATO’s envoys met the allies’ generals.", "They talked."],
    ),
    (
        "He called it ‘a pause’. The fighting went on.",
        ["He called it ‘a pause’.", "The fighting went on."],
    ),
    (
        "The ‘hawks’ argued. The ‘doves’ agreed.",
        ["The ‘hawks’ argued.", "The ‘doves’ agreed."],
    ),
    (
        "‘We’re ready.’ The colonel nodded.",
        ["‘We’re ready.’", "The colonel nodded."],
    ),
    (
        "‘Why wait?’ he asked. ‘Because.’",
        ["‘Why wait?’ he asked.", "‘Because.’"],
    ),
    # curly and straight double quotes
    (
        "“Stand firm. Do not retreat,” he wrote. The letter was leaked.",
        ["“Stand firm. Do not retreat,” he wrote.", "The letter was leaked."],
    ),
    (
        'He said "Hold on. Help is coming" and hung up. It was noon.',
        ['He said "Hold on. Help is coming" and hung up.', "It was noon."],
    ),
    ('"It is over." The minister left.', ['"It is over."', "The minister left."]),
    ("An unclosed “quote. It still splits.", ["An unclosed “quote.", "It still splits."]),
    # parentheses and brackets
    (
        "The Armed Forces (AFU. See annex B.) moved. Then they stopped.",
        ["The Armed Forces (AFU. See annex B.) moved.", "Then they stopped."],
    ),
    ("(It was late.) The convoy waited.", ["(It was late.)", "The convoy waited."]),
    # Markdown inline code and links
    ("Run `make test. Then deploy` first. Done.", ["Run `make test. Then deploy` first.", "Done."]),
    (
        "Read [the note. Page two](https://example.org/a.b?x=1. Y) now. Then reply.",
        ["Read [the note. Page two](https://example.org/a.b?x=1. Y) now.", "Then reply."],
    ),
    ("**Update.** The bridge reopened.", ["**Update.**", "The bridge reopened."]),
    # other scripts
    (
        "The Minobороны said nothing. Москва молчит.",
        ["The Minobороны said nothing.", "Москва молчит."],
    ),
    # lowercase after a full stop is not a new sentence
    (
        "The vote was 12 vs. 3 in favour. the rest abstained.",
        ["The vote was 12 vs. 3 in favour. the rest abstained."],
    ),
    # blank lines always split
    ("A heading\n\nA paragraph. Two.", ["A heading", "A paragraph.", "Two."]),
    ("", []),
    ("   \n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_stripped_offsets() -> None:
    text = "  First one.   Second one!  "
    assert split_sentences(text) == [(2, 12), (15, 26)]


def test_newlines_inside_a_paragraph_are_spaces() -> None:
    assert sentences("One line\ncontinues. Next\nline.") == ["One line\ncontinues.", "Next\nline."]


@given(st.text(alphabet=st.sampled_from(list('aB .!?‘’“”"()[]`\n…U.S5*_:/@')), max_size=80))
def test_spans_cover_all_non_space_text(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for p in range(start, end):
            covered[p] = True
        previous_end = end
    assert all(covered[p] or ch.isspace() for p, ch in enumerate(text))


# -- long input: work that must stay linear in the length of a paragraph -----------------

HANG_GUARD = 20  # seconds: a hang guard only, not a performance assertion


def _old_match(text: str, atomic: list[bool], i: int, open_: str, close: str) -> int | None:
    depth = 0
    for p in range(i, len(text)):
        if atomic[p]:
            continue
        depth += (text[p] == open_) - (text[p] == close)
        if text[p] == close and depth == 0:
            return p
    return None


@given(st.text(alphabet="()[]“”a", max_size=40), st.integers(0, 2**40))
def test_bracket_pairs_match_the_direct_scan(text: str, bits: int) -> None:
    atomic = [bool(bits >> (i % 40) & 1) for i in range(len(text))]
    for open_, close in ("()", "[]", "“”"):
        pairs = segment._bracket_pairs(text, atomic, open_, close)
        for i, ch in enumerate(text):
            if ch == open_ and not atomic[i]:
                assert pairs.get(i) == _old_match(text, atomic, i, open_, close)


PATHOLOGICAL = {
    # a 200,000-character word of e-mail characters without "@"
    "address characters": "Intro. " + "a.b-c_d" * 28_000 + " ends. The next one.",
    # thousands of backtick runs of different lengths, none closed
    "backtick runs": "Intro. " + " ".join("`" * (i % 50 + 1) + "x" for i in range(4_000)),
    # unclosed brackets and quotation marks
    "open brackets": "Intro. " + "(a [b “c " * 20_000 + "end. The next one.",
    "open quotes": "Intro. " + 'He said "yes. ' + "‘so. " * 30_000 + "The end.",
    "closing brackets": "See https://x.org/a" + ")" * 200_000 + " now. Done.",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_paragraphs_finish(name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.monotonic()
    spans = split_sentences(text)
    assert time.monotonic() - started < HANG_GUARD
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))

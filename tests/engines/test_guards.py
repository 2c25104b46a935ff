"""Degenerate translations are told from their source by pure rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.engines.guards import (
    LENGTH_BAND,
    degeneracy,
    prefer_retry,
    repeated_ngram,
)

SOURCE = "The Ministry of Defence said on Tuesday that the drones were shot down."
GERMAN = (
    "Das Verteidigungsministerium teilte am Dienstag mit, dass die Drohnen abgeschossen wurden."
)


@pytest.mark.parametrize(
    ("source", "output", "target", "reason"),
    [
        (SOURCE, GERMAN, "de", ""),
        ("the cat", "THE THE THE THE", "nl", "repetition"),
        (
            SOURCE,
            "Die Drohnen wurden abgeschossen, abgeschossen, abgeschossen.",
            "de",
            "repetition",
        ),
        (SOURCE, "a b c x a b c y a b c", "de", "repetition"),  # a 3-gram three times
        ("x", "你好世界你好世界你好世界你好世界", "zh", "repetition"),
        (SOURCE, "Die Drohnen.", "de", "length"),
        (SOURCE, GERMAN * 4, "de", "repetition"),
        (SOURCE, " ".join(f"Wort{i}" for i in range(60)), "de", "length"),
        (SOURCE, SOURCE, "de", "copy"),
        (
            SOURCE,
            "  The Ministry of  Defence said on Tuesday that the drones were shot down. ",
            "de",
            "copy",
        ),
        (SOURCE, SOURCE, "en", ""),  # both English: giving the text back is fine
        (SOURCE, SOURCE.upper(), "xx", ""),  # case differs: not the copy a stuck model makes
        ("Kyiv {1} said", "Kyjiw sagte", "de", "placeholders"),
        ("Kyiv {1} said", "Kyjiw {1} {1} sagte", "de", "placeholders"),
        ("Kyiv {1} said {2}", "{2} Kyjiw sagte {1}", "de", ""),
        (SOURCE, SOURCE + " " + SOURCE.replace("Tuesday", "Monday"), "de", "language"),
        ("Hello there", "Hello there", "de", ""),  # too few words to call a copy
        ("", "", "de", ""),
        (SOURCE, "", "de", "length"),
    ],
)
def test_degeneracy_names_the_first_failure(
    source: str, output: str, target: str, reason: str
) -> None:
    assert degeneracy(source, output, target, "en") == reason


def test_the_language_check_skips_short_outputs_and_unknown_targets() -> None:
    english = "The drones were shot down over the region on Tuesday night again."
    assert (
        degeneracy("Die Drohnen wurden am Dienstag abgeschossen, sagte man.", english, "xx") == ""
    )
    assert degeneracy("Die Drohnen", "The drones were", "de") == ""
    assert degeneracy("Die Drohnen wurden am Dienstag abgeschossen.", english, "de") == "language"


def test_numbers_are_not_loops() -> None:
    assert not repeated_ngram("1000000000 people, 1.000.000.000 euros")


def test_the_length_band_is_a_band() -> None:
    low, high = LENGTH_BAND
    assert 0 < low < 1 < high


@given(st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"]), max_size=30))
def test_repetition_matches_the_naive_definition(words: list[str]) -> None:
    def naive(ws: list[str]) -> bool:
        for n in range(1, 5):
            for i in range(len(ws)):
                if ws[i : i + n] * 3 == ws[i : i + 3 * n] and len(ws[i : i + 3 * n]) == 3 * n:
                    return True
        grams = [tuple(ws[i : i + 3]) for i in range(len(ws) - 2)]
        return any(grams.count(g) > 2 for g in grams)

    assert repeated_ngram(" ".join(words)) == naive(words)


@given(st.text(alphabet="abc {}12", max_size=40))
def test_an_output_equal_to_its_source_in_the_same_language_is_never_a_copy(text: str) -> None:
    assert degeneracy(text, text, "en", "en") != "copy"


def test_a_retry_wins_when_clean_or_strictly_better() -> None:
    assert prefer_retry(-0.1, -5.0, "repetition", "")
    assert prefer_retry(-0.5, -0.1, "repetition", "repetition")
    assert not prefer_retry(-0.1, -0.1, "repetition", "repetition")
    assert prefer_retry(None, -0.1, "copy", "")
    assert not prefer_retry(None, -0.1, "length", "length")
    assert not prefer_retry(-0.1, None, "length", "length")


def test_a_language_retry_must_also_score_as_well() -> None:
    assert not prefer_retry(0.0, -0.05, "language", "")
    assert prefer_retry(-0.5, -0.4, "language", "")

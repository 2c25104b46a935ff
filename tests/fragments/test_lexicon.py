"""The shipped frequency lexicon gives wordfreq's numbers without loading wordfreq."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import wordfreq

from tests.conftest import EXAMPLE_ARTICLES, ROOT
from tests.tools.build_lexicon import TARGET, build_bytes
from transpipe.fragments.lexicon import (
    LEXICON_LANGUAGES,
    WORDLIST,
    Lexicon,
    _tokens,
    shipped_lexicon,
)

FRAGMENTS = ROOT / "tests" / "data" / "fragments"
WORD = re.compile(r"[^\W\d_][\w\u0300-\u036f]*(?:[-'’.][\w\u0300-\u036f]+)*")


def _expected(word: str) -> dict[str, float]:
    return {
        lang: wordfreq.zipf_frequency(word, lang, wordlist=WORDLIST) for lang in LEXICON_LANGUAGES
    }


def _corpus_words() -> list[str]:
    words: set[str] = set()
    for name in ("labelled.jsonl", "heldout.jsonl"):
        for line in (FRAGMENTS / name).read_text(encoding="utf-8").splitlines():
            words.update(w.lower() for w in WORD.findall(json.loads(line)["text"]))
    for path in EXAMPLE_ARTICLES:
        words.update(w.lower() for w in WORD.findall(path.read_text(encoding="utf-8")))
    return sorted(words)


def test_lexicon_languages_match_the_detector() -> None:
    assert shipped_lexicon().languages == LEXICON_LANGUAGES


def test_every_word_of_the_test_articles_scores_as_in_wordfreq() -> None:
    lexicon = shipped_lexicon()
    words = _corpus_words()
    assert len(words) > 2000
    wrong = {
        w: (lexicon.zipf_all(w), _expected(w)) for w in words if lexicon.zipf_all(w) != _expected(w)
    }
    assert not wrong, list(wrong.items())[:3]


def test_list_words_hyphen_compounds_and_capitals_score_as_in_wordfreq() -> None:
    lexicon = shipped_lexicon()
    sample: list[str] = []
    for lang in LEXICON_LANGUAGES:
        listed = wordfreq.top_n_list(lang, 40000, wordlist=WORDLIST)
        sample.extend(listed[::400])
    sample += [f"{a}-{b}" for a, b in zip(sample[::7], sample[3::7])]
    sample += [w.title() for w in sample[::5]] + [w.upper() for w in sample[::11]]
    assert len(sample) > 1500
    for word in sample:
        assert lexicon.zipf_all(word) == _expected(word), word


@pytest.mark.parametrize(
    "word",
    ["l'armée", "qu'il", "d’état", "don't", "o’clock", "ştiinţă", "İstanbul", "u.s", "naïve",
     "Straße", "x-ray's", "anti--air", "Minobороны", "міністерство", "наступление", "zzzqx"],
)  # fmt: skip
def test_awkward_shapes_score_as_in_wordfreq(word: str) -> None:
    assert shipped_lexicon().zipf_all(word) == _expected(word)


def test_only_awkward_shapes_need_wordfreq() -> None:
    assert _tokens("long-range") == ["long", "range"]
    assert _tokens("Don’t") == ["don't"]
    assert _tokens("Straße") == ["strasse"]
    for word in ("l'armée", "ştiinţă", "u.s", "a--b", "f-16"):
        assert _tokens(word) is None, word


def test_looking_words_up_does_not_import_wordfreq() -> None:
    code = (
        "import sys\n"
        "from transpipe.fragments.lexicon import shipped_lexicon\n"
        "lex = shipped_lexicon()\n"
        "assert lex.zipf('defence', 'en') > 4 and lex.zipf('armée', 'fr') > 4\n"
        "assert lex.zipf('long-range', 'en') > 3\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('wordfreq', 'regex', 'langcodes')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_file_that_is_not_a_lexicon_is_refused() -> None:
    with pytest.raises(ValueError, match="not a transpipe lexicon"):
        Lexicon(b"PK\x03\x04 something else")


@pytest.mark.slow
def test_shipped_lexicon_is_current() -> None:
    assert TARGET.read_bytes() == build_bytes(), "run tests/tools/build_lexicon.py"


def test_shipped_romanised_table_is_current() -> None:
    from tests.tools import build_romanised

    assert build_romanised.TARGET.read_bytes() == build_romanised.build_bytes(), (
        "run tests/tools/build_romanised.py"
    )

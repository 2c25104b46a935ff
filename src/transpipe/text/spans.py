"""Spans of text that are never prose: URLs, e-mail addresses and code spans.

One definition for every wing: sentence splitting never ends a sentence
inside one, inline protection hides them from the engine, the checks
compare addresses, glossary matching and fragment detection skip them.

URLs (:data:`URL`, :func:`url_end`, :func:`urls`)
  A URL starts with a scheme and ``://`` (``https://``, ``ftp://``,
  ``s3://``: any scheme), with ``www.`` or with ``mailto:`` (any case), where
  no ASCII letter or digit comes just before it; so a translation into a
  language written without spaces (``请访问https://x.org``) keeps its URL.
  ``tel:`` and ``urn:`` have no ``//`` and count only inside an autolink
  (``<tel:+380441234567>``): in prose ``Tel:`` is a label.  A URL runs up to
  whitespace or a character never written in one: angle brackets, straight
  double quotes, backticks, square brackets and braces, curly and angle
  quotation marks (``“ ” ‘ ’ „ ‚ « » ‹ ›``) and CJK punctuation
  (``。，、；：！？（）「」『』【】《》``), which a translation puts right after
  a URL.  Then, as GitHub does for its autolinks, trailing
  ``. , ; : ! ? ' * _ ~`` are punctuation of the sentence, and so is a
  trailing ``)`` without a ``(`` in the URL, until neither is left: ``See
  https://x.org/a_(b).`` and ``(at www.example.com).`` give
  ``https://x.org/a_(b)`` and ``www.example.com``.  What is left must be
  more than its start (``https://`` alone is no URL).

E-mail addresses (:data:`EMAIL`, :func:`emails`)
  A local part of ASCII letters, digits and ``. _ % + -``, ``@``, then a
  domain: labels separated by dots, each of ASCII letters, digits and
  ``-`` or of letters and digits of other scripts (an internationalised
  domain: ``info@мвс.укр``), the last one two letters or more
  (``press@example.org``; ``a@b.c`` and ``10@2.50`` are none).  The local
  part is ASCII, and a label is never half ASCII, because in scripts
  written without spaces the words just before and after an address would
  otherwise join it (``发送至press@example.org获取``).  :func:`emails` finds
  what ``EMAIL.finditer`` finds, in linear time.

Code spans (:func:`code_spans`)
  A run of backticks and the next run of the same length (CommonMark), paired
  left to right; a run that no run of its length follows is text.

Autolinks (:data:`AUTOLINK`)
  ``<scheme:...>`` and ``<address>`` as CommonMark defines them.

Template tags (:data:`TEMPLATE_TAG`)
  What static-site generators expand before a reader sees the page: Hugo
  shortcodes ``{{< figure src="x.jpg" >}}`` and ``{{% note %}}``, Liquid and
  Jinja tags ``{% include x.html %}``, output ``{{ page.title }}`` and
  comments ``{# ... #}``, each from its opener to the first closer of its
  kind (a closer inside a quoted parameter counts: such tags are not
  written).  They are markup: never prose, never split, kept whole.

Every function here takes time linear in the length of the text.  The
patterns carry their own flags, so other patterns may embed their
``.pattern`` whatever flags those are compiled with.
"""

from __future__ import annotations

import heapq
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AUTOLINK",
    "EMAIL",
    "EMAIL_AT_RUN",
    "TEMPLATE_TAG",
    "URL",
    "Span",
    "SpanKind",
    "code_closers",
    "code_spans",
    "emails",
    "emails_after",
    "find_spans",
    "is_address",
    "url_end",
    "urls",
]

SpanKind = Literal["code", "url", "email"]

_NEVER_IN_URL = r"\s<>\"`\[\]{}“”‘’„‚«»‹›。，、；：！？（）「」『』【】《》"
_TRAILING = frozenset(".,;:!?'*_~")
URL = re.compile(
    r"(?-i:(?<![A-Za-z0-9])"
    r"(?P<prefix>[A-Za-z][A-Za-z0-9+.-]{1,31}://|(?i:www\.|mailto:))"
    rf"[^{_NEVER_IN_URL}]+)"
)

_LOCAL = r"[A-Za-z0-9._%+-]"
_LOCAL_CHARS = frozenset(string.ascii_letters + string.digits + "._%+-")  # those of _LOCAL
# a label is all ASCII or all other scripts: in "org获取" it is "org", and text follows
_LABEL = r"(?:[A-Za-z0-9-]+|[^\W_\x00-\x7f](?:[^\W_\x00-\x7f]|-)*)"
_TOP_LABEL = r"(?:[A-Za-z]{2,}|[^\W\d_\x00-\x7f]{2,})"
EMAIL = re.compile(rf"(?-i:{_LOCAL}+@{_LABEL}(?:\.{_LABEL})*\.{_TOP_LABEL})")
# EMAIL tried only where a run of local-part characters starts: a long word is not
# rescanned from each of its letters (see emails)
EMAIL_AT_RUN = re.compile(rf"(?-i:(?<!{_LOCAL}){EMAIL.pattern})")

AUTOLINK = re.compile(
    r"(?-i:<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)>)"
)
# each alternative is bounded by its own closer, so a search is linear in the text
TEMPLATE_TAG = re.compile(
    r"\{\{<(?:[^>]|>(?!\}\}))*>\}\}"
    r"|\{\{%(?:[^%]|%(?!\}\}))*%\}\}"
    r"|\{%(?:[^%]|%(?!\}))*%\}"
    r"|\{\{(?:[^}]|\}(?!\}))*\}\}"
    r"|\{#(?:[^#]|#(?!\}))*#\}"
)
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` is a code span, a URL or an e-mail address (``kind``)."""

    kind: SpanKind
    start: int
    end: int


def url_end(text: str, start: int) -> int | None:
    """Where the URL that starts at ``start`` ends, its trailing punctuation left out.

    None when no URL starts there (see the module docstring for the rules).
    """
    found = URL.match(text, start)
    return None if found is None else _trimmed_end(text, found)


def _trimmed_end(text: str, found: re.Match[str]) -> int | None:
    """The end of the URL ``found``, without the sentence's punctuation; None if nothing is left."""
    start, end = found.span()
    # counted once: recounting at each stripped ")" is quadratic on "x.org/a)))..."
    unmatched = text.count(")", start, end) - text.count("(", start, end)
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and unmatched > 0:
            end -= 1
            unmatched -= 1
        else:
            break
    return end if end > found.end("prefix") else None


def urls(text: str) -> list[Span]:
    """The URLs of ``text``, left to right."""
    found: list[Span] = []
    for match in URL.finditer(text):
        end = _trimmed_end(text, match)
        if end is not None:
            found.append(Span("url", match.start(), end))
    return found


def emails(text: str) -> list[Span]:
    """The spans of ``EMAIL.finditer(text)``, in linear time.

    Inside a run of local-part characters an address can only start where
    the run starts or where the previous address ended (``a@b.cc.+d@e.ff``):
    if none starts there, none starts later in the run either.
    """
    found: list[Span] = []
    pos = 0
    while True:
        match = EMAIL_AT_RUN.search(text, pos)
        if match is None:
            return found
        found.append(Span("email", match.start(), match.end()))
        found.extend(emails_after(text, match.end()))
        pos = found[-1].end


def emails_after(text: str, pos: int) -> list[Span]:
    """The addresses that follow one another from ``pos``, inside a run of local-part characters.

    An address may end inside such a run (``a@b.cc.+d@e.ff``), where
    :data:`EMAIL_AT_RUN` cannot start the next one but ``EMAIL`` can.  Empty
    unless the run goes on across ``pos`` and an address starts right there.
    """
    found: list[Span] = []
    while 0 < pos < len(text) and text[pos - 1] in _LOCAL_CHARS and text[pos] in _LOCAL_CHARS:
        match = EMAIL.match(text, pos)
        if match is None:
            break
        found.append(Span("email", pos, match.end()))
        pos = match.end()
    return found


def code_closers(text: str) -> dict[int, int]:
    """For each run of backticks, by its start: the end of the next run of the same length.

    The rest of a run after its first backtick, which a backslash may escape
    (``\\`` followed by two backticks opens a run of one), is looked up by its
    start the same way.  Runs that no run of their length follows are
    absent.  Found in one pass from the end, where scanning ahead from every
    run would be quadratic.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    closers: dict[int, int] = {}
    following: dict[int, int] = {}  # run length -> end of the next run of that length
    for start, end in reversed(runs):
        if end - start - 1 in following:
            closers[start + 1] = following[end - start - 1]
        if end - start in following:
            closers[start] = following[end - start]
        following[end - start] = end
    return closers


def code_spans(text: str) -> list[Span]:
    """The code spans of ``text``: each run of backticks with its closer, left to right.

    A run inside a code span opens none; backslash escapes are not looked
    at (inline protection, which honours them, uses :func:`code_closers`).
    """
    closers = code_closers(text)
    found: list[Span] = []
    for run in _BACKTICKS.finditer(text):
        end = closers.get(run.start())
        if end is not None and (not found or run.start() >= found[-1].end):
            found.append(Span("code", run.start(), end))
    return found


def find_spans(text: str) -> Iterator[Span]:
    """The code spans, URLs and e-mail addresses of ``text``, left to right, none overlapping.

    Where two overlap, the one that starts first is kept; at the same start
    a code span goes before a URL, a URL before an address
    (``www.a@b.org`` is a URL).
    """
    # each list is in order and merge keeps the order of its arguments at a tie
    found = heapq.merge(code_spans(text), urls(text), emails(text), key=lambda s: s.start)
    end = 0
    for span in found:
        if span.start >= end:
            yield span
            end = span.end


def is_address(token: str) -> bool:
    """Whether all of ``token`` is one URL, e-mail address or autolink."""
    if AUTOLINK.fullmatch(token) or EMAIL.fullmatch(token):
        return True
    return url_end(token, 0) == len(token)

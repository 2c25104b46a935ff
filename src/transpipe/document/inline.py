"""Inline Markdown protection for machine translation.

:func:`protect` swaps inline markup for numbered placeholders ``{1}``,
``{2}``, ... (1-based, in order of appearance) so a translation engine sees
only words; :func:`restore` puts the markup back into the engine's output.

What becomes a placeholder, one token each:

* code spans (`` `x` ``), whole: their content is never translated;
* images (``![alt](src)``, ``![alt][ref]``), whole;
* links: ``[`` and the tail (``](url "title")``, ``][ref]``, ``][]``) are two
  tokens and the link text between them stays translatable:
  ``[the report](https://x)`` becomes ``{1}the report{2}``;
* autolinks (``<https://...>``, ``<a@b.org>``), bare URLs and e-mail
  addresses (as :mod:`transpipe.text.spans` defines them), whole;
* emphasis delimiter runs ``*``, ``**``, ``_``, ``__``, ``~~`` that really
  open or close emphasis under CommonMark's flanking rules and find a
  partner (``5 * 3``, ``snake_case_words`` and a lone ``*`` stay text);
* inline HTML tags and comments (``<b>``, ``</b>``, ``<br/>``), each;
* HTML elements whose content is never translated, whole from start tag to
  matching end tag: ``code``, ``kbd``, ``samp``, ``script``, ``style``,
  ``template``, and any element with ``translate="no"``
  (``<code>AD-WEST-2</code>``, ``<span translate="no">Bayraktar</span>``);
  without a matching end tag only the start tag is a token;
* backslash escapes (``\\*``), whole;
* template tags (Hugo shortcodes ``{{< ref "x.md" >}}``, Liquid and Jinja
  ``{% ... %}``, ``{{ ... }}``, ``{# ... #}``) and footnote references
  (``[^1]``), whole;
* literal text that already looks like a placeholder (``{3}``), so that
  ``restore`` cannot mistake it for one.

Placeholders are exactly ``{`` digits ``}``; :func:`restore` recognises no
other spelling (``{ 1 }`` is left as text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from transpipe.document.html_syntax import OPAQUE_ELEMENTS
from transpipe.text.spans import AUTOLINK, TEMPLATE_TAG, code_closers, emails, url_end

__all__ = ["Protected", "Restored", "inline_tail", "protect", "restore"]

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<!--.*?-->",
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_TRANSLATE_NO = re.compile(r"""\stranslate\s*=\s*(?:"no"|'no'|no(?=[\s/>]))""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Protected:
    """Text with inline markup replaced by ``{n}``; ``tokens[n - 1]`` is the markup."""

    text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Restored:
    """Translated text with markup put back, and what did not match.

    ``missing`` lists placeholder numbers absent from the translation (their
    tokens were appended at the end of ``text``); ``unknown`` lists
    placeholders found in the translation that have no token (left in
    ``text`` as they are).
    """

    text: str
    missing: tuple[int, ...]
    unknown: tuple[str, ...]


def protect(text: str) -> Protected:
    """Replace inline Markdown in ``text`` by placeholders ``{1}``, ``{2}``, ....

    ``restore(p.text, p.tokens).text == text`` holds for every string.
    """
    spans = _scan(text)
    covered = [False] * len(text)
    for a, b in spans:
        for p in range(a, b):
            covered[p] = True
    spans.extend(_emphasis(text, covered))
    spans.sort()
    parts: list[str] = []
    tokens: list[str] = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        tokens.append(text[a:b])
        parts.append(f"{{{len(tokens)}}}")
        pos = b
    parts.append(text[pos:])
    return Protected("".join(parts), tuple(tokens))


def restore(text: str, tokens: tuple[str, ...]) -> Restored:
    """Put ``tokens`` back where their placeholders are in translated ``text``.

    Tokens go exactly where the placeholders are, whatever spacing the engine
    put around them; a placeholder repeated by the engine gets its token each
    time.  Tokens whose placeholder is gone are appended at the end, in
    order, so no markup is lost.
    """
    seen: set[int] = set()
    unknown: list[str] = []

    def put_back(found: re.Match[str]) -> str:
        number = int(found.group(1))
        if 1 <= number <= len(tokens):
            seen.add(number)
            return tokens[number - 1]
        unknown.append(found.group(0))
        return found.group(0)

    restored = _PLACEHOLDER.sub(put_back, text)
    missing = tuple(n for n in range(1, len(tokens) + 1) if n not in seen)
    restored += "".join(tokens[n - 1] for n in missing)
    return Restored(restored, missing, tuple(unknown))


@dataclass(frozen=True, slots=True)
class _Marks:
    """Where code spans, brackets and e-mail addresses of a text end, found in one pass each.

    ``code[i]``: the end of the code span whose backtick run starts at ``i``
    (the next run of the same length), absent when none closes it;
    ``close[i]``: the ``]`` matching the ``[`` at ``i``, skipping escapes and
    code spans, absent when none does; ``emails[i]``: the end of the e-mail
    address that starts at ``i``.  Looking these up instead of scanning ahead
    from every backtick, bracket and letter keeps :func:`protect` linear.
    """

    code: dict[int, int]
    close: dict[int, int]
    emails: dict[int, int]

    @classmethod
    def of(cls, text: str) -> _Marks:
        code = code_closers(text)
        close: dict[int, int] = {}
        opened: list[int] = []
        p, n = 0, len(text)
        while p < n:
            ch = text[p]
            if ch == "\\":
                p += 2
            elif ch == "`":
                p = code.get(p) or p + _run_length(text, p)
            else:
                if ch == "[":
                    opened.append(p)
                elif ch == "]" and opened:
                    close[opened.pop()] = p
                p += 1
        return cls(code, close, {s.start: s.end for s in emails(text)})


def _scan(text: str) -> list[tuple[int, int]]:
    """Spans of every token except emphasis delimiters, left to right."""
    n = len(text)
    marks = _Marks.of(text)
    spans: list[tuple[int, int]] = []
    link_tails: dict[int, int] = {}  # position of a link's "]" -> end of its tail
    i = 0
    while i < n:
        if i in link_tails:
            tail_end = link_tails.pop(i)
            spans.append((i, tail_end))
            i = tail_end
            continue
        end = _atom_at(text, i, link_tails, marks)
        if end is not None:
            spans.append((i, end))
            i = end
            continue
        ch = text[i]
        if ch == "`":
            i += _run_length(text, i)
            continue
        if ch == "[":
            link = _link_at(text, i, marks)
            if link is not None and not link_tails:
                close, tail_end = link
                spans.append((i, i + 1))
                link_tails[close] = tail_end
        i += 1
    return spans


def _atom_at(text: str, i: int, link_tails: dict[int, int], marks: _Marks) -> int | None:
    """End of a whole token starting at ``i``, if one does."""
    ch = text[i]
    end: int | None = None
    if ch == "\\":
        if i + 1 < len(text) and text[i + 1] in _ASCII_PUNCT:
            end = i + 2
    elif ch == "`":
        end = marks.code.get(i)
    elif ch == "!":
        if i + 1 < len(text) and text[i + 1] == "[":
            link = _link_at(text, i + 1, marks)
            if link is not None:
                end = link[1]
    elif ch == "<":
        found = AUTOLINK.match(text, i) or _HTML.match(text, i)
        if found is not None:
            end = found.end()
            if found.re is _HTML:
                end = _opaque_element_end(text, i, end) or end
    elif ch == "{":
        found = TEMPLATE_TAG.match(text, i) or _PLACEHOLDER.match(text, i)
        if found is not None:
            end = found.end()
    elif ch == "[" and text.startswith("[^", i):
        found = _FOOTNOTE_REFERENCE.match(text, i)
        if found is not None:
            end = found.end()
    else:
        end = url_end(text, i) or marks.emails.get(i)
    if end is not None:
        # no token may swallow the "]" that starts the tail of an open link
        for close in link_tails:
            if i < close < end:
                end = close
    return end if end is not None and end > i else None


def _opaque_element_end(text: str, start: int, tag_end: int) -> int | None:
    """Where an element that is never translated ends, for its start tag at ``start``.

    None when ``text[start:tag_end]`` is no such start tag or the element's
    matching end tag is missing.
    """
    tag = text[start:tag_end]
    name_match = _TAG_NAME.match(tag)
    if name_match is None or tag.startswith("</") or tag.endswith("/>"):
        return None
    name = name_match.group(1).lower()
    if name not in OPAQUE_ELEMENTS and _TRANSLATE_NO.search(tag) is None:
        return None
    depth = 0
    for found in _HTML.finditer(text, start):
        other = _TAG_NAME.match(found.group())
        if other is None or other.group(1).lower() != name or found.group().endswith("/>"):
            continue
        depth += -1 if found.group().startswith("</") else 1
        if depth == 0:
            return found.end()
    return None


def _run_length(text: str, i: int) -> int:
    p = i
    while p < len(text) and text[p] == text[i]:
        p += 1
    return p - i


def _link_at(text: str, i: int, marks: _Marks) -> tuple[int, int] | None:
    """For a ``[`` at ``i`` opening a link: the ``]`` position and the tail's end."""
    close = marks.close.get(i)
    if close is None:
        return None
    tail = close + 1
    if tail < len(text) and text[tail] == "(":
        found = inline_tail(text, tail)
        end = None if found is None else found[0]
        if end is not None:
            return close, end
    if tail < len(text) and text[tail] == "[":
        p = tail + 1
        while p < len(text) and text[p] != "]":
            if text[p] == "[":
                return None
            p += 2 if text[p] == "\\" else 1
        if p < len(text):
            return close, p + 1
    return None


def inline_tail(text: str, i: int) -> tuple[int, tuple[int, int] | None] | None:
    """End of ``(destination "title")`` starting at the ``(`` at ``i``, and the span of
    the title inside its quotes or parentheses (None without one); None if no tail
    starts there."""
    n = len(text)
    p = _skip_space(text, i + 1)
    if p < n and text[p] == "<":
        p += 1
        while p < n and text[p] not in "<>\n":
            p += 2 if text[p] == "\\" else 1
        if p >= n or text[p] != ">":
            return None
        p += 1
    else:
        depth = 0
        while p < n and not text[p].isspace():
            ch = text[p]
            if ch == "\\":
                p += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            p += 1
        if depth:
            return None
    q = _skip_space(text, p)
    title = None
    if q < n and q > p and text[q] in "\"'(":
        closer = ")" if text[q] == "(" else text[q]
        q += 1
        opened = q
        while q < n and text[q] != closer:
            q += 2 if text[q] == "\\" else 1
        if q >= n:
            return None
        title = (opened, q)
        q = _skip_space(text, q + 1)
    if q < n and text[q] == ")":
        return q + 1, title
    return None


def _skip_space(text: str, p: int) -> int:
    while p < len(text) and text[p] in " \t\n":
        p += 1
    return p


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


@dataclass(slots=True)
class _Run:
    start: int
    length: int
    char: str
    can_open: bool
    can_close: bool
    left: int
    used: bool = False


def _emphasis(text: str, covered: list[bool]) -> list[tuple[int, int]]:
    """Spans of the emphasis delimiter runs that pair up (CommonMark rules)."""
    runs: list[_Run] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if covered[i] or ch not in "*_~":
            i += 1
            continue
        j = i
        while j < n and text[j] == ch and not covered[j]:
            j += 1
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < n else " "
        left = not after.isspace() and (
            not _is_punct(after) or before.isspace() or _is_punct(before)
        )
        right = not before.isspace() and (
            not _is_punct(before) or after.isspace() or _is_punct(after)
        )
        if ch == "_":
            opens = left and (not right or _is_punct(before))
            closes = right and (not left or _is_punct(after))
        else:
            opens, closes = left, right
        if ch != "~" or j - i == 2:
            runs.append(_Run(i, j - i, ch, opens, closes, j - i))
        i = j
    stack: list[_Run] = []
    for run in runs:
        if run.can_close:
            k = len(stack) - 1
            while k >= 0 and run.left > 0:
                opener = stack[k]
                if opener.char != run.char or _rule_of_three(opener, run):
                    k -= 1
                    continue
                use = 2 if opener.left >= 2 and run.left >= 2 else 1
                opener.left -= use
                run.left -= use
                opener.used = run.used = True
                del stack[k + 1 :]
                if opener.left == 0:
                    stack.pop()
                k = len(stack) - 1
        if run.can_open and run.left > 0:
            stack.append(run)
    return [(r.start, r.start + r.length) for r in runs if r.used]


def _rule_of_three(opener: _Run, closer: _Run) -> bool:
    both = opener.can_close or closer.can_open
    total = opener.length + closer.length
    return both and total % 3 == 0 and not (opener.length % 3 == 0 and closer.length % 3 == 0)

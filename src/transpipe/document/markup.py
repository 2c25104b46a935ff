"""Whether a translation keeps its source's placeholders and inline markup.

Both texts go through :func:`transpipe.document.inline.protect`, and what it
takes out is compared as a multiset (order is free, count is not):

* placeholders: ``{n}`` as written, and printf conversions (``%s``,
  ``%(name)s``; ``%%`` is a percent sign) found in prose only, so ``%20a``
  in a URL or code span is none;
* inline markup: every protected token but URLs, e-mail addresses and
  ``{n}``; link titles and image alt text may be translated, so a link tail
  counts by its target and an image by its source (a reference image by its
  label);
* addresses: URLs, e-mail addresses and autolinks (as
  :mod:`transpipe.text.spans` defines them), without the autolink's ``<>``.

:func:`markup_problems` is what ``build`` refuses to put into an edition;
the checks wing reports the same problems as ``placeholder-mismatch`` and
``markup-mismatch`` findings, and compares :func:`addresses` for
``url-mismatch``.  Messages say what is missing or unexpected and how to fix
it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from transpipe.document.inline import protect
from transpipe.text.spans import is_address

__all__ = [
    "addresses",
    "difference",
    "markup_problem",
    "markup_problems",
    "placeholder_problem",
    "prose",
]

_BRACE_PLACEHOLDER = re.compile(r"\{\d+\}")
_PRINTF = re.compile(
    r"%%"  # an escaped percent sign: not a placeholder
    r"|%(?:\([A-Za-z_]\w*\))?[#0+-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
)
_LINK_TAIL = re.compile(r"\]\(\s*(<[^>]*>|\S*?)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_IMAGE = re.compile(
    r"!\[.*\]\(\s*(<[^>]*>|\S*?)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)", re.DOTALL
)


def difference(source: Counter[str], target: Counter[str]) -> str:
    """What ``target`` lacks and what it has too many of, compared with ``source``."""
    parts = []
    missing = source - target
    extra = target - source
    if missing:
        parts.append("missing " + ", ".join(sorted(missing.elements())))
    if extra:
        parts.append("unexpected " + ", ".join(sorted(extra.elements())))
    return "; ".join(parts)


def _unmarked(text: str) -> str:
    """``text`` as the engine sees it, ``{n}`` placeholders blanked out."""
    return _BRACE_PLACEHOLDER.sub(" ", protect(text).text)


def prose(text: str) -> str:
    """``text`` without inline markup, URLs, e-mail addresses and placeholders.

    What is left is the words: every protected token, ``{n}`` and printf
    conversion is a space, so digits inside them are never read as numbers.
    """
    return _PRINTF.sub(" ", _unmarked(text))


def _placeholders(text: str) -> Counter[str]:
    found: Counter[str] = Counter(_BRACE_PLACEHOLDER.findall(text))
    # printf conversions only in prose: "%20a" in a URL or code span is not one
    found.update(m.group() for m in _PRINTF.finditer(_unmarked(text)) if m.group() != "%%")
    return found


def addresses(tokens: Iterable[str]) -> Counter[str]:
    """The URLs and e-mail addresses among tokens of :func:`protect`, autolinks without ``<>``."""
    return Counter(t.strip("<>") for t in tokens if is_address(t))


def _markup_key(token: str) -> str:
    """A markup token as compared: link titles and image alt text may be translated."""
    image = _IMAGE.fullmatch(token)
    if image is not None:
        return f"![…]({image.group(1)})"
    if token.startswith("![") and token.endswith("]"):
        return "![…][" + token.rsplit("[", 1)[1]  # a reference image: the label counts
    tail = _LINK_TAIL.fullmatch(token)
    if tail is not None:
        return f"]({tail.group(1)})"
    return token


def _markup(tokens: Iterable[str]) -> Counter[str]:
    return Counter(
        _markup_key(t) for t in tokens if not is_address(t) and not _BRACE_PLACEHOLDER.fullmatch(t)
    )


def placeholder_problem(msgid: str, msgstr: str) -> tuple[str, str] | None:
    """``("placeholder-mismatch", message)`` when ``msgstr``'s placeholders differ, else None."""
    wanted, got = _placeholders(msgid), _placeholders(msgstr)
    if wanted == got:
        return None
    return (
        "placeholder-mismatch",
        (
            f"placeholders differ ({difference(wanted, got)}); "
            "keep each placeholder of the msgid exactly once"
        ),
    )


def markup_problem(
    source_tokens: Sequence[str], target_tokens: Sequence[str]
) -> tuple[str, str] | None:
    """``("markup-mismatch", message)`` when the protected tokens' markup differs, else None."""
    wanted, got = _markup(source_tokens), _markup(target_tokens)
    if wanted == got:
        return None
    return (
        "markup-mismatch",
        (
            f"inline Markdown differs ({difference(wanted, got)}); "
            "keep the msgid's emphasis, code spans, link targets and tags"
        ),
    )


def markup_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """``(code, message)`` for placeholders and inline markup that ``msgstr`` does not keep.

    The ``placeholder-mismatch`` and ``markup-mismatch`` findings of the
    checks, for one translation: what ``build`` refuses to put into an
    edition.  Empty when both match the msgid's (in any order).
    """
    problems = []
    placeholders = placeholder_problem(msgid, msgstr)
    if placeholders is not None:
        problems.append(placeholders)
    markup = markup_problem(protect(msgid).tokens, protect(msgstr).tokens)
    if markup is not None:
        problems.append(markup)
    return problems

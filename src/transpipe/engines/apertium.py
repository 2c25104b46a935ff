"""The Apertium engine: rule-based translation with the installed Apertium pairs.

Pairs are the installed *modes* (``<datadir>/modes/eng-spa.mode``, what
``apertium -l`` lists); Apertium's ISO 639-3 codes are mapped to the codes
transpipe uses (``eng-spa`` serves ``en``->``es``; a region variant such as
``spa-eng_US`` serves ``es``->``en-US``; other variants are not offered).
``packages_dir``, when set, is the data folder (``apertium -d DIR``: a
folder holding ``modes/``), e.g. a pair built from source.

All segments of a batch go through one ``apertium`` process.  transpipe
writes Apertium's own stream format (``-f none``) instead of relying on a
deformatter, so nothing in a segment is taken for markup:

* each segment ends with a numbered superblank ``[tp:N]`` and a NUL byte;
  with ``-z`` every stage of the pipe flushes at each NUL, so segments are
  translated independently, come back one per NUL, and the number proves
  the order (a mismatch is an :class:`~transpipe.core.errors.EngineError`);
* the stream's special characters are backslash-escaped; newlines, tabs and
  the characters Apertium uses as marks (``*``, ``#``, ``~``) travel inside
  superblanks, which Apertium copies verbatim, so a mark left in the output
  (``*`` unknown, ``@`` not in the bilingual dictionary, ``#`` not generated)
  can only be Apertium's and is removed (``-u`` already drops most);
* placeholders ``{n}`` (inline markup, glossary terms) become one opaque
  unknown word (``zqxbqz`` for ``{1}``), glued to neighbouring words by empty
  superblanks.  An unknown word travels with the words around it and is never
  split, so a link's text stays between its two placeholders.  (Written as
  ``{1}`` the braces and the digit are three tokens, which the genitive rule
  tears apart; written as superblanks they keep their blank's position while
  the words around them are reordered.)  A segment whose placeholders do not
  all come back goes through a second process with superblank placeholders,
  which Apertium cannot lose.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.core.config import EngineSettings
from transpipe.core.errors import EngineError, ModelMissingError
from transpipe.core.model import ModelInfo
from transpipe.engines import LanguagePair

_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})(?:_([A-Za-z0-9]+))?$")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_ESCAPED = frozenset("\\[]^$/@<>{}")
_IN_SUPERBLANK = frozenset("*#~\n\r\t\f\v")
_MARKS = frozenset("*#@~")
_DIGIT_LETTERS = "abcdefghij"
_TOKEN = re.compile(r"zqx([a-j]+)qz", re.IGNORECASE)
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
# an opening quote Apertium left a space after, where it dropped a pronoun ("We need")
_AFTER_OPENING_QUOTE = re.compile(r"(?<![^\s(\[])([\"“«„‘]) +(?=\w)")


def apertium_binary() -> str | None:
    """The ``apertium`` command on ``PATH``, or None."""
    return shutil.which("apertium")


def default_data_dir(binary: str | None) -> Path:
    """Apertium's data folder: ``$APERTIUM_DATADIR``, else ``<prefix>/share/apertium``."""
    env = os.environ.get("APERTIUM_DATADIR")
    if env:
        return Path(env)
    if binary is not None:
        return Path(binary).resolve().parent.parent / "share" / "apertium"
    return Path("/usr/share/apertium")


def _short_code(code: str) -> str:
    """ISO 639-1 for an ISO 639-3 code where one exists (``eng`` -> ``en``)."""
    if len(code) == 2:
        return code
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).language)
    except (UnknownLocaleError, ValueError):
        return code


@dataclass(frozen=True, slots=True)
class Mode:
    """An installed Apertium translation direction (one ``.mode`` file)."""

    path: Path
    source: str
    target: str

    @property
    def name(self) -> str:
        return self.path.stem

    def package(self) -> str | None:
        """The data package the mode runs from (``apertium-eng-spa``), read from the mode."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        found = re.search(r"/(apertium-[a-z]{2,3}-[a-z]{2,3})/", text)
        return found.group(1) if found else None

    def pair(self, version: str) -> LanguagePair:
        return LanguagePair(self.source, self.target, self.name, version, installed=True)


def read_modes(data_dir: Path) -> list[Mode]:
    """The translation modes in ``data_dir/modes`` that serve a language pair."""
    folder = data_dir / "modes"
    if not folder.is_dir():
        return []
    modes = []
    for path in sorted(folder.glob("*.mode")):
        match = _MODE_NAME.match(path.stem)
        if match is None:
            continue
        source, target, variant = match.groups()
        source, target = _short_code(source), _short_code(target)
        if variant is not None:
            if not (len(variant) == 2 and variant.isupper()):
                continue  # orthographic variants (eng-cat_valencia) have no transpipe code
            target = f"{target}-{variant}"
        modes.append(Mode(path, source, target))
    return modes


def package_version(mode: Mode) -> str:
    """The installed version of the mode's Debian package, else the data's timestamp."""
    import subprocess

    package = mode.package()
    dpkg = shutil.which("dpkg-query")
    if package is not None and dpkg is not None:
        run = subprocess.run(
            [dpkg, "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
        )
        if run.returncode == 0 and run.stdout.strip():
            return run.stdout.strip()
    # a pair built from source: its newest data file stands for its version
    try:
        files = [mode.path, *(Path(p) for p in re.findall(r"'(/[^']+)'", mode.path.read_text()))]
        newest = max(int(p.stat().st_mtime) for p in files if p.exists())
    except (OSError, ValueError):
        return "unknown"
    return f"mtime-{newest}"


def install_hint(source: str, target: str) -> str:
    """``apt-get install ...`` for a pair, named as Debian names Apertium packages."""
    return f"apt-get install apertium apertium-{_long_code(source)}-{_long_code(target)}"


def _long_code(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    base = code.replace("-", "_").split("_")[0]
    try:
        alpha3 = Locale.parse(base).language
    except (UnknownLocaleError, ValueError):
        return base
    return _ALPHA3.get(str(alpha3), base)


# ISO 639-1 -> the ISO 639-3 code Apertium names its data after (only for hints)
_ALPHA3 = {
    "en": "eng", "es": "spa", "ca": "cat", "fr": "fra", "de": "deu", "it": "ita",
    "pt": "por", "gl": "glg", "oc": "oci", "eu": "eus", "an": "arg", "ro": "ron",
    "nl": "nld", "da": "dan", "sv": "swe", "nb": "nob", "nn": "nno", "is": "isl",
    "pl": "pol", "cs": "ces", "sk": "slk", "sl": "slv", "hr": "hbs", "sr": "hbs",
    "bs": "hbs", "mk": "mkd", "bg": "bul", "ru": "rus", "uk": "ukr", "be": "bel",
    "eo": "epo", "cy": "cym", "br": "bre", "ga": "gle", "gd": "gla", "mt": "mlt",
    "ar": "ara", "he": "heb", "tr": "tur", "kk": "kaz", "tt": "tat", "fi": "fin",
    "et": "est", "lv": "lav", "lt": "lit", "hu": "hun", "el": "ell", "af": "afr",
}  # fmt: skip


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPED:
            out.append("\\" + ch)
        elif ch in _IN_SUPERBLANK:
            out.append("[" + ch + "]")
        else:
            out.append(ch)
    return "".join(out)


def _superblank(content: str) -> str:
    return "[" + "".join("\\" + c if c in "\\[]" else c for c in content) + "]"


def _token(number: int) -> str:
    return "zqx" + "".join(_DIGIT_LETTERS[int(d)] for d in str(number)) + "qz"


def encode(text: str, index: int, *, opaque: bool = True) -> str:
    """One segment in Apertium's stream format, ending with its numbered superblank and NUL.

    With ``opaque``, placeholders become unknown words (see the module notes);
    otherwise superblanks.
    """
    parts: list[str] = []
    pos = 0
    for found in _PLACEHOLDER.finditer(text):
        parts.append(_escape(text[pos : found.start()]))
        if opaque:
            parts.append("[]" + _token(int(found.group(1))) + "[]")
        else:
            parts.append(_superblank(found.group(0)))
        pos = found.end()
    parts.append(_escape(text[pos:]))
    return "".join(parts) + _superblank(f"tp:{index}") + "\0"


def decode(chunk: str, *, opaque: bool = True) -> tuple[str, str | None]:
    """Plain text of one output segment, and the content of its last superblank.

    Escapes are undone, superblanks give back their content (all but the last,
    the segment's marker), Apertium's marks are dropped and, with ``opaque``,
    placeholder words become ``{n}`` again.
    """
    out: list[str] = []
    last: str | None = None
    last_at = -1
    i, n = 0, len(chunk)
    while i < n:
        ch = chunk[i]
        if ch == "\\" and i + 1 < n:
            out.append(chunk[i + 1])
            i += 2
        elif ch == "[":
            wordbound = chunk.startswith("[[", i)
            j = i + (2 if wordbound else 1)
            content: list[str] = []
            while j < n and chunk[j] != "]":
                if chunk[j] == "\\" and j + 1 < n:
                    j += 1
                content.append(chunk[j])
                j += 1
            i = j + (2 if wordbound else 1)
            if not wordbound:  # transpipe writes none; formatting Apertium attaches is dropped
                last = "".join(content)
                last_at = len(out)
                out.append(last)
        elif ch in _MARKS:
            i += 1
        else:
            out.append(ch)
            i += 1
    if last_at >= 0:
        del out[last_at]
    text = "".join(out)
    if opaque:
        text = _TOKEN.sub(
            lambda m: "{" + "".join(str(_DIGIT_LETTERS.index(c)) for c in m.group(1).lower()) + "}",
            text,
        )
    return text, last


def _tidy(text: str) -> str:
    """Undo the spacing Apertium leaves where it drops a word (``“ Leímos``, ``a  b``)."""
    lines = (_SPACES.sub(" ", line) for line in text.strip().split("\n"))
    return "\n".join(_AFTER_OPENING_QUOTE.sub(r"\1", line) for line in lines)


class ApertiumEngine:
    """Installed Apertium pairs, one ``apertium`` process per language pair and batch."""

    name = "apertium"

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.binary = apertium_binary()
        self.data_dir = settings.packages_dir or default_data_dir(self.binary)
        self.processes = 0  # apertium processes started (one per batch, two if a retry)
        self._versions: dict[str, str] = {}

    # -- discovery ---------------------------------------------------------------
    def modes(self) -> list[Mode]:
        return read_modes(self.data_dir)

    def _version(self, mode: Mode) -> str:
        key = mode.package() or mode.name  # a package's modes share its version
        if key not in self._versions:
            self._versions[key] = package_version(mode)
        return self._versions[key]

    def pairs(self) -> list[LanguagePair]:
        """Installed modes as pairs (none when the ``apertium`` command is missing)."""
        if self.binary is None:
            return []
        return [m.pair(self._version(m)) for m in self.modes()]

    def _command(self, source: str, target: str) -> str:
        """The ``apertium`` command; raises EngineError saying how to install it with the pair."""
        if self.binary is None:
            raise EngineError(
                "the apertium command is not installed; install it with: "
                f"{install_hint(source, target)}"
            )
        return self.binary

    def _mode(self, source: str, target: str) -> Mode:
        """The installed mode for the pair; raises EngineError without the ``apertium``
        command, ModelMissingError without the pair (each naming the packages to install)."""
        self._command(source, target)
        for mode in self.modes():
            if mode.source == source and mode.target == target:
                return mode
        raise ModelMissingError(
            f"no Apertium pair for {source}->{target} in {self.data_dir / 'modes'}; "
            f"install it with: {install_hint(source, target)} "
            "(apt-cache search apertium- lists the packaged pairs)"
        )

    def require(self, source: str, target: str) -> ModelInfo:
        mode = self._mode(source, target)
        return ModelInfo(
            engine=self.name,
            name=mode.name,
            version=self._version(mode),
            source=source,
            target=target,
        )

    # -- translation -------------------------------------------------------------
    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Translate all ``texts`` in one ``apertium`` process; empty texts stay empty."""
        results = ["" for _ in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if todo:
            mode = self._mode(source, target)
            sources = [texts[i] for i in todo]
            # a text that already holds a placeholder word would come back changed
            clashing = {k for k, text in enumerate(sources) if _TOKEN.search(text)}
            opaque = [k for k in range(len(sources)) if k not in clashing]
            outputs = ["" for _ in sources]
            if opaque:
                first = self._run(mode, [sources[k] for k in opaque], opaque=True)
                for k, output in zip(opaque, first):
                    outputs[k] = output
            lost = [
                k
                for k in range(len(sources))
                if k in clashing or _placeholders(outputs[k]) != _placeholders(sources[k])
            ]
            if lost:
                again = self._run(mode, [sources[k] for k in lost], opaque=False)
                for k, output in zip(lost, again):
                    outputs[k] = output
            for i, output in zip(todo, outputs):
                results[i] = output
        if progress is not None:
            progress(len(texts))
        return results

    def grammar(self, texts: Sequence[str], language: str) -> list[str]:
        """Gender and number of each text's head noun, from Apertium's analyser of ``language``.

        The analyser is the one the installed pair uses for the other
        direction (``spa-eng.automorf.bin`` beside an ``eng-spa`` mode); where
        there is none, every answer is ``""``.
        """
        import subprocess

        analyser = self._analyser(language)
        lt_proc = shutil.which("lt-proc")
        lines = [" ".join(t.split()) for t in texts]
        if analyser is None or lt_proc is None or not lines:
            return ["" for _ in texts]
        try:
            run = subprocess.run(
                [lt_proc, str(analyser)],
                input="\n".join(lines).encode("utf-8") + b"\n",
                capture_output=True,
                check=False,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except OSError:
            return ["" for _ in texts]
        out = run.stdout.decode("utf-8", "replace").split("\n")
        if run.returncode != 0 or len(out) < len(lines):
            return ["" for _ in texts]
        return [head_grammar(line) for line in out[: len(lines)]]

    def _analyser(self, language: str) -> Path | None:
        for mode in self.modes():
            if mode.target != language:
                continue
            package = mode.package()
            folder = self.data_dir / package if package else None
            if folder is None or not folder.is_dir():
                try:
                    text = mode.path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                found = re.search(r"'?(/[^' ]+/)[^/' ]+\.automorf\.bin", text)
                folder = Path(found.group(1)) if found else None
            parts = _MODE_NAME.match(mode.name)
            if folder is None or parts is None:
                continue
            name = f"{parts.group(2)}-{parts.group(1)}.automorf.bin"  # eng-spa: spa-eng's analyser
            if (folder / name).is_file():
                return folder / name
        return None

    def _run(self, mode: Mode, texts: Sequence[str], *, opaque: bool) -> list[str]:
        import subprocess

        binary = self._command(mode.source, mode.target)
        stream = "".join(encode(text, i, opaque=opaque) for i, text in enumerate(texts))
        command = [binary, "-d", str(self.data_dir), "-f", "none", "-u", "-z", mode.name]
        self.processes += 1
        try:
            run = subprocess.run(
                command,
                input=stream.encode("utf-8"),
                capture_output=True,
                check=False,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except OSError as exc:
            raise EngineError(f"cannot run apertium: {exc}") from exc
        # a failing stage reports on stderr while the pipe still exits 0
        errors = [
            line.strip()
            for line in run.stderr.decode("utf-8", "replace").splitlines()
            if "error" in line.lower()
        ]
        if run.returncode != 0 or errors:
            first = errors[0] if errors else f"exit status {run.returncode}"
            raise EngineError(f"apertium {mode.name} failed: {first}", path=str(mode.path))
        chunks = run.stdout.decode("utf-8", "replace").split("\0")
        outputs = []
        for i in range(len(texts)):
            text, last = decode(chunks[i], opaque=opaque) if i < len(chunks) else ("", None)
            if last != f"tp:{i}":
                raise EngineError(
                    f"apertium {mode.name} returned segments out of step "
                    f"(segment {i + 1} of {len(texts)} lost its marker); "
                    "please report this with the article",
                    path=str(mode.path),
                )
            outputs.append(_tidy(text))
        if any(c.strip() for c in chunks[len(texts) :]):
            raise EngineError(
                f"apertium {mode.name} returned more segments than it was given",
                path=str(mode.path),
            )
        return outputs


_ANALYSIS = re.compile(r"\^[^/$]*/([^$]*)\$")


def head_grammar(analysis: str) -> str:
    """Tags of the first noun in one line of ``lt-proc`` output (``^Unión/Unión<n><f><sg>$``)."""
    for unit in _ANALYSIS.finditer(analysis):
        for reading in unit.group(1).split("/"):
            tags = re.findall(r"<([^>]+)>", reading.split("#")[0])
            if tags and tags[0] in ("n", "np"):
                gender = {"m": "m", "f": "f", "nt": "n"}.get(
                    next((t for t in tags if t in ("m", "f", "nt", "mf")), ""), ""
                )
                if not gender:
                    return ""
                return f"{gender} pl" if "pl" in tags else gender
        if unit.group(1).startswith("*"):
            return ""  # an unknown word heads the text
    return ""


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))

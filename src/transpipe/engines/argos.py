"""The Argos Translate engine: argostranslate packages run on CTranslate2.

An ``.argosmodel`` file is a zip archive of one package folder; it is checked
and extracted here, and installed packages are read from their
``metadata.json``, so installing a file, listing and translating need only
CTranslate2 and SentencePiece.  argostranslate itself (the ``argos`` extra) is
imported only for the online package index and for the BPE tokenizer of old
packages; without it those two say in one line how to add it.

Translation does not use argostranslate's ``translate()``: that path splits
sentences with models it downloads, translates one paragraph per call and
imports torch, stanza and spaCy.  Instead each package's CTranslate2 model is
loaded once per run and all segments for a language go through one batched
``translate_batch`` call, tokenized with the package's own SentencePiece (or
BPE) model and its target prefix.  How that call is batched (examples on the
CPU, tokens sized from the GPU's memory on CUDA) is decided in one place:
:mod:`transpipe.engines.batching`.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpipe.core.config import EngineSettings
from transpipe.core.errors import EngineError, InputError, ModelMissingError
from transpipe.core.fileio import process_alive
from transpipe.core.languages import language
from transpipe.core.model import ModelInfo
from transpipe.engines import LanguagePair, ProgressCallback, Scored
from transpipe.engines.batching import (
    BatchPlan,
    batch_plan,
    gpu_facts,
    length_order,
    restore_order,
)

CUBLAS_HINT = "pip install nvidia-cublas-cu12"
ARGOS_HINT = "pip install 'transpipe[argos]'"
MAX_MEMBER_BYTES = 4 << 30  # the largest Argos models are well under 1 GB
MAX_TOTAL_BYTES = 8 << 30
_STAGING = ".installing-"  # prefix of the folder a package is extracted into first
MAX_RATIO = 100  # expansion allowed for members over 1 MB (real models compress ~1.1:1)
# A degenerate output is decoded again with these: no 3-gram twice, and every token already
# written less likely (CTranslate2 divides its positive logit by 1.2), which breaks loops
RETRY_OPTIONS: dict[str, float | int] = {"no_repeat_ngram_size": 3, "repetition_penalty": 1.2}
RETRY_BEAM = 4  # a wider beam than greedy search finds a way out of a loop


def default_packages_dir() -> Path:
    """Where argostranslate keeps packages, computed without importing it."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home) if data_home else Path.home() / ".local" / "share"
    return base / "argos-translate" / "packages"


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """An installed argos package as read from its ``metadata.json``."""

    path: Path
    source: str
    target: str
    version: str
    target_prefix: str

    @property
    def name(self) -> str:
        return self.path.name

    def pair(self) -> LanguagePair:
        return LanguagePair(self.source, self.target, self.name, self.version, installed=True)


def read_installed(packages_dir: Path) -> list[InstalledPackage]:
    """Installed translation packages in ``packages_dir`` (missing folder: none).

    Reads each package's ``metadata.json`` directly, so that checking which
    pairs are installed neither imports argostranslate nor touches the disk.
    Folders without metadata, and packages whose metadata cannot be read, are
    left out (see :func:`unreadable_packages`), so that one broken folder
    never hides the others.
    """
    return _scan(packages_dir)[0]


def unreadable_packages(packages_dir: Path) -> list[str]:
    """``"<metadata.json path>: <reason>"`` for each package folder whose metadata is broken."""
    return _scan(packages_dir)[1]


def _scan(packages_dir: Path) -> tuple[list[InstalledPackage], list[str]]:
    """The readable packages of ``packages_dir``, and a line for each unreadable one."""
    found: list[InstalledPackage] = []
    broken: list[str] = []
    if not packages_dir.is_dir():
        return found, broken
    for folder in sorted(packages_dir.iterdir()):
        if folder.name.startswith(_STAGING):
            continue  # an install in progress, or one that was killed
        meta_path = folder / "metadata.json"
        if not folder.is_dir() or not meta_path.is_file():
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            broken.append(f"{meta_path}: unreadable package metadata: {_why(exc)}")
            continue
        if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
            continue
        source, target = meta.get("from_code"), meta.get("to_code")
        if not isinstance(source, str) or not isinstance(target, str):
            broken.append(f"{meta_path}: package metadata without from_code and to_code")
            continue
        found.append(
            InstalledPackage(
                path=folder,
                source=source,
                target=target,
                version=str(meta.get("package_version", "")),
                target_prefix=str(meta.get("target_prefix", "") or ""),
            )
        )
    return found, broken


def _why(exc: BaseException) -> str:
    """An error's message; a RecursionError is JSON nested too deeply to read."""
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _preload_cublas() -> None:
    """Make a pip-installed cuBLAS 12 (nvidia-cublas-cu12) visible to CTranslate2."""
    try:
        import nvidia.cublas
    except ImportError:
        return
    paths = list(getattr(nvidia.cublas, "__path__", []))
    for base in paths:
        lib = Path(base) / "lib"
        for name in ("libcublasLt.so.12", "libcublas.so.12"):
            if (lib / name).exists():
                try:
                    ctypes.CDLL(str(lib / name), mode=ctypes.RTLD_GLOBAL)
                except OSError:
                    pass


def _cuda_error(exc: BaseException) -> EngineError | None:
    """A one-line, actionable error for CUDA failures, or None for other errors."""
    text = str(exc).splitlines()[0] if str(exc) else repr(exc)
    if "cublas" in text.lower():
        return EngineError(
            f"CUDA's cuBLAS 12 library cannot be loaded ({text}); "
            f"install it with: {CUBLAS_HINT}, or run with --device cpu"
        )
    if "cuda" in text.lower():
        return EngineError(f"no usable CUDA device ({text}); run with --device cpu")
    return None


class _Tokenizer:
    """The package's tokenizer: SentencePiece, or BPE for older packages."""

    def __init__(self, package: Path, source: str, target: str) -> None:
        sp_path = package / "sentencepiece.model"
        self._sp: Any = None
        self._bpe: Any = None
        if sp_path.is_file():
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        elif (package / "bpe.model").is_file():
            try:
                from argostranslate.tokenizer import BPETokenizer
            except ImportError:
                raise EngineError(
                    "this package has an old BPE tokenizer, which needs argostranslate; "
                    f"add it with: {ARGOS_HINT}",
                    path=str(package),
                ) from None

            self._bpe = BPETokenizer(package / "bpe.model", source, target)
        else:
            raise EngineError(
                "package has neither sentencepiece.model nor bpe.model; reinstall it",
                path=str(package),
            )

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        if self._sp is not None:
            return [list(t) for t in self._sp.encode(list(texts), out_type=str)]
        return [list(self._bpe.encode(t)) for t in texts]

    def decode(self, tokens: list[str]) -> str:
        if self._sp is not None:
            return str(self._sp.decode(tokens))
        return str(self._bpe.decode(tokens))


@dataclass(slots=True)
class _Loaded:
    package: InstalledPackage
    translator: Any
    tokenizer: _Tokenizer
    device: str
    memory: int | None = None  # the GPU's free bytes when loaded (CUDA only; None: unknown)
    half: bool = True  # whether the GPU computes in float16 (CUDA only)


class ArgosEngine:
    """Argos Translate packages on CTranslate2, one model load per pair and run."""

    name = "argos"

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.packages_dir = settings.packages_dir or default_packages_dir()
        self._loaded: dict[tuple[str, str], _Loaded] = {}
        self.loads = 0  # how many models this engine has loaded (one per pair)
        self._cpu_only = False

    # -- discovery ---------------------------------------------------------------
    def installed(self) -> list[InstalledPackage]:
        return read_installed(self.packages_dir)

    def pairs(self) -> list[LanguagePair]:
        return [p.pair() for p in self.installed()]

    def _package(self, source: str, target: str) -> InstalledPackage:
        """The newest installed package for the pair; raises ModelMissingError naming the
        install command (and a broken package that may have been meant)."""
        matches = [p for p in self.installed() if p.source == source and p.target == target]
        if not matches:
            broken = unreadable_packages(self.packages_dir)
            also = f" (skipped a broken package: {broken[0]})" if broken else ""
            raise ModelMissingError(
                f"no Argos model installed for {source}->{target} in {self.packages_dir}; "
                f"install it with: transpipe models install {source}-{target}{also}"
            )
        return max(matches, key=lambda p: _version_key(p.version))

    def require(self, source: str, target: str) -> ModelInfo:
        package = self._package(source, target)
        return ModelInfo(
            engine=self.name,
            name=package.name,
            version=package.version,
            source=source,
            target=target,
        )

    # -- translation -------------------------------------------------------------
    def _load(self, source: str, target: str) -> _Loaded:
        key = (source, target)
        if key in self._loaded:
            return self._loaded[key]
        package = self._package(source, target)
        import ctranslate2

        ctranslate2.set_log_level(logging.ERROR)  # its float16->float32 notes are noise here
        s = self.settings
        device = "cpu" if self._cpu_only else s.device
        if device in ("cuda", "auto"):
            _preload_cublas()
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        memory, half = gpu_facts() if device == "cuda" else (None, True)
        plan = batch_plan(device, s, memory, half=half)
        try:
            translator = ctranslate2.Translator(
                str(package.path / "model"),
                device=device,
                compute_type=plan.compute_type,
                inter_threads=plan.inter_threads,
                intra_threads=s.intra_threads,
            )
        except (RuntimeError, OSError, ValueError) as exc:
            cuda = _cuda_error(exc) if device == "cuda" else None
            if cuda is not None and s.device == "auto":
                self._cpu_only = True  # auto: fall back to the CPU
                return self._load(source, target)
            if cuda is not None:
                raise cuda from exc
            raise EngineError(f"cannot load the model: {exc}", path=str(package.path)) from exc
        tokenizer = _Tokenizer(package.path, source, target)
        loaded = _Loaded(package, translator, tokenizer, device, memory, half)
        self._loaded[key] = loaded
        self.loads += 1
        return loaded

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Translate all ``texts``: the texts of :meth:`translate_scored`."""
        return [s.text for s in self.translate_scored(texts, source, target, progress)]

    def translate_scored(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[Scored]:
        """Translate all ``texts`` in one batched CTranslate2 call, with scores.

        Empty texts come back empty, with score ``None``, without reaching the
        model.  With ``progress``, the call runs asynchronously and reports
        each result as it is collected (same batches, same throughput).

        The score is CTranslate2's hypothesis score (``return_scores=True``):
        with the default ``length_penalty=1`` CTranslate2 4.x divides the
        summed token log-probabilities by the hypothesis length, so it is the
        mean log-probability per token, comparable between segments of any
        length.  A degenerate output (:func:`~transpipe.engines.guards.degeneracy`)
        is decoded once more, with the other degenerate ones in one batch,
        with :data:`RETRY_OPTIONS` and a beam of at least :data:`RETRY_BEAM`;
        :func:`~transpipe.engines.guards.prefer_retry` picks the result, which
        carries the reason in ``retried`` either way.
        """
        results = [Scored("", None) for _ in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return results
        loaded = self._load(source, target)
        try:
            scored = self._translate_guarded(loaded, [texts[i] for i in todo], source, progress)
        except RuntimeError as exc:
            cuda = _cuda_error(exc) if loaded.device == "cuda" else None
            if cuda is not None and self.settings.device == "auto":
                self._cpu_only = True  # auto: fall back to the CPU
                del self._loaded[(source, target)]
                return self.translate_scored(texts, source, target, progress)
            if cuda is not None:
                raise cuda from exc
            raise EngineError(f"translation failed: {exc}", path=str(loaded.package.path)) from exc
        for i, result in zip(todo, scored):
            results[i] = result
        return results

    def _translate_guarded(
        self,
        loaded: _Loaded,
        sources: list[str],
        source: str,
        progress: Callable[[int], None] | None,
    ) -> list[Scored]:
        """Decode ``sources``, then once more, in one batch, those whose output is degenerate."""
        from transpipe.engines.guards import degeneracy, prefer_retry

        target = loaded.package.target
        first = self._decode(loaded, sources, progress)
        reasons = [degeneracy(src, out.text, target, source) for src, out in zip(sources, first)]
        again = [k for k, reason in enumerate(reasons) if reason]
        if not again:
            return first
        safer = self._decode(loaded, [sources[k] for k in again], None, safer=True)
        for k, retry in zip(again, safer):
            reason = degeneracy(sources[k], retry.text, target, source)
            kept = (
                retry if prefer_retry(first[k].score, retry.score, reasons[k], reason) else first[k]
            )
            first[k] = Scored(kept.text, kept.score, retried=reasons[k])
        return first

    def _decode(
        self,
        loaded: _Loaded,
        sources: list[str],
        progress: Callable[[int], None] | None,
        *,
        safer: bool = False,
    ) -> list[Scored]:
        """One batched ``translate_batch`` over non-empty ``sources``, batched as
        :meth:`_plan` says; ``safer`` adds :data:`RETRY_OPTIONS`.  CTranslate2's
        errors are raised as they come."""
        tokens = loaded.tokenizer.encode(sources)
        prefix = loaded.package.target_prefix
        target_prefix = [[prefix] for _ in tokens] if prefix else None
        longest = max(len(t) for t in tokens)
        beam = max(self.settings.beam_size, RETRY_BEAM) if safer else self.settings.beam_size
        plan = self._plan(loaded, beam)
        order = length_order(tokens) if plan.sort_by_length else None
        if order is not None:
            tokens = [tokens[i] for i in order]
        options: dict[str, Any] = dict(RETRY_OPTIONS) if safer else {}
        outputs = loaded.translator.translate_batch(
            tokens,
            target_prefix=target_prefix,
            beam_size=beam,
            max_batch_size=plan.max_batch_size,
            batch_type=plan.batch_type,
            replace_unknowns=True,
            max_input_length=0,
            max_decoding_length=2 * longest + 16,
            return_scores=True,
            asynchronous=progress is not None,
            **options,
        )
        if progress is not None:
            collected = []
            for done, pending in enumerate(outputs, start=1):
                collected.append(pending.result())
                progress(done)
            outputs = collected
        results = []
        for output in outputs:
            hyp = list(output.hypotheses[0])
            if prefix and hyp[:1] == [prefix]:
                hyp = hyp[1:]
            score = float(output.scores[0]) if output.scores else None
            results.append(Scored(loaded.tokenizer.decode(hyp).strip(), score))
        return results if order is None else restore_order(results, order)

    def _plan(self, loaded: _Loaded, beam_size: int) -> BatchPlan:
        """How ``loaded`` decodes at ``beam_size``: :func:`~transpipe.engines.batching.batch_plan`
        for its device, the GPU memory read when it was loaded, and these settings."""
        return batch_plan(loaded.device, self.settings, loaded.memory, beam_size, half=loaded.half)

    # -- package management (the ModelInstaller protocol) ------------------------
    def broken_models(self) -> list[str]:
        """``"<metadata.json path>: <reason>"`` for each package folder that cannot be read."""
        return unreadable_packages(self.packages_dir)

    def install(self, spec: str, progress: ProgressCallback | None = None) -> LanguagePair:
        """Install ``spec``: an ``.argosmodel`` (or any existing) file, else a pair such as
        ``en-de`` downloaded from the package index; returns the pair the package serves."""
        path = Path(spec)
        if path.suffix == ".argosmodel" or path.exists():
            return self.install_file(path).pair()
        parts = spec.replace("_", "-").split("-")
        if len(parts) != 2 or not all(parts):
            raise InputError(f"{spec!r} is neither a package file nor a pair such as en-de")
        source, target = (language(part).code for part in parts)
        return self.install_pair(source, target, progress).pair()

    def install_file(self, path: Path) -> InstalledPackage:
        """Install an ``.argosmodel`` file (no network, no argostranslate needed).

        The archive is checked first (:func:`check_package_file`), then
        extracted into a hidden staging folder inside the packages folder, and
        the finished package folder is renamed into place: a failed or killed
        install never leaves a half-extracted
        package where the packages are read (a killed one leaves only the
        hidden staging folder, named with its process id, which is ignored and
        removed by the next install once that process is gone).
        """
        check_package_file(path)
        top = _top_folder(path)
        target = self.packages_dir / top
        if target.exists():
            raise InputError(
                f"a package is already installed in {target}; remove that folder to replace it",
                path=str(path),
            )
        self.packages_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.packages_dir.glob(f"{_STAGING}*"):
            owner = stale.name[len(_STAGING) :].split("-", 1)[0]
            if not owner.isdigit() or not process_alive(int(owner)):
                shutil.rmtree(stale, ignore_errors=True)  # its install was killed
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=self.packages_dir))
        try:
            try:
                extract_package(path, staging)
            except (OSError, zipfile.BadZipFile) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise EngineError(f"cannot install the package: {reason}", path=str(path)) from exc
            if not (staging / top).is_dir():
                raise EngineError(f"the package did not extract its folder {top}", path=str(path))
            os.rename(staging / top, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for p in self.installed():
            if p.path.name == top:
                return p
        raise EngineError("the package installed no translation model", path=str(path))

    def available(self) -> list[LanguagePair]:
        """Pairs in the Argos package index (needs the network)."""
        installed = {(p.source, p.target) for p in self.installed()}
        return [
            LanguagePair(
                str(p.from_code),
                str(p.to_code),
                f"translate-{p.from_code}_{p.to_code}",
                str(p.package_version),
                installed=(p.from_code, p.to_code) in installed,
            )
            for p in self._index()
        ]

    def _index(self) -> list[Any]:
        with _argos_settings(self.packages_dir, self.settings.package_index) as settings:
            from argostranslate import package as argos_package

            local = Path(settings.local_package_index)
            local.unlink(missing_ok=True)  # a stale copy must not pass for a fresh one
            with _argos_log() as logged:
                argos_package.update_package_index()
            if not Path(settings.local_package_index).is_file():
                why = f": {logged[-1]}" if logged else ""
                raise EngineError(
                    "cannot reach the Argos package index "
                    f"({settings.remote_package_index}{why}); without a network, install a "
                    "file: transpipe models install path/to/file.argosmodel"
                )
            packages = [p for p in argos_package.get_available_packages() if p.type == "translate"]
        return packages

    def install_pair(
        self, source: str, target: str, progress: ProgressCallback | None = None
    ) -> InstalledPackage:
        """Download the ``source``->``target`` package from the index and install it."""
        matches = [p for p in self._index() if p.from_code == source and p.to_code == target]
        if not matches:
            raise ModelMissingError(
                f"the Argos package index has no {source}->{target} model; "
                "see transpipe models list --available"
            )
        best = max(matches, key=lambda p: _version_key(str(p.package_version)))
        with tempfile.TemporaryDirectory(prefix="transpipe-") as tmp:
            dest = Path(tmp) / f"translate-{source}_{target}.argosmodel"
            _download(list(best.links), dest, progress)
            return self.install_file(dest)


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


@contextmanager
def _argos_settings(packages_dir: Path, package_index: str = "") -> Iterator[Any]:
    """Point argostranslate's import-time settings at our folder and index for a while."""
    try:
        from argostranslate import settings
    except ImportError:
        raise EngineError(
            f"the Argos package index needs argostranslate; add it with: {ARGOS_HINT}, "
            "or install a downloaded file: transpipe models install path/to/file.argosmodel"
        ) from None

    saved = (settings.package_data_dir, list(settings.package_dirs), settings.remote_package_index)
    settings.package_data_dir = packages_dir
    settings.package_dirs = [packages_dir]
    if package_index:
        settings.remote_package_index = package_index
    try:
        yield settings
    finally:
        (settings.package_data_dir, settings.package_dirs, settings.remote_package_index) = saved


@contextmanager
def _argos_log() -> Iterator[list[str]]:
    """Collect what argostranslate logs (it would print stray lines on stderr) for a while."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage()  # a tuple's repr: "(URLError(...'Connection refused')),)"
            quoted = re.findall(r"'([^']+)'", text)
            messages.append(quoted[-1] if quoted else text.strip("(),' "))

    logger = logging.getLogger("argostranslate")
    handler, propagate = _Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def extract_package(path: Path, into: Path) -> None:
    """Extract a checked ``.argosmodel`` archive into the folder ``into``.

    :func:`check_package_file` has refused absolute paths, ``..`` and links;
    each member is checked again here, against the archive actually opened.
    """
    root = into.resolve()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            target = (root / info.filename).resolve()
            if not target.is_relative_to(root) or stat.S_ISLNK(info.external_attr >> 16):
                raise zipfile.BadZipFile(f"unsafe member {info.filename!r}")
            archive.extract(info, root)


def _top_folder(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        first = archive.namelist()[0]
    return first.split("/", 1)[0]


def check_package_file(path: Path) -> None:
    """Refuse a file that is not a well-formed argos package, before extracting it."""
    name = str(path)
    if not path.is_file():
        raise InputError("no such package file", path=name)
    if not zipfile.is_zipfile(path):
        raise InputError("not an Argos package (.argosmodel files are zip archives)", path=name)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if not members:
            raise InputError("the package archive is empty", path=name)
        tops = set()
        total = 0
        for info in members:
            member = info.filename
            if member.startswith(("/", "\\")) or ".." in member.replace("\\", "/").split("/"):
                raise InputError(f"unsafe path {member!r} in the package archive", path=name)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"symbolic link {member!r} in the package archive", path=name)
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                raise InputError(f"{member!r} is too large to be a model file", path=name)
            if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise InputError(
                    f"{member!r} expands {info.file_size // max(1, info.compress_size)}-fold; "
                    "refusing a possible zip bomb",
                    path=name,
                )
            tops.add(member.split("/", 1)[0])
        if len(tops) != 1:
            raise InputError("a package must hold exactly one top-level folder", path=name)
        top = tops.pop()
        try:
            meta = json.loads(archive.read(f"{top}/metadata.json"))
        except KeyError:
            raise InputError("the package has no metadata.json", path=name) from None
        except (ValueError, RecursionError) as exc:
            raise InputError(
                f"the package's metadata.json is not JSON: {_why(exc)}", path=name
            ) from None
        if not isinstance(meta, dict) or not all(
            isinstance(meta.get(k), str) for k in ("from_code", "to_code")
        ):
            raise InputError("metadata.json lacks from_code/to_code", path=name)
        names = set(archive.namelist())
        if f"{top}/model/model.bin" not in names:
            raise InputError("the package has no CTranslate2 model (model/model.bin)", path=name)
        try:  # sizes are bounded above, so reading every member is too
            damaged = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"the package archive is damaged: {exc}", path=name) from None
        if damaged is not None:
            raise InputError(
                f"the package archive is damaged: {damaged!r} fails its CRC check", path=name
            )


def _download(links: list[str], dest: Path, progress: ProgressCallback | None) -> None:
    last: Exception | None = None
    for link in links:
        try:
            with urllib.request.urlopen(link, timeout=60) as response, dest.open("wb") as out:
                total_header = response.headers.get("Content-Length")
                total = int(total_header) if total_header and total_header.isdigit() else None
                done = 0
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            return
        except OSError as exc:
            last = exc
    raise EngineError(f"download failed from {', '.join(links) or 'no link'}: {last}")

"""Translation throughput of transpipe against bare CTranslate2 and argostranslate.

Usage::

    python benchmarks/build_bench_model.py            # once: benchmarks/.model/
    python benchmarks/bench_translate.py [--sentences 200] [--beam 4] [--repeat 3]
                                         [--skip-argos] [--argos-sentences 20]
    python benchmarks/bench_translate.py --device cuda [--sentences 1000] ...   # see gpu_check.sh

``--device`` runs the device check instead (:func:`device_check`, and
``benchmarks/README.md`` section 4): bare CTranslate2, the engine and
argostranslate's call shape, all with the engine's batch plan for the device.

Every measured step runs in a fresh subprocess (``--worker``), which reports
its wall time, the output tokens it decoded and its own peak resident memory
(``ru_maxrss``).  All numbers of one table come from one run, and (a) and (b)
repeats are interleaved so that drift of a noisy machine hits both alike.

Methods, all on the benchmark package (random weights, never emits ``</s>``,
so every sentence decodes to exactly ``max_decoding_length`` tokens):

(a) bare CTranslate2: one ``Translator.translate_batch`` over all
    pre-tokenized segments, with the arguments transpipe's engine passes
    (int8, inter_threads = cores, intra_threads 1, transpipe's default
    max_batch_size of 8 examples, ``max_decoding_length = 2 * longest + 16``, ``max_input_length
    0``, ``replace_unknowns``); model load and tokenization not timed.  The
    physical limit of transpipe's engine settings.
(b) ``transpipe.translate([article], settings, targets=["de"])``
    in a fresh root (so the machine-translation memory is empty), timing the
    whole call: engine creation, model load, reading, fragment detection,
    segmenting, protecting, tokenizing, translating, memory and catalogue
    writes.  ``import transpipe.commands.translate`` itself is not timed.
(c) ``argostranslate.translate.translate(paragraph, "en", "de")`` paragraph by
    paragraph with argostranslate's default settings (beam 4, inter_threads 1,
    intra_threads 0, batches of 32 tokens, compute_type auto), on the first
    paragraphs holding ``--argos-sentences`` sentences; import and model load
    (one warm-up call) not timed; tokens/s scale per token.  Offline,
    argostranslate cannot split sentences: its default sentencizer (MiniSBD)
    downloads an ONNX model on first use, ``ARGOS_CHUNK_TYPE=STANZA`` and
    ``SPACY`` download models too and ``NONE`` is not implemented (the package
    is skipped).  So ``MiniSBDSentencizer.split_sentences`` is replaced by
    transpipe's rule-based splitter (``transpipe.document.segment.split_sentences``);
    everything else is argostranslate's own code.
(d) a re-run of (b) on (b)'s root after one sentence of the article changed:
    only that sentence reaches the engine; reported as a share of (b).

Output tokens are counted the same way everywhere: ``ctranslate2.Translator``
is replaced, in the worker process, by a thin proxy that forwards every call
to the real translator and adds up ``len(result.hypotheses[0])`` of every
``translate_batch`` result (and times the calls and the model load).  For (c)
the proxy also passes (a)'s ``max_decoding_length`` so that every sentence
decodes the same number of tokens in every method (``--argos-default-length``
keeps argostranslate's default of 256).

Memory: ``baseline`` is a process that imported transpipe.commands.translate,
ctranslate2 and sentencepiece; ``model`` also loaded the translator; each
worker reports its own peak.  "per loaded model" is model - baseline.  "per
1,000 more segments" is the slope of the peak between two beam-1 runs of (b)
on 8 x batch x cores and 16 x batch x cores segments: all their batches
are full and each worker decodes one at a time, so the decoding workspace
is the same in both and only what grows with the segment count differs
(``--no-memory-slope`` skips them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_MODEL_DIR = HERE / ".model"
DEFAULT_WORK = HERE / ".work"
PACKAGE_FILE = "translate-en_de-bench.argosmodel"
PACKAGE_NAME = "translate-en_de-bench"

# --------------------------------------------------------------------------
# The article: deterministic news-like English, 15-35 words a sentence
# --------------------------------------------------------------------------

_SPEAKERS = (
    "Defence ministers", "The foreign ministry", "A senior government adviser",
    "The regional governor", "Air defence commanders", "Two members of parliament",
    "The European Commission", "Analysts at the Institute for Strategic Studies",
    "The national energy regulator", "Emergency services in the region",
    "The prime minister's office", "Negotiators from both delegations", "The central bank",
    "Officials in Brussels", "The mayor of the port city", "Military intelligence",
    "The interior ministry", "A spokeswoman for the alliance", "The finance minister",
    "Aid agencies working near the front", "The general staff", "Railway officials",
)  # fmt: skip
_SAYS = (
    "said on Monday", "said on Tuesday", "said late on Wednesday", "told reporters on Thursday",
    "confirmed on Friday", "warned over the weekend", "announced earlier this week",
    "said in a statement", "told a news conference", "wrote in a report published on Sunday",
)  # fmt: skip
_THINGS = (
    "the new radar systems", "the first shipment of generators", "repair crews",
    "the allied delegation", "three mechanised brigades", "the delivery schedule",
    "the reconstruction fund", "the grain corridor", "civilian evacuation trains",
    "air defence units", "the power grid", "drone production lines", "the border crossings",
    "the training programme for radar crews", "international observers", "the ceasefire talks",
    "water supplies", "long-range artillery", "the peacekeeping mission", "fuel deliveries",
    "the field hospitals", "mobile repair workshops", "the new air defence batteries",
)  # fmt: skip
_ACTIONS = (
    "would reach", "could protect", "had been moved closer to", "were expected to arrive in",
    "would be extended to", "had already left", "might not return to", "were being rebuilt near",
    "would start operating in", "had been damaged outside", "were redeployed to",
    "would be inspected in",
)  # fmt: skip
_PLACES = (
    "the eastern border", "the northern city of Kharkiv", "the Black Sea coast", "the capital",
    "the southern port of Odesa", "western Ukraine", "the Polish border",
    "the industrial region of Dnipro", "the frontline villages", "the Baltic states",
    "the city of Zaporizhzhia", "the Danube delta", "the mountain passes in the south",
)  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_SOURCES = (
    "figures released by the ministry", "a report by the institute",
    "two officials familiar with the plan", "satellite images published this week",
    "a draft seen by reporters", "local authorities",
)  # fmt: skip
_REASONS = (
    "because the stockpiles are already stretched",
    "although several allies have raised concerns about the cost",
    "as the number of drone attacks has doubled since the summer",
    "since the last convoy was hit by a missile",
    "after engineers found serious damage to the main substation",
    "while the government is still negotiating with its creditors",
)  # fmt: skip


def _tail(rng: random.Random) -> str:
    n = rng.randint(2, 95)
    return rng.choice((
        "before the first frost", "by the end of the month", "despite heavy shelling overnight",
        f"within the next {n} days", "as talks continued in Geneva", f"after a delay of {n} weeks",
        f"at a cost of {n * 10} million euros", f"for the first time since {rng.randint(1991, 2021)}",
        f"under the agreement signed in {rng.choice(_MONTHS)}",
        "unless parliament approves the budget", "while the winter offensive continues",
        f"covering about {n} per cent of the front",
    ))  # fmt: skip


def _lower_first(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    if first in ("The", "A", "Two", "Officials", "Negotiators", "Analysts", "Defence", "Air",
                 "Emergency", "Military", "Aid", "Railway"):  # fmt: skip
        return first.lower() + " " + rest
    return phrase


def _sentence(rng: random.Random) -> str:
    speaker = rng.choice(_SPEAKERS)
    say = rng.choice(_SAYS)
    thing, action, place = rng.choice(_THINGS), rng.choice(_ACTIONS), rng.choice(_PLACES)
    clause = f"{thing} {action} {place} {_tail(rng)}"
    form = rng.randrange(6)
    if form == 0:
        return f"{speaker} {say} that {clause}."
    if form == 1:
        return f"According to {rng.choice(_SOURCES)}, {clause}."
    if form == 2:
        return f"{clause[0].upper()}{clause[1:]}, {_lower_first(speaker)} {say}."
    if form == 3:
        return f"\u201c{clause[0].upper()}{clause[1:]},\u201d {_lower_first(speaker)} {say}."
    if form == 4:
        return f"{speaker} {say} that {clause}, {rng.choice(_REASONS)}."
    return f"{speaker} {say} that {clause} and that {rng.choice(_THINGS)} {rng.choice(_ACTIONS)} {rng.choice(_PLACES)}."


def generate_article(sentences: int, seed: int = 7) -> str:
    """``sentences`` distinct sentences of 15-35 words in paragraphs of 2-5."""
    rng = random.Random(seed)
    seen: set[str] = set()
    body: list[str] = []
    while len(body) < sentences:
        text = _sentence(rng)
        if text in seen or not 15 <= len(text.split()) <= 35:
            continue
        seen.add(text)
        body.append(text)
    paragraphs: list[str] = []
    i = 0
    while i < len(body):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(body[i : i + size]))
        i += size
    return "\n\n".join(paragraphs) + "\n"


def article_sentences(text: str) -> list[tuple[int, int, str]]:
    """The sentences transpipe reads in ``text``: (start, end, text)."""
    from transpipe.document import read_document

    document = read_document(text, "article.txt")
    return [(s.start, s.end, s.text) for s in document.sentences()]


def edit_one_sentence(text: str) -> str:
    """The article with its middle sentence changed (one word added)."""
    sentences = article_sentences(text)
    start, end, sentence = sentences[len(sentences) // 2]
    changed = sentence[:-1] + " again" + sentence[-1]
    return text[:start] + changed + text[end:]


# --------------------------------------------------------------------------
# Workers (each runs in its own process)
# --------------------------------------------------------------------------

STATS: dict[str, Any] = {
    "loads": 0, "load_s": 0.0, "calls": 0, "batch_s": 0.0, "tokens": 0, "examples": 0,
    "max_decoding_length": [],
}  # fmt: skip


class _CountingAsync:
    """An asynchronous result that counts its tokens when collected."""

    def __init__(self, pending: Any, started: float) -> None:
        self._pending, self._started = pending, started

    def result(self) -> Any:
        result = self._pending.result()
        STATS["tokens"] += len(result.hypotheses[0])
        STATS["async_done"] = time.perf_counter()
        STATS["batch_s"] = STATS["async_done"] - self._started  # call to last collection
        return result

    def done(self) -> bool:
        return bool(self._pending.done())


def install_counter(force_length: int | None = None) -> None:
    """Replace ``ctranslate2.Translator`` by a counting, timing proxy."""
    import ctranslate2

    real = ctranslate2.Translator

    class CountingTranslator:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started = time.perf_counter()
            self._real = real(*args, **kwargs)
            STATS["load_s"] += time.perf_counter() - started
            STATS["loads"] += 1

        def translate_batch(self, source: Any, *args: Any, **kwargs: Any) -> Any:
            if force_length is not None:
                kwargs["max_decoding_length"] = force_length
            STATS["calls"] += 1
            STATS["examples"] += len(source)
            STATS["max_decoding_length"].append(kwargs.get("max_decoding_length", "default"))
            started = time.perf_counter()
            results = self._real.translate_batch(source, *args, **kwargs)
            if kwargs.get("asynchronous"):
                return [_CountingAsync(r, started) for r in results]
            STATS["batch_s"] += time.perf_counter() - started
            STATS["tokens"] += sum(len(r.hypotheses[0]) for r in results)
            return results

        def __getattr__(self, name: str) -> Any:
            return getattr(self._real, name)

    ctranslate2.Translator = CountingTranslator


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _default_batch() -> int:
    from transpipe.core.config import EngineSettings

    return EngineSettings().max_batch_size


def _settings(spec: dict[str, Any]) -> Any:
    from transpipe.core.config import EngineSettings, Settings

    engine = EngineSettings(
        compute_type="int8", beam_size=spec["beam"], packages_dir=Path(spec["packages"])
    )  # inter_threads 0 (= cores), intra_threads 1, max_batch_size 8: the defaults
    return Settings(root=Path(spec["root"]), engine=engine)


def _segments(spec: dict[str, Any]) -> list[str]:
    """The texts transpipe's engine receives for the article (no glossary)."""
    from transpipe.commands.articles import read_articles
    from transpipe.commands.translate import source_entries
    from transpipe.terms.enforce import prepare

    settings = _settings(spec)
    articles = read_articles([spec["article"]], settings, None, None)
    msgids = [e.msgid for a in articles for e in source_entries(a)]
    return [prepare(m, None, "de").text for m in msgids]


def worker_memory(spec: dict[str, Any]) -> dict[str, Any]:
    import ctranslate2
    import sentencepiece  # noqa: F401

    import transpipe.commands.translate  # noqa: F401

    result: dict[str, Any] = {"baseline_rss_mb": peak_rss_mb()}
    if spec.get("load"):
        package = Path(spec["packages"]) / PACKAGE_NAME
        started = time.perf_counter()
        translator = ctranslate2.Translator(
            str(package / "model"), device="cpu", compute_type="int8",
            inter_threads=os.cpu_count() or 1, intra_threads=1,
        )  # fmt: skip
        result["load_s"] = time.perf_counter() - started
        result["model_rss_mb"] = peak_rss_mb()
        del translator
    return result


def worker_bare(spec: dict[str, Any]) -> dict[str, Any]:
    import ctranslate2
    import sentencepiece

    package = Path(spec["packages"]) / PACKAGE_NAME
    texts = _segments(spec)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    tokens = [list(t) for t in sp.encode(texts, out_type=str)]
    limit = 2 * max(len(t) for t in tokens) + 16
    translator = ctranslate2.Translator(
        str(package / "model"), device="cpu", compute_type="int8",
        inter_threads=os.cpu_count() or 1, intra_threads=1,
    )  # fmt: skip
    started = time.perf_counter()
    results = translator.translate_batch(
        tokens, beam_size=spec["beam"], max_batch_size=spec.get("max_batch_size", _default_batch()),
        batch_type="examples",
        replace_unknowns=True, max_input_length=0, max_decoding_length=limit,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "tokens": sum(len(r.hypotheses[0]) for r in results),
        "segments": len(tokens),
        "source_tokens": sum(len(t) for t in tokens),
        "max_decoding_length": limit,
        "rss_mb": peak_rss_mb(),
    }


def worker_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    install_counter()
    started = time.perf_counter()
    import transpipe

    import_s = time.perf_counter() - started
    settings = _settings(spec)
    profiler = None
    if spec.get("profile"):
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    started = time.perf_counter()
    result = transpipe.translate([spec["article"]], settings, targets=["de"])
    seconds = time.perf_counter() - started
    out: dict[str, Any] = {
        "seconds": seconds,
        "import_s": import_s,
        "tokens": STATS["tokens"],
        "segments_translated": result.segments_translated,
        "load_s": STATS["load_s"],
        "batch_s": STATS["batch_s"],
        "calls": STATS["calls"],
        "max_decoding_length": STATS["max_decoding_length"],
        "rss_mb": peak_rss_mb(),
    }
    if profiler is not None:
        profiler.stop()
        Path(spec["profile"]).write_text(profiler.output_text(unicode=True, color=False))
    return out


def worker_argos(spec: dict[str, Any]) -> dict[str, Any]:
    # ARGOS_PACKAGES_DIR and XDG_* are set by the parent before this process started.
    started = time.perf_counter()
    import argostranslate.translate as argos_translate
    from argostranslate import sbd

    import_s = time.perf_counter() - started
    from transpipe.document.segment import split_sentences

    def split(self: Any, text: str) -> list[str]:
        return [text[a:b] for a, b in split_sentences(text)]

    sbd.MiniSBDSentencizer.split_sentences = split
    install_counter(spec.get("force_length"))
    started = time.perf_counter()
    argos_translate.translate("Warm-up sentence for the model load.", "en", "de")
    warm_s = time.perf_counter() - started
    translation = argos_translate.get_translation_from_codes("en", "de")
    sentencizer = type(translation.underlying.sentencizer).__name__
    for key in ("calls", "batch_s", "tokens", "examples"):
        STATS[key] = 0
    STATS["max_decoding_length"] = []
    started = time.perf_counter()
    for paragraph in spec["paragraphs"]:
        argos_translate.translate(paragraph, "en", "de")
    seconds = time.perf_counter() - started
    lengths = sorted({str(x) for x in STATS["max_decoding_length"]})
    return {
        "seconds": seconds,
        "import_s": import_s,
        "warm_s": warm_s,
        "tokens": STATS["tokens"],
        "segments": STATS["examples"],
        "calls": STATS["calls"],
        "batch_s": STATS["batch_s"],
        "max_decoding_length": lengths,
        "sentencizer": sentencizer,
        "rss_mb": peak_rss_mb(),
    }


def worker_install(spec: dict[str, Any]) -> dict[str, Any]:
    from transpipe.core.config import EngineSettings
    from transpipe.engines.argos import ArgosEngine

    engine = ArgosEngine(EngineSettings(packages_dir=Path(spec["packages"])))
    package = engine.install_file(Path(spec["file"]))
    return {"installed": str(package.path)}


# --------------------------------------------------------------------------
# Device check (--device): the engine's batch plan against bare CTranslate2
# --------------------------------------------------------------------------


def _device_setup(spec: dict[str, Any]) -> tuple[Any, dict[str, Any], list[list[str]], int]:
    """(plan, plan as a dict with the GPU memory, tokenized segments, max_decoding_length)
    for a device worker: the plan the engine makes for this device and beam."""
    import dataclasses

    import sentencepiece

    from transpipe.core.config import EngineSettings
    from transpipe.engines.argos import _preload_cublas
    from transpipe.engines.batching import batch_plan, gpu_facts

    device = spec["device"]
    if device == "cuda":
        _preload_cublas()  # what the engine does before loading on CUDA
    settings = EngineSettings(device=device, beam_size=spec["beam"])
    memory, half = gpu_facts() if device == "cuda" else (None, True)
    plan = batch_plan(device, settings, memory, half=half)
    package = Path(spec["packages"]) / PACKAGE_NAME
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    texts = json.loads(Path(spec["segments"]).read_text(encoding="utf-8"))
    tokens = [list(t) for t in sp.encode(texts, out_type=str)]
    described = {
        **dataclasses.asdict(plan),
        "memory_gib": None if memory is None else memory / 2**30,
    }
    return plan, described, tokens, 2 * max(len(t) for t in tokens) + 16


def _best(times: list[float], tokens: int, extra: dict[str, Any]) -> dict[str, Any]:
    return {"seconds": min(times), "runs": times, "tokens": tokens, **extra}


def worker_device_bare(spec: dict[str, Any]) -> dict[str, Any]:
    """One token-batched (on CUDA) translate_batch over all segments, as the engine's plan says."""
    import ctranslate2

    plan, described, tokens, limit = _device_setup(spec)
    translator = ctranslate2.Translator(
        str(Path(spec["packages"]) / PACKAGE_NAME / "model"), device=spec["device"],
        compute_type=plan.compute_type, inter_threads=plan.inter_threads, intra_threads=1,
    )  # fmt: skip
    options = {"beam_size": spec["beam"], "max_batch_size": plan.max_batch_size,
               "batch_type": plan.batch_type, "replace_unknowns": True, "max_input_length": 0,
               "max_decoding_length": limit, "return_scores": True}  # fmt: skip
    translator.translate_batch(tokens[:8], **{**options, "max_decoding_length": 8})  # warm-up
    times, out = [], 0
    for _ in range(spec["repeat"]):
        started = time.perf_counter()
        results = translator.translate_batch(tokens, **options)
        times.append(time.perf_counter() - started)
        out = sum(len(r.hypotheses[0]) for r in results)
    return _best(times, out, {"segments": len(tokens), "plan": described,
                              "source_tokens": sum(len(t) for t in tokens),
                              "max_decoding_length": limit})  # fmt: skip


def worker_device_engine(spec: dict[str, Any]) -> dict[str, Any]:
    """transpipe's ArgosEngine.translate_scored on the same segments; model load and a
    two-segment warm-up untimed.  ``guard`` false mutes the degenerate-output guard."""
    from transpipe.core.config import EngineSettings
    from transpipe.engines import guards
    from transpipe.engines.argos import ArgosEngine

    if not spec["guard"]:
        guards.degeneracy = lambda *args, **kwargs: ""  # random weights: every output "length"
    install_counter()
    texts = json.loads(Path(spec["segments"]).read_text(encoding="utf-8"))
    engine = ArgosEngine(EngineSettings(device=spec["device"], beam_size=spec["beam"],
                                        packages_dir=Path(spec["packages"])))  # fmt: skip
    engine.translate(texts[:2], "en", "de")  # model load and CUDA warm-up
    times, out, calls, retried = [], 0, 0, 0
    for _ in range(spec["repeat"]):
        STATS.update(tokens=0, calls=0, max_decoding_length=[])
        started = time.perf_counter()
        results = engine.translate_scored(texts, "en", "de")
        times.append(time.perf_counter() - started)
        out, calls = STATS["tokens"], STATS["calls"]
        retried = sum(1 for r in results if r.retried)
    plan = engine._plan(engine._load("en", "de"), spec["beam"])
    return _best(times, out, {"calls": calls, "retried": retried, "segments": len(texts),
                              "plan": {"batch_type": plan.batch_type,
                                       "max_batch_size": plan.max_batch_size,
                                       "compute_type": plan.compute_type},
                              "max_decoding_length": STATS["max_decoding_length"]})  # fmt: skip


def worker_device_paragraphs(spec: dict[str, Any]) -> dict[str, Any]:
    """argostranslate's call on the same device and compute type: one translate_batch per
    paragraph of its sentences, batches of 32 tokens (one sentence each at news lengths),
    inter_threads 1, length_penalty 0.2, the same max_decoding_length as the others."""
    import ctranslate2

    plan, _, tokens, limit = _device_setup(spec)
    translator = ctranslate2.Translator(
        str(Path(spec["packages"]) / PACKAGE_NAME / "model"), device=spec["device"],
        compute_type=plan.compute_type, inter_threads=1, intra_threads=0,
    )  # fmt: skip
    options = {"replace_unknowns": True, "max_batch_size": 32, "batch_type": "tokens",
               "beam_size": spec["beam"], "num_hypotheses": 1, "length_penalty": 0.2,
               "return_scores": True, "max_decoding_length": limit}  # fmt: skip
    paragraphs, start = [], 0
    for size in spec["paragraph_sizes"]:
        paragraphs.append(tokens[start : start + size])
        start += size
    translator.translate_batch(tokens[:1], **{**options, "max_decoding_length": 8})  # warm-up
    started = time.perf_counter()
    out = sum(
        len(r.hypotheses[0]) for p in paragraphs for r in translator.translate_batch(p, **options)
    )
    seconds = time.perf_counter() - started
    return _best([seconds], out, {"segments": start, "calls": len(paragraphs),
                                  "max_decoding_length": limit})  # fmt: skip


WORKERS = {
    "memory": worker_memory,
    "bare": worker_bare,
    "pipeline": worker_pipeline,
    "argos": worker_argos,
    "install": worker_install,
    "device_bare": worker_device_bare,
    "device_engine": worker_device_engine,
    "device_paragraphs": worker_device_paragraphs,
}


def run_worker(
    kind: str, spec: dict[str, Any], env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run one worker in a fresh interpreter and return what it reported."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"worker {kind} failed (exit {done.returncode})")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


# --------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------


def _fresh_root(work: Path, name: str, article_text: str) -> tuple[Path, Path]:
    root = work / "roots" / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    article = root / "article.txt"
    article.write_text(article_text, encoding="utf-8")
    return root, article


def _tps(result: dict[str, Any]) -> float:
    return float(result["tokens"]) / float(result["seconds"])


def _median(results: list[dict[str, Any]]) -> float:
    values = sorted(float(r["seconds"]) for r in results)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _spread(results: list[dict[str, Any]]) -> str:
    return "/".join(f"{float(r['seconds']):.1f}" for r in results) + " s"


def _paragraph_sizes(text: str, wanted: int) -> list[int]:
    """Sentences in each of the first paragraphs of ``text`` that hold ``wanted`` of them."""
    sizes: list[int] = []
    for paragraph in text.split("\n\n"):
        if sum(sizes) >= wanted or not paragraph.strip():
            break
        sizes.append(len(article_sentences(paragraph.strip())))
    return sizes


def _plan_text(result: dict[str, Any]) -> str:
    plan = result["plan"]
    memory = plan.get("memory_gib")
    where = "" if memory is None else f", GPU memory free {memory:.1f} GiB"
    return (f"{plan['compute_type']}, batch_type {plan['batch_type']}, max_batch_size "
            f"{plan['max_batch_size']}, inter_threads {plan['inter_threads']}, "
            f"sorted by length: {'yes' if plan['sort_by_length'] else 'no'}{where}")  # fmt: skip


def device_check(args: argparse.Namespace, text: str, work: Path, packages: Path) -> int:
    """--device: bare CTranslate2, transpipe's engine and argostranslate's call shape on one
    device, at ``--beam`` and beam 1, all with the engine's batch plan for that device."""
    started = time.perf_counter()
    spec = {"root": str(work), "article": str(work / f"article-{args.sentences}.txt"),
            "beam": args.beam, "packages": str(packages)}  # fmt: skip
    segments_file = work / "device-segments.json"
    segments_file.write_text(json.dumps(_segments(spec)), encoding="utf-8")
    sizes = _paragraph_sizes(text, args.argos_sentences)
    base = {"device": args.device, "packages": str(packages), "segments": str(segments_file),
            "repeat": args.repeat}  # fmt: skip
    beams = [args.beam] + ([1] if args.beam != 1 else [])
    results: dict[str, dict[str, Any]] = {}
    for beam in beams:
        results[f"a{beam}"] = run_worker("device_bare", {**base, "beam": beam})
        print(f"  (a) beam {beam}: {_runs(results[f'a{beam}'])}", flush=True)
        results[f"b{beam}"] = run_worker("device_engine", {**base, "beam": beam, "guard": False})
        print(f"  (b) beam {beam}: {_runs(results[f'b{beam}'])}", flush=True)
        results[f"g{beam}"] = run_worker("device_engine",
                                         {**base, "beam": beam, "guard": True, "repeat": 1})  # fmt: skip
        print(f"  (b') beam {beam}: {_runs(results[f'g{beam}'])}", flush=True)
        if not args.skip_argos:
            results[f"c{beam}"] = run_worker("device_paragraphs",
                                             {**base, "beam": beam, "paragraph_sizes": sizes})  # fmt: skip
            print(f"  (c) beam {beam}: {_runs(results[f'c{beam}'])}", flush=True)
    _device_report(args, results, beams)
    print(f"total device check time {time.perf_counter() - started:.0f} s")
    (work / "device-results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _runs(result: dict[str, Any]) -> str:
    return "/".join(f"{s:.2f}" for s in result["runs"]) + " s"


def _device_report(
    args: argparse.Namespace, results: dict[str, dict[str, Any]], beams: list[int]
) -> None:
    first = results[f"a{beams[0]}"]
    print()
    print(f"device {args.device}; {first['segments']} segments, {first['source_tokens']} source "
          f"tokens, max_decoding_length {first['max_decoding_length']} (every output runs to it); "
          f"best of {args.repeat}")  # fmt: skip
    for beam in beams:
        print(f"  plan at beam {beam}: {_plan_text(results[f'a{beam}'])}")
    print()
    names = {"a": "(a) bare CTranslate2, one call", "b": "(b) transpipe engine (guard muted)",
             "g": "(b') transpipe engine, guard on", "c": "(c) argostranslate-style calls"}  # fmt: skip
    header = ("beam", "method", "segments", "out tokens", "seconds", "tokens/s")
    rows = [header]
    for beam in beams:
        for key in "abgc":
            if f"{key}{beam}" in results:
                r = results[f"{key}{beam}"]
                rows.append((str(beam), names[key], str(r["segments"]), str(r["tokens"]),
                             f"{r['seconds']:.3f}", f"{_tps(r):.1f}"))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for beam in beams:
        a, b, g = results[f"a{beam}"], results[f"b{beam}"], results[f"g{beam}"]
        ratio = _tps(b) / _tps(a)
        line = (f"beam {beam}: transpipe/bare {ratio:.3f} (target >= 0.85) "
                f"{'ok' if ratio >= 0.85 else 'SHORT'}")  # fmt: skip
        if f"c{beam}" in results:
            vs = _tps(b) / _tps(results[f"c{beam}"])
            line += f"; transpipe/argostranslate-style {vs:.2f} (target >= 10) "
            line += "ok" if vs >= 10 else "SHORT"
        print(line)
        same = (
            ""
            if a["tokens"] == b["tokens"]
            else f" (out tokens differ: {a['tokens']} vs {b['tokens']})"
        )
        print(f"  (b) {b['calls']} translate_batch call(s){same}; (b') {g['calls']} call(s), "
              f"{g['retried']} of {g['segments']} segments decoded again, "
              f"{g['seconds'] / b['seconds']:.2f}x (b)'s time")  # fmt: skip
    if not args.skip_argos:
        c = results[f"c{beams[0]}"]
        print(
            f"(c): {c['calls']} call(s) (one per paragraph) for the first {c['segments']} "
            "segments, max_batch_size 32 tokens, inter_threads 1; tokens/s scale per token"
        )
    print(
        "(b') random weights make every output run to the length limit, so the guard calls "
        "each one 'length' and decodes it again at beam >= 4; (b) mutes the guard"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200, help="article length (200)")
    parser.add_argument("--beam", type=int, default=4, help="beam size of (a), (b), (c) (4)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of (a) and (b); best kept")
    parser.add_argument("--skip-argos", action="store_true", help="skip (c)")
    parser.add_argument("--argos-sentences", type=int, default=20,
                        help="sentences given to argostranslate in (c) (20)")  # fmt: skip
    parser.add_argument("--argos-default-length", action="store_true",
                        help="(c): keep argostranslate's max_decoding_length (256)")  # fmt: skip
    parser.add_argument("--no-memory-slope", action="store_true",
                        help="skip the two beam-1 runs that measure memory per segment")  # fmt: skip
    parser.add_argument("--device", choices=("cpu", "cuda"),
                        help="instead of the CPU suite: the device check (a) bare CTranslate2, "
                        "(b) the engine, (c) argostranslate-style calls, with the engine's "
                        "batch plan for the device, at --beam and beam 1")  # fmt: skip
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, payload = args.worker
        print(json.dumps(WORKERS[kind](json.loads(payload))), flush=True)
        return 0

    package_file = args.model_dir / PACKAGE_FILE
    if not package_file.is_file():
        raise SystemExit(f"{package_file} missing: run python benchmarks/build_bench_model.py")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    total_started = time.perf_counter()

    # The article, saved for reference; transpipe must read exactly N segments.
    text = generate_article(args.sentences)
    (work / f"article-{args.sentences}.txt").write_text(text, encoding="utf-8")
    sentences = article_sentences(text)
    if len(sentences) != args.sentences:
        raise SystemExit(f"transpipe reads {len(sentences)} sentences, expected {args.sentences}")
    words = [len(s.split()) for _, _, s in sentences]

    # Isolated argostranslate folders (its import creates them) and packages dir.
    argos_home = work / "argos-home"
    packages = work / "packages"
    if packages.exists():
        shutil.rmtree(packages)
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": str(argos_home / "data"), "XDG_CONFIG_HOME": str(argos_home / "config"),
        "XDG_CACHE_HOME": str(argos_home / "cache"), "ARGOS_PACKAGES_DIR": str(packages),
    })  # fmt: skip
    if args.beam != 4:
        env["ARGOS_BEAM_SIZE"] = str(args.beam)
    run_worker("install", {"packages": str(packages), "file": str(package_file)}, env)
    if args.device:
        return device_check(args, text, work, packages)

    def spec(root: Path, article: Path, beam: int) -> dict[str, Any]:
        return {"root": str(root), "article": str(article), "beam": beam,
                "packages": str(packages)}  # fmt: skip

    print(f"article: {args.sentences} sentences, {sum(words)} words "
          f"({min(words)}-{max(words)} a sentence); beam {args.beam}; "
          f"{os.cpu_count()} cores; best of {args.repeat}", flush=True)  # fmt: skip

    memory = run_worker("memory", {"packages": str(packages), "load": False})
    loaded = run_worker("memory", {"packages": str(packages), "load": True})

    bare: list[dict[str, Any]] = []
    bare1: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    root = article = Path()
    for r in range(args.repeat):
        root, article = _fresh_root(work, f"full-{r}", text)
        bare.append(run_worker("bare", spec(root, article, args.beam)))
        print(f"  (a) beam {args.beam} run {r + 1}: {bare[-1]['seconds']:.1f} s", flush=True)
        if args.beam != 1:
            bare1.append(run_worker("bare", spec(root, article, 1)))
            print(f"  (a) beam 1 run {r + 1}: {bare1[-1]['seconds']:.1f} s", flush=True)
        runs.append(run_worker("pipeline", spec(root, article, args.beam)))
        print(f"  (b) run {r + 1}: {runs[-1]['seconds']:.1f} s", flush=True)

    # (d): the last (b) root, one sentence edited.
    article.write_text(edit_one_sentence(text), encoding="utf-8")
    rerun = run_worker("pipeline", spec(root, article, args.beam))
    print(f"  (d) re-run: {rerun['seconds']:.2f} s", flush=True)

    best_a = min(bare, key=lambda x: x["seconds"])
    best_a1 = min(bare1, key=lambda x: x["seconds"]) if bare1 else None
    best_b = min(runs, key=lambda x: x["seconds"])

    argos = None
    if not args.skip_argos:
        paragraphs, count = [], 0
        for paragraph in text.split("\n\n"):
            if count >= args.argos_sentences:
                break
            paragraphs.append(paragraph.strip())
            count += len(article_sentences(paragraph.strip()))
        argos_spec: dict[str, Any] = {"paragraphs": paragraphs}
        if not args.argos_default_length:
            argos_spec["force_length"] = best_a["max_decoding_length"]
        argos = run_worker("argos", argos_spec, env)
        print(f"  (c) {argos['segments']} sentences: {argos['seconds']:.1f} s", flush=True)

    # Memory per segment: two beam-1 runs whose batches are all full (one per
    # worker at a time), so the decoding workspace is the same in both
    # and the difference is what grows with the number of segments.
    slope = None
    if not args.no_memory_slope:
        small_n = 8 * _default_batch() * (os.cpu_count() or 1)
        peaks = []
        for n in (small_n, 2 * small_n):
            root_m, article_m = _fresh_root(work, f"memory-{n}", generate_article(n))
            peaks.append(run_worker("pipeline", spec(root_m, article_m, 1))["rss_mb"])
        slope = (peaks[1] - peaks[0]) / small_n * 1000
        print(
            f"  memory runs (beam 1): {small_n} segments {peaks[0]:.0f} MB, "
            f"{2 * small_n} segments {peaks[1]:.0f} MB",
            flush=True,
        )

    # ---------------------------------------------------------------- report
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, result: dict[str, Any], note: str = "") -> None:
        rows.append((name, f"{result['tokens']}", f"{result['seconds']:.2f}",
                     f"{_tps(result):.1f}", f"{result['rss_mb']:.0f}" + note))  # fmt: skip

    row(f"(a) bare CTranslate2, beam {args.beam}", best_a)
    if best_a1 is not None:
        row("(a) bare CTranslate2, beam 1", best_a1)
    row(f"(b) transpipe translate(), beam {args.beam}", best_b)
    if argos is not None:
        row(f"(c) argostranslate translate(), beam {args.beam}", argos)
    row("(d) re-run after a one-sentence edit", rerun)
    header = ("method", "out tokens", "seconds", "tokens/s", "peak RSS MB")
    widths = [max(len(x[i]) for x in [header, *rows]) for i in range(5)]
    print()
    for line in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))))  # fmt: skip
    print()
    overhead = best_b["seconds"] - best_b["batch_s"]
    print(f"max_decoding_length: (a) {best_a['max_decoding_length']}, "
          f"(b) {best_b['max_decoding_length']}"
          + (f", (c) {argos['max_decoding_length']}" if argos else "")
          + f"; source tokens {best_a['source_tokens']} for {best_a['segments']} segments")  # fmt: skip
    print(f"(b) breakdown: translate_batch {best_b['batch_s']:.2f} s in {best_b['calls']} call(s), "
          f"model load {best_b['load_s']:.2f} s, everything else {overhead - best_b['load_s']:.2f} s"
          f" (import transpipe.commands.translate, untimed: {best_b['import_s']:.2f} s)")  # fmt: skip
    print(
        f"(d) re-run: {rerun['segments_translated']} segment(s) translated, "
        f"model load {rerun['load_s']:.2f} s, translate_batch {rerun['batch_s']:.2f} s"
    )
    if argos is not None:
        print(f"(c) sentencizer {argos['sentencizer']} (patched to transpipe's splitter); "
              f"{argos['calls']} translate_batch calls for {argos['segments']} sentences; "
              f"untimed: import {argos['import_s']:.1f} s, warm-up incl. model load "
              f"{argos['warm_s']:.1f} s")  # fmt: skip
    print()
    ratio_ba = _tps(best_b) / _tps(best_a)
    print(f"ratio (b)/(a) tokens/s:  {ratio_ba:.3f}   (target >= 0.85)"
          f"   {'ok' if ratio_ba >= 0.85 else 'SHORT'}")  # fmt: skip
    median_ba = _median(bare) / _median(runs)
    engine_share = best_b["batch_s"] / best_b["seconds"]
    print(f"  same ratio on medians of the {args.repeat} runs: {median_ba:.3f}; "
          f"translate_batch's share of the best (b) call: {engine_share:.3f}; "
          f"(a) runs {_spread(bare)}, (b) runs {_spread(runs)}")  # fmt: skip
    if argos is not None:
        ratio_bc = _tps(best_b) / _tps(argos)
        print(f"ratio (b)/(c) tokens/s:  {ratio_bc:.2f}    (target >= 10)"
              f"     {'ok' if ratio_bc >= 10 else 'SHORT'}")  # fmt: skip
    share = rerun["seconds"] / best_b["seconds"]
    print(f"re-run share (d)/(b):    {share:.4f}  (target <= 0.05)"
          f"   {'ok' if share <= 0.05 else 'SHORT'}")  # fmt: skip
    print()
    per_model = loaded["model_rss_mb"] - memory["baseline_rss_mb"]
    print(f"memory: baseline (imports) {memory['baseline_rss_mb']:.0f} MB; per loaded model "
          f"{per_model:.0f} MB (load {loaded['load_s']:.2f} s); (b) peak {best_b['rss_mb']:.0f} MB"
          + (f"; per 1,000 more segments {slope:.1f} MB (beam-1 runs, see above)"
             if slope is not None else ""))  # fmt: skip
    print(f"total benchmark time {time.perf_counter() - total_started:.0f} s")
    results = {"a": bare, "a1": bare1, "b": runs, "c": argos, "d": rerun, "memory": memory,
               "loaded": loaded, "slope_mb_per_1000": slope}  # fmt: skip
    (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The batch plan: CPU exactly as measured, CUDA by tokens from GPU memory, one plan per call.

The pure functions are checked directly; the engine is checked on the tiny
real test models, with the sorted (CUDA) path forced on the CPU, and with
the whole CUDA path run against a CPU translator standing in for the GPU.
"""

from __future__ import annotations

import itertools
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.models.build_test_models import expected_translation
from transpipe.core.config import EngineSettings
from transpipe.engines import argos, batching
from transpipe.engines.argos import ArgosEngine
from transpipe.engines.batching import (
    MAX_TOKENS,
    MIN_TOKENS,
    TOKEN_STEP,
    UNKNOWN_MEMORY_TOKENS,
    BatchPlan,
    batch_plan,
    gpu_memory,
    length_order,
    parse_gpu_memory,
    restore_order,
    token_batch_size,
)

GIB = 1 << 30
TEXTS = [
    "Short one.",
    "The Chief of Staff met defence ministers in Brussels on Tuesday morning.",
    "",
    "Officials said the U.S. would send 3.5 million rounds.",
    "Placeholders {1} and {2} must survive.",
    "Odesa.",
    "Kyiv, not Kiev.",
    "Lviv, not Lvov.",  # as many tokens as the one before: the sort must keep them in order
    "Zaporizhzhia, Mykolaiv and Odesa were named – “again”, officials said on Friday.",
]


# -- the plan ------------------------------------------------------------------
@pytest.mark.parametrize(
    "settings",
    [
        EngineSettings(),
        EngineSettings(inter_threads=2, intra_threads=3, compute_type="int8", max_batch_size=16),
        EngineSettings(beam_size=1, compute_type="float32"),
    ],
)
def test_the_cpu_plan_is_the_settings_as_measured(settings: EngineSettings) -> None:
    today = BatchPlan(
        compute_type=settings.compute_type,
        inter_threads=settings.inter_threads or (os.cpu_count() or 1),
        batch_type="examples",
        max_batch_size=settings.max_batch_size,
        sort_by_length=False,
    )
    for memory in (None, 8 * GIB, 141 * GIB):
        assert batch_plan("cpu", settings, memory) == today
        assert batch_plan("cpu", settings, memory, 4, half=False) == today
    assert batch_plan("cpu", EngineSettings(), None) == BatchPlan("default", os.cpu_count() or 1,
                                                                  "examples", 8, False)  # fmt: skip
    assert batch_plan("cpu", EngineSettings(), None, cores=2).inter_threads == 2


@pytest.mark.parametrize(
    ("memory", "beam", "tokens"),
    [
        (8 * GIB, 4, 8_192),
        (24 * GIB, 4, 24_576),
        (139 * GIB, 4, MAX_TOKENS),
        (8 * GIB, 1, MAX_TOKENS),
        (GIB, 4, MIN_TOKENS),
        (None, 4, UNKNOWN_MEMORY_TOKENS),
    ],
)
def test_the_cuda_plan_batches_tokens_from_memory_in_float16(
    memory: int | None, beam: int, tokens: int
) -> None:
    plan = batch_plan("cuda", EngineSettings(beam_size=beam), memory)
    assert plan == BatchPlan("float16", 1, "tokens", tokens, True)


def test_the_calls_beam_sizes_the_cuda_plan() -> None:
    settings = EngineSettings(beam_size=1)
    assert batch_plan("cuda", settings, 8 * GIB).max_batch_size == MAX_TOKENS
    assert batch_plan("cuda", settings, 8 * GIB, 4).max_batch_size == 8_192  # the retry's beam


@pytest.mark.parametrize(
    ("compute_type", "tokens"),
    [("int8_float16", 8_192), ("bfloat16", 8_192), ("int8", 4_096), ("float32", 4_096),
     ("auto", 4_096)],
)  # fmt: skip
def test_an_explicit_compute_type_wins_on_cuda(compute_type: str, tokens: int) -> None:
    plan = batch_plan("cuda", EngineSettings(compute_type=compute_type), 8 * GIB)
    assert (plan.compute_type, plan.max_batch_size) == (compute_type, tokens)


def test_a_gpu_without_float16_keeps_the_default_compute_type() -> None:
    plan = batch_plan("cuda", EngineSettings(), 8 * GIB, half=False)
    assert (plan.compute_type, plan.max_batch_size) == ("default", 4_096)


def test_replicas_share_the_memory_and_an_explicit_count_wins() -> None:
    plan = batch_plan("cuda", EngineSettings(inter_threads=2), 16 * GIB)
    assert (plan.inter_threads, plan.max_batch_size) == (2, 8_192)


def test_the_token_budget_is_clamped_and_whole() -> None:
    assert token_batch_size(None) == token_batch_size(0) == token_batch_size(-1)
    assert token_batch_size(None) == UNKNOWN_MEMORY_TOKENS
    last = 0
    for mib in range(0, 200_000, 997):
        tokens = token_batch_size(mib << 20 or None)
        assert MIN_TOKENS <= tokens <= MAX_TOKENS and tokens % TOKEN_STEP == 0
        if mib:
            assert tokens >= last  # more memory, never a smaller batch
            last = tokens
    assert token_batch_size(10 * GIB, beam_size=4, value_size=2) == 10_240


# -- order ---------------------------------------------------------------------
def test_length_order_is_longest_first_and_stable() -> None:
    items = [[1], [1, 2, 3], [], [4, 5, 6], [7, 8], [9]]
    assert length_order(items) == [1, 3, 4, 0, 5, 2]
    assert length_order([]) == []


def test_restore_order_undoes_the_sort() -> None:
    items = ["a", "ccc", "", "ddd", "bb", "e"]
    order = length_order(items)
    assert restore_order([items[i].upper() for i in order], order) == [s.upper() for s in items]
    with pytest.raises(ValueError, match="permutation"):
        restore_order(["x", "y"], [0, 0])


# -- GPU memory ----------------------------------------------------------------
SMI = """0, GPU-1111aaaa-0000, 140000, 143771
1, GPU-2222bbbb-0000, 30000, 81559
2, GPU-3333cccc-0000, [N/A], 40960
garbage line
"""


@pytest.mark.parametrize(
    ("visible", "mib"),
    [
        (None, 30_000),
        ("0", 140_000),
        ("0,2", 40_960),  # free unknown: its total
        ("GPU-1111", 140_000),  # a UUID prefix, as CUDA takes it
        ("GPU-3333cccc-0000", 40_960),
        (" 1 ", 30_000),
        ("7", None),
        ("MIG-abcd", None),
    ],
)
def test_nvidia_smi_output_is_read(visible: str | None, mib: int | None) -> None:
    assert parse_gpu_memory(SMI, visible) == (None if mib is None else mib << 20)


def test_unreadable_nvidia_smi_output_is_unknown() -> None:
    assert parse_gpu_memory("", None) is None
    assert parse_gpu_memory("No devices were found\n", None) is None
    assert parse_gpu_memory("0, GPU-1, [N/A], [N/A]\n", None) is None


def _fake_smi(folder: Path, body: str) -> None:
    tool = folder / "nvidia-smi"
    tool.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("echo '0, GPU-1, 8192, 16384'", 8 * GIB),
        ("echo 'NVIDIA-SMI has failed' >&2; exit 9", None),
        ("echo 'not, numbers, at, all'", None),
        ("sleep 5", None),
    ],
)
def test_gpu_memory_never_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, expected: int | None
) -> None:
    _fake_smi(tmp_path, body)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(batching, "NVIDIA_SMI_TIMEOUT", 0.5)
    assert gpu_memory() == expected


def test_gpu_memory_without_nvidia_smi_or_visible_gpu_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert gpu_memory() is None
    _fake_smi(tmp_path, "echo '0, GPU-1, 8192, 16384'")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert gpu_memory() is None


# -- the engine follows the plan -----------------------------------------------
class _Spy:
    """Wraps a real translator; records each translate_batch's inputs and batching."""

    def __init__(self, real: Any, calls: list[dict[str, Any]]) -> None:
        self.real, self.calls = real, calls

    def translate_batch(self, tokens: list[list[str]], **kw: Any) -> Any:
        self.calls.append({"tokens": [list(t) for t in tokens], **kw})
        return self.real.translate_batch(tokens, **kw)


def _spy_translators(monkeypatch: pytest.MonkeyPatch, on_cpu: bool = False) -> list[dict[str, Any]]:
    """Record every Translator's creation and calls; ``on_cpu`` creates it on the CPU
    with the model's own compute type, whatever device and type the engine asked for."""
    import ctranslate2

    real_class = ctranslate2.Translator
    calls: list[dict[str, Any]] = []

    def create(*args: Any, **kw: Any) -> _Spy:
        calls.append({"created": dict(kw)})
        if on_cpu:
            kw = {**kw, "device": "cpu", "compute_type": "default"}
        return _Spy(real_class(*args, **kw), calls)

    monkeypatch.setattr(ctranslate2, "Translator", create)
    return calls


def _force(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    """Make every plan the engine asks for carry ``changes`` (a CUDA plan's parts, on a CPU)."""
    real = batching.batch_plan
    monkeypatch.setattr(argos, "batch_plan", lambda *a, **kw: replace(real(*a, **kw), **changes))


def _first_call(calls: list[dict[str, Any]]) -> dict[str, Any]:
    """The first translate_batch call (a retry of degenerate outputs may follow)."""
    return next(c for c in calls if "tokens" in c)


def _sorted_by_length(tokens: list[list[str]]) -> bool:
    return all(len(a) >= len(b) for a, b in itertools.pairwise(tokens))


@pytest.mark.parametrize("progress", [False, True])
def test_the_sorted_path_gives_the_unsorted_results_in_input_order(
    packages_dir: Path, monkeypatch: pytest.MonkeyPatch, progress: bool
) -> None:
    plain = ArgosEngine(EngineSettings(packages_dir=packages_dir)).translate_scored(
        TEXTS, "en", "de"
    )
    calls = _spy_translators(monkeypatch)
    _force(monkeypatch, sort_by_length=True)
    done: list[int] = []
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir))
    result = engine.translate_scored(TEXTS, "en", "de", done.append if progress else None)
    assert [r.text for r in result] == [expected_translation(t) for t in TEXTS]
    assert result == plain  # texts and scores, each in its own place
    call = _first_call(calls)
    assert _sorted_by_length(call["tokens"])
    kyiv, lviv = (list(engine._load("en", "de").tokenizer.encode([t])[0]) for t in TEXTS[6:8])
    assert len(kyiv) == len(lviv) and call["tokens"].index(kyiv) < call["tokens"].index(lviv)
    assert done == (list(range(1, 9)) if progress else [])


def test_token_batches_on_the_cpu_give_the_same_results(
    packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = ArgosEngine(EngineSettings(packages_dir=packages_dir)).translate_scored(
        TEXTS * 5, "en", "fr"
    )
    calls = _spy_translators(monkeypatch)
    _force(monkeypatch, batch_type="tokens", max_batch_size=64, sort_by_length=True)
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir))
    assert engine.translate_scored(TEXTS * 5, "en", "fr") == plain
    call = _first_call(calls)
    assert (call["batch_type"], call["max_batch_size"]) == ("tokens", 64)


def test_the_cpu_call_is_unchanged(packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _spy_translators(monkeypatch)
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir))
    engine.translate(TEXTS, "en", "uk")
    create, call = calls[0], _first_call(calls)
    assert create["created"] == {"device": "cpu", "compute_type": "default",
                                 "inter_threads": os.cpu_count() or 1, "intra_threads": 1}  # fmt: skip
    tokens = engine._load("en", "uk").tokenizer.encode([t for t in TEXTS if t])
    assert call["tokens"] == tokens  # the order the texts came in
    assert (call["batch_type"], call["max_batch_size"], call["beam_size"]) == ("examples", 8, 4)


def test_the_cuda_path_end_to_end_on_a_stand_in(
    packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """device="cuda" with a CPU translator standing in: float16 and one replica at creation,
    token batches sized from the memory, sorted inputs, results in input order."""
    calls = _spy_translators(monkeypatch, on_cpu=True)
    monkeypatch.setattr(argos, "gpu_facts", lambda: (8 * GIB, True))
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir, device="cuda"))
    assert engine.translate(TEXTS, "en", "de") == [expected_translation(t) for t in TEXTS]
    create, call = calls[0], _first_call(calls)
    assert create["created"]["device"] == "cuda"
    assert (create["created"]["compute_type"], create["created"]["inter_threads"]) == ("float16", 1)
    assert (call["batch_type"], call["max_batch_size"]) == ("tokens", 8_192)
    assert _sorted_by_length(call["tokens"])


@pytest.fixture(scope="module")
def looping_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder with the looping en->nl test model installed."""
    from tests.conftest import model_file

    folder = tmp_path_factory.mktemp("looping-packages")
    ArgosEngine(EngineSettings(packages_dir=folder)).install_file(model_file("en", "nl"))
    return folder


def test_the_retry_follows_the_plan_at_its_own_beam(
    looping_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["the cat", "ab", "a dog and the cat", "x y", "the dog", "a b c d e f"]
    plain = ArgosEngine(EngineSettings(packages_dir=looping_dir, beam_size=1)).translate_scored(
        texts, "en", "nl"
    )
    assert [r.retried for r in plain] == ["repetition", "", "repetition", "", "repetition",
                                          "repetition"]  # fmt: skip
    calls = _spy_translators(monkeypatch)
    beams: list[int | None] = []
    real = batching.batch_plan

    def plan(*args: Any, **kw: Any) -> BatchPlan:
        beams.append(args[3] if len(args) > 3 else None)
        return replace(real(*args, **kw), sort_by_length=True, max_batch_size=3)

    monkeypatch.setattr(argos, "batch_plan", plan)
    engine = ArgosEngine(EngineSettings(packages_dir=looping_dir, beam_size=1))
    assert engine.translate_scored(texts, "en", "nl") == plain
    first, retry = [c for c in calls if "tokens" in c]
    assert beams == [None, 1, 4]  # at load, the first decoding, the retry
    assert (first["max_batch_size"], retry["max_batch_size"], retry["beam_size"]) == (3, 3, 4)
    assert _sorted_by_length(first["tokens"]) and _sorted_by_length(retry["tokens"])

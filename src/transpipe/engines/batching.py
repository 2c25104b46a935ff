"""How the Argos engine batches its ``translate_batch`` calls: one decision per device.

:func:`batch_plan` makes the decision, and every ``translate_batch`` call of
the engine (the first decoding and the retry of degenerate outputs) follows
the :class:`BatchPlan` it returns.

On the CPU the plan is the measured default and nothing else: batches of
``max_batch_size`` examples (8: fastest and smallest at beam 4 on 2 cores,
see ``benchmarks/README.md``), the configured compute type, one worker per
core, and the segments in the order they came.

On CUDA one batch should fill the GPU, so the plan batches by tokens:

- ``batch_type="tokens"`` with a budget from the GPU's memory
  (:func:`token_batch_size`, memory read by :func:`gpu_memory`);
- compute type ``float16`` when the setting is left at ``"default"`` and the
  GPU computes in float16 (an explicit setting wins);
- one translator replica (``inter_threads`` 1 unless set): a token batch
  already fills the device, and each replica would decode a batch of its own
  at the same time, in memory of its own;
- the segments sorted by length, longest first (stable), and the results put
  back in their order (:func:`length_order`, :func:`restore_order`).

What CTranslate2 already does (``rebatch_input`` in its ``batch_reader.cc``,
4.x): each ``translate_batch`` call sorts *all* of its examples by source
length, longest first (``std::sort``, so equal lengths come in no set order),
and cuts the sorted list into batches; with ``batch_type="tokens"`` a batch
grows while (examples x its longest source) stays within ``max_batch_size``,
so padding counts.  Token batches are therefore already dense within one
call, and sorting before the call changes no batch's length mix.  What the
sort adds: CTranslate2 decodes the batches longest first, so in sorted order
the results are ready in the order they are collected (the asynchronous
progress path reports them as they finish instead of waiting on the batch
that holds the first segment), and equal lengths keep their input order.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from transpipe.core.config import EngineSettings

__all__ = [
    "BatchPlan",
    "batch_plan",
    "gpu_facts",
    "gpu_memory",
    "length_order",
    "parse_gpu_memory",
    "restore_order",
    "token_batch_size",
]

MIN_TOKENS = 2_048
MAX_TOKENS = 32_768  # ~1,000 news sentences: more adds memory, not speed
UNKNOWN_MEMORY_TOKENS = 4_096  # memory unknown: a budget that fits a 4 GB GPU at beam 4
TOKEN_STEP = 256  # budgets are whole multiples of this
MEMORY_SHARE = 0.25  # of the free memory, for one replica's decoding workspace
# Values the decoder holds per source token and hypothesis: the cross- and
# self-attention caches (output up to twice the source), logits and layer
# activations.  For the 6+6-layer, d_model 512 Argos Transformer the CPU runs
# of benchmarks/README.md peak at about 27,000 float32 values (108 KB) per
# source token and beam; this is that, rounded up.
VALUES_PER_TOKEN = 32_768
HALF_TYPES = frozenset({"float16", "bfloat16", "int8_float16", "int8_bfloat16"})
NVIDIA_SMI_TIMEOUT = 10.0  # seconds
_MIB = 1 << 20

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """How a translator is created and its ``translate_batch`` calls are batched."""

    compute_type: str
    inter_threads: int
    batch_type: str  # "examples" or "tokens", as CTranslate2 takes it
    max_batch_size: int  # in examples or in source tokens, as batch_type says
    sort_by_length: bool  # longest first before the call, results put back after


def value_bytes(compute_type: str) -> int:
    """Bytes of one activation value: 2 for the half types, else 4 (``default``, ``auto``,
    ``int8`` and ``int16`` compute in float32 on CUDA; ``auto`` may be either, so 4)."""
    return 2 if compute_type in HALF_TYPES else 4


def token_batch_size(
    memory_bytes: int | None, beam_size: int = 4, value_size: int = 2, replicas: int = 1
) -> int:
    """The ``max_batch_size`` in source tokens for a GPU with ``memory_bytes`` free.

    ``tokens = memory_bytes * MEMORY_SHARE / (replicas * beam_size * value_size
    * VALUES_PER_TOKEN)``, rounded down to a multiple of :data:`TOKEN_STEP`
    and clamped to [:data:`MIN_TOKENS`, :data:`MAX_TOKENS`]; unknown (None)
    or non-positive memory gives :data:`UNKNOWN_MEMORY_TOKENS`.

    At float16 and beam 4 each source token costs 256 KiB, so 8 GiB free
    gives 8,192 tokens, 24 GiB 24,576, and 32 GiB or more the cap of 32,768;
    beam 1 reaches the cap from 8 GiB.  A quarter of the memory leaves room
    for CTranslate2's caching allocator, larger models than the base
    Transformer and other users of the GPU.
    """
    if memory_bytes is None or memory_bytes <= 0:
        return UNKNOWN_MEMORY_TOKENS
    per_token = max(1, replicas) * max(1, beam_size) * max(1, value_size) * VALUES_PER_TOKEN
    tokens = int(memory_bytes * MEMORY_SHARE) // per_token
    tokens -= tokens % TOKEN_STEP
    return max(MIN_TOKENS, min(MAX_TOKENS, tokens))


def batch_plan(
    device: str,
    settings: EngineSettings,
    memory: int | None,
    beam_size: int | None = None,
    *,
    half: bool = True,
    cores: int | None = None,
) -> BatchPlan:
    """The plan for a translator on ``device`` (``"cpu"`` or ``"cuda"``, already resolved).

    ``memory`` is the GPU's free memory in bytes (None: unknown), ``beam_size``
    the beam of the call (default: the setting's), ``half`` whether the GPU
    computes in float16, ``cores`` the CPU count (default: ``os.cpu_count()``).
    Anything but ``"cuda"`` gets the CPU plan, which is exactly the settings.
    """
    if device != "cuda":
        inter = settings.inter_threads or (cores or os.cpu_count() or 1)
        return BatchPlan(settings.compute_type, inter, "examples", settings.max_batch_size, False)
    compute = settings.compute_type
    if compute == "default" and half:
        compute = "float16"
    inter = settings.inter_threads or 1
    beam = settings.beam_size if beam_size is None else beam_size
    tokens = token_batch_size(memory, beam, value_bytes(compute), inter)
    return BatchPlan(compute, inter, "tokens", tokens, True)


def length_order(items: Sequence[Sequence[object]]) -> list[int]:
    """Indices of ``items``, longest first; equal lengths keep their order (a stable sort)."""
    return sorted(range(len(items)), key=lambda i: -len(items[i]))


def restore_order(results: Sequence[T], order: Sequence[int]) -> list[T]:
    """``results`` of the items taken in ``order``, put back in the items' own order."""
    if sorted(order) != list(range(len(results))):
        raise ValueError("order must be a permutation of the results' positions")
    restored = list(results)
    for position, index in enumerate(order):
        restored[index] = results[position]
    return restored


def parse_gpu_memory(text: str, visible: str | None) -> int | None:
    """Bytes free on the visible GPU with the least free memory, from ``nvidia-smi
    --query-gpu=index,uuid,memory.free,memory.total --format=csv,noheader,nounits``.

    ``visible`` is ``CUDA_VISIBLE_DEVICES`` (None: all GPUs), whose entries are
    indices or UUIDs (or their prefixes).  A GPU whose free memory is not a
    number (``[N/A]``) counts with its total; unreadable lines are skipped;
    None when no visible GPU has a number.
    """
    wanted = None if visible is None else [v.strip() for v in visible.split(",") if v.strip()]
    found: list[int] = []
    for line in text.splitlines():
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 4:
            continue
        index, uuid, free, total = fields
        if wanted is not None and not any(w == index or uuid.startswith(w) for w in wanted):
            continue
        for value in (free, total):
            if value.isdigit():
                found.append(int(value) * _MIB)
                break
    return min(found) if found else None


def gpu_memory() -> int | None:
    """Free memory of the GPU CTranslate2 will use, in bytes, asked of ``nvidia-smi``; None
    when it is missing, fails or says nothing readable (never an exception).

    CTranslate2 has no memory query, and nvidia-smi comes with every NVIDIA
    driver.  nvidia-smi numbers GPUs in PCI order, CUDA fastest first, so with
    several visible GPUs the one with the least free memory is taken.
    """
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    tool = shutil.which("nvidia-smi")
    if tool is None or visible == "":
        return None
    query = "--query-gpu=index,uuid,memory.free,memory.total"
    try:
        run = subprocess.run(
            [tool, query, "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=NVIDIA_SMI_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if run.returncode != 0:
        return None
    return parse_gpu_memory(run.stdout, visible)


def gpu_facts() -> tuple[int | None, bool]:
    """:func:`gpu_memory`, and whether CTranslate2 computes in float16 on the GPU.  A CUDA
    that does not work says yes here, and fails where the translator is created."""
    import ctranslate2

    try:
        half = "float16" in ctranslate2.get_supported_compute_types("cuda")
    except (RuntimeError, ValueError, OSError):
        half = True
    return gpu_memory(), half

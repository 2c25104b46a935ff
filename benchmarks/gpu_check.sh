#!/usr/bin/env bash
# The GPU check: transpipe's Argos engine on CUDA against bare CTranslate2 and
# argostranslate's call shape, in one run, with ratios (benchmarks/README.md, section 4).
#
#   benchmarks/gpu_check.sh                                  # on a GPU machine, from any folder
#   GPU_CHECK_DEVICE=cpu GPU_CHECK_SENTENCES=12 GPU_CHECK_ARGOS_SENTENCES=4 \
#     GPU_CHECK_REPEAT=1 benchmarks/gpu_check.sh             # the same steps on the CPU, small
#
# Steps: find a Python (GPU_CHECK_PYTHON, or a working .venv, or a new .venv
# that sees the system's packages) and `pip install -e .` only when an import
# is missing; on CUDA, give CTranslate2 a libcublas.so.12 (a folder of links to
# CUDA 13's .so.13 files when ldconfig knows no .so.12) and try one decode;
# build the benchmark model; run `bench_translate.py --device`.  Everything it
# prints also goes to $OUT/gpu_check.txt when OUT is set.
#
# Settings (environment): GPU_CHECK_DEVICE (cuda), GPU_CHECK_SENTENCES (1000),
# GPU_CHECK_ARGOS_SENTENCES (40), GPU_CHECK_REPEAT (3), GPU_CHECK_BEAM (4),
# GPU_CHECK_PYTHON, GPU_CHECK_CUDA_LIB (/usr/local/cuda-13.0/targets/x86_64-linux/lib),
# GPU_CHECK_NO_PIP=1 (never run pip), GPU_CHECK_BENCH_TIMEOUT (240 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICE="${GPU_CHECK_DEVICE:-cuda}"
SENTENCES="${GPU_CHECK_SENTENCES:-1000}"
ARGOS_SENTENCES="${GPU_CHECK_ARGOS_SENTENCES:-40}"
REPEAT="${GPU_CHECK_REPEAT:-3}"
BEAM="${GPU_CHECK_BEAM:-4}"
CUDA_LIB="${GPU_CHECK_CUDA_LIB:-/usr/local/cuda-13.0/targets/x86_64-linux/lib}"
BENCH_TIMEOUT="${GPU_CHECK_BENCH_TIMEOUT:-240}"
MODEL_DIR="$ROOT/benchmarks/.model"
PACKAGES="$MODEL_DIR/packages"
# transpipe's own imports, and protobuf, which build_bench_model.py needs to write the
# SentencePiece model (sentencepiece_model_pb2)
IMPORTS="import ctranslate2, sentencepiece, numpy, wordfreq, google.protobuf, transpipe.engines.argos, transpipe.commands.translate"
SHIM=""
TARGET=""  # without a venv: where pip puts the dependencies (--target), first on PYTHONPATH

say() { printf '[gpu_check %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() { if [[ -n "$SHIM" ]]; then rm -rf "$SHIM"; fi; }

# A Python of 3.11 or later (transpipe needs tomllib).
new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

pick_python() {
    if [[ -n "${GPU_CHECK_PYTHON:-}" ]]; then
        PY="$GPU_CHECK_PYTHON"
        return
    fi
    if [[ -x "$ROOT/.venv/bin/python" ]] && new_enough "$ROOT/.venv/bin/python"; then
        PY="$ROOT/.venv/bin/python"
        return
    fi
    local base=""
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null && new_enough "$candidate"; then
            base="$(command -v "$candidate")"
            break
        fi
    done
    if [[ -z "$base" ]]; then
        say "no Python 3.11 or later found; set GPU_CHECK_PYTHON"
        exit 3
    fi
    # --system-site-packages: packages the machine already has count when pip cannot reach
    # PyPI; without ensurepip (Debian's python3 without python3-venv), a venv without pip
    # still runs the system's pip module, which installs into the venv
    if timeout 60 "$base" -m venv --system-site-packages "$ROOT/.venv"; then
        PY="$ROOT/.venv/bin/python"
    elif rm -rf "$ROOT/.venv" && timeout 60 "$base" -m venv --without-pip --system-site-packages \
        "$ROOT/.venv" && "$ROOT/.venv/bin/python" -m pip --version >/dev/null 2>&1; then
        PY="$ROOT/.venv/bin/python"
    else
        rm -rf "$ROOT/.venv"
        PY="$base"
        TARGET="$ROOT/benchmarks/.work/pydeps"
        say "cannot create a venv; using $base with packages installed into $TARGET"
    fi
}

ensure_packages() {
    if "$PY" -c "$IMPORTS" 2>/dev/null; then
        return
    fi
    local what=(-e "$ROOT" protobuf)
    if [[ -n "$TARGET" ]]; then  # the dependencies only: transpipe itself runs from src/
        mapfile -t what < <("$PY" -c 'import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' \
            "$ROOT/pyproject.toml")
        what+=(protobuf --target "$TARGET")
    fi
    if [[ "${GPU_CHECK_NO_PIP:-0}" != 1 ]]; then
        say "installing transpipe's dependencies with pip (up to 240 s)"
        timeout 240 "$PY" -m pip install -q --disable-pip-version-check "${what[@]}" \
            || say "pip install failed (no network?); trying with what is installed"
    fi
    if ! "$PY" -c "$IMPORTS"; then
        say "missing packages for $PY (see the import error above); set GPU_CHECK_PYTHON"
        exit 3
    fi
}

# CTranslate2's wheels load libcublas.so.12 (CUDA 12); a CUDA 13 machine has .so.13 only.
cublas_shim() {
    local known
    known="$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)"
    if grep -q 'libcublas\.so\.12 ' <<<"$known"; then
        say "libcublas.so.12 found by ldconfig; no shim"
        return
    fi
    if [[ ! -e "$CUDA_LIB/libcublas.so.13" || ! -e "$CUDA_LIB/libcublasLt.so.13" ]]; then
        say "no libcublas.so.12 and no $CUDA_LIB/libcublas.so.13; the engine will say what is missing"
        return
    fi
    SHIM="$(mktemp -d "${TMPDIR:-/tmp}/cublas12-shim.XXXXXX")"
    ln -s "$CUDA_LIB/libcublas.so.13" "$SHIM/libcublas.so.12"
    ln -s "$CUDA_LIB/libcublasLt.so.13" "$SHIM/libcublasLt.so.12"
    export LD_LIBRARY_PATH="$SHIM:$CUDA_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "cuBLAS shim: $SHIM (libcublas.so.12 -> $CUDA_LIB/libcublas.so.13), first on LD_LIBRARY_PATH"
}

describe() {
    say "repository $ROOT at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    "$PY" - "$DEVICE" <<'EOF'
import os, platform, sys
import ctranslate2
device = sys.argv[1]
print(f"python {platform.python_version()}, ctranslate2 {ctranslate2.__version__}, {os.cpu_count()} cores")
if device == "cuda":
    try:
        print(f"CUDA devices {ctranslate2.get_cuda_device_count()}, compute types "
              f"{sorted(ctranslate2.get_supported_compute_types('cuda'))}")
    except RuntimeError as exc:
        print(f"CUDA: {exc}")
EOF
    if [[ "$DEVICE" == cuda ]] && command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,driver_version,memory.total,memory.free \
            --format=csv,noheader || true
    fi
}

build_model() {
    if [[ -f "$MODEL_DIR/translate-en_de-bench.argosmodel" && -d "$PACKAGES/translate-en_de-bench" ]]; then
        say "benchmark model already built in $MODEL_DIR"
        return
    fi
    say "building the benchmark model"
    timeout 180 "$PY" "$ROOT/benchmarks/build_bench_model.py" "$MODEL_DIR"
}

# One short decode through the engine, so that a CUDA failure is one clear line, early.
smoke() {
    say "one decode on $DEVICE through the engine"
    timeout 120 "$PY" - "$DEVICE" "$PACKAGES" <<'EOF'
import sys, time
from pathlib import Path
from transpipe.core.config import EngineSettings
from transpipe.core.errors import EngineError
from transpipe.engines.argos import ArgosEngine

engine = ArgosEngine(EngineSettings(device=sys.argv[1], packages_dir=Path(sys.argv[2])))
started = time.perf_counter()
try:
    engine.translate(["Defence ministers met in Brussels."], "en", "de")
except EngineError as exc:
    sys.exit(f"engine error: {exc}")  # one line; a missing cuBLAS names its fix
loaded = engine._load("en", "de")
print(f"ok in {time.perf_counter() - started:.1f} s; plan at beam 4: {engine._plan(loaded, 4)}")
EOF
}

# The wheel's own fallback: cuBLAS 12 from PyPI, which the engine loads before CTranslate2 does.
cublas_from_pip() {
    if [[ "$DEVICE" != cuda || "${GPU_CHECK_NO_PIP:-0}" == 1 ]]; then
        return 1
    fi
    say "trying cuBLAS 12 from PyPI: pip install nvidia-cublas-cu12 (up to 180 s)"
    local where=()
    if [[ -n "$TARGET" ]]; then
        where=(--target "$TARGET")
    fi
    timeout 180 "$PY" -m pip install -q --disable-pip-version-check nvidia-cublas-cu12 \
        "${where[@]}" || return 1
    if [[ -n "$SHIM" ]]; then
        export LD_LIBRARY_PATH="${LD_LIBRARY_PATH#"$SHIM:"}"
    fi
}

main() {
    trap cleanup EXIT
    cd "$ROOT"
    say "device $DEVICE, $SENTENCES sentences, (c) on $ARGOS_SENTENCES, beam $BEAM and 1, best of $REPEAT"
    pick_python
    export PYTHONPATH="$ROOT/src${TARGET:+:$TARGET}${PYTHONPATH:+:$PYTHONPATH}"
    export PYTHONUNBUFFERED=1
    ensure_packages
    if [[ "$DEVICE" == cuda ]]; then
        cublas_shim
    fi
    describe
    build_model
    if ! smoke; then
        if ! cublas_from_pip || ! smoke; then
            say "no working $DEVICE; stopping"
            exit 4
        fi
    fi
    say "bench_translate.py --device $DEVICE (up to $BENCH_TIMEOUT s)"
    timeout "$BENCH_TIMEOUT" "$PY" "$ROOT/benchmarks/bench_translate.py" --device "$DEVICE" \
        --sentences "$SENTENCES" --argos-sentences "$ARGOS_SENTENCES" --repeat "$REPEAT" \
        --beam "$BEAM"
    if [[ -n "${OUT:-}" && -f "$ROOT/benchmarks/.work/device-results.json" ]]; then
        cp "$ROOT/benchmarks/.work/device-results.json" "$OUT/gpu_check.json"
    fi
    say "done"
}

if [[ -n "${OUT:-}" ]]; then
    mkdir -p "$OUT"
    main "$@" 2>&1 | tee "$OUT/gpu_check.txt"
else
    main "$@"
fi

"""Build a realistic-size Argos Translate package for benchmarks (random weights).

Usage::

    python benchmarks/build_bench_model.py [OUT] [--check]

``OUT`` defaults to ``benchmarks/.model`` (git-ignored).  The script writes

* ``OUT/translate-en_de-bench.argosmodel``: an ordinary Argos package (a zip
  with one top-level folder holding ``metadata.json``, ``README.md``,
  ``sentencepiece.model`` and a CTranslate2 model in ``model/``), installable
  with ``transpipe models install`` or ``argostranslate.package.install_from_path``;
* ``OUT/packages/translate-en_de-bench/``: the same package extracted, as an
  installed packages folder (usable as ``packages_dir`` / ``ARGOS_PACKAGES_DIR``).

The model has the shape of the Transformers argos-train builds (OpenNMT-py
``transformer`` base): 6 encoder and 6 decoder layers, d_model 512, 8 heads,
feed-forward 2048, ReLU, pre-norm with final LayerNorms (epsilon 1e-6),
sinusoidal position encodings (stored as a 5000-position table, as the
OpenNMT-py converter does), one shared SentencePiece vocabulary of 50,000
pieces with the source embeddings, target embeddings and output projection
tied (``share_embeddings`` + ``share_decoder_embeddings``), saved with int8
quantization.  About 70 million parameters; the package is ~75 MB on disk.

Weights are random (numpy, fixed seed), so the "translations" are random
token sequences.  To make every run decode exactly the same number of
tokens, the output projection bias of ``</s>`` is -10,000: the model never
ends a hypothesis, so every sentence decodes to ``max_decoding_length``
tokens whatever the method, beam size or batching.  Benchmarks must therefore
pass the same ``max_decoding_length`` everywhere and count output tokens.

The SentencePiece model is a unigram model whose proto is written directly
(no training on 50,000 pieces, which is slow and fragile): a tiny unigram
model is trained on a few generated lines only to get a valid trainer spec
and the standard ``nmt_nfkc`` normalizer (with its precompiled character
map); its pieces are then replaced by ``<unk>``, ``<s>``, ``</s>``, ``▁``,
single characters, ``▁word`` pieces for the most frequent English and German
words of wordfreq (lower case and capitalised) and the most frequent word
endings as continuation pieces, with scores that favour whole words.  English
news text comes out at about 1.2-1.4 pieces per word, like real Argos
models.

Determinism: fixed seeds, single-threaded SentencePiece training from an
in-memory iterator, zip entries in sorted order with fixed timestamps and
permissions.  Two runs give byte-identical files with the same versions of
numpy, sentencepiece, wordfreq and ctranslate2.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import string
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

PACKAGE_ROOT = "translate-en_de-bench"
PACKAGE_FILE = f"{PACKAGE_ROOT}.argosmodel"
DEFAULT_OUT = Path(__file__).resolve().parent / ".model"

VOCAB_SIZE = 50_000
NUM_LAYERS = 6
D_MODEL = 512
NUM_HEADS = 8
FFN_DIM = 2048
MAX_POSITIONS = 5000  # OpenNMT-py's default max_len for the position table
LAYER_NORM_EPSILON = 1e-6
EOS_BIAS = -10_000.0  # the model never emits </s>
SEED = 20_240_601


#: Characters that get a piece of their own (everything else is <unk>).
CHARACTERS: str = (
    string.ascii_lowercase
    + string.ascii_uppercase
    + string.digits
    + string.punctuation
    + "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00ab\u00bb\u20ac\u00a3\u00b0"  # “”‘’—–…«»€£°
    + "\u00e4\u00f6\u00fc\u00c4\u00d6\u00dc\u00df\u00e9\u00e8\u00e0\u00e7\u00f1"  # äöüÄÖÜßéèàçñ
)
_CHARSET = frozenset(CHARACTERS)

# How many words of each list become "▁word" pieces (before de-duplication).
WORD_BUDGET = (
    ("en", 20_000, False),
    ("en", 5_000, True),
    ("de", 12_000, False),
    ("de", 6_000, True),
)


# --------------------------------------------------------------------------
# SentencePiece
# --------------------------------------------------------------------------


def _template_model() -> bytes:
    """A tiny trained unigram model: a valid trainer spec and nmt_nfkc normalizer."""
    import sentencepiece as spm

    words = ["defence", "ministers", "agreed", "radar", "deliveries", "front", "officials"]
    lines = [" ".join(words[i:] + words[:i]) for i in range(len(words))] * 20
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        model_type="unigram",
        vocab_size=40,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="nmt_nfkc",
        num_threads=1,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        minloglevel=2,
    )
    return writer.getvalue()


def _usable(word: str) -> bool:
    return bool(word) and all(c in _CHARSET for c in word)


def vocabulary_pieces() -> list[tuple[str, float]]:
    """The 50,000 (piece, score) pairs after the three special pieces' slots.

    Returns the NORMAL pieces only (``▁`` first); ids 0-2 are ``<unk>``,
    ``<s>`` and ``</s>``.
    """
    import wordfreq

    pieces: dict[str, float] = {"\u2581": -8.0}
    for ch in CHARACTERS:
        pieces.setdefault(ch, -20.0)
    lists = {lang: wordfreq.top_n_list(lang, 40_000) for lang in ("en", "de")}
    for lang, count, capitalised in WORD_BUDGET:
        taken = 0
        for rank, word in enumerate(lists[lang]):
            if taken >= count:
                break
            if not _usable(word):
                continue
            form = word[:1].upper() + word[1:] if capitalised else word
            piece = "\u2581" + form
            if piece in pieces:
                continue
            # Frequent words score higher; capitalised forms a little lower.
            pieces[piece] = -(3.0 + math.log(rank + 1) + (1.0 if capitalised else 0.0))
            taken += 1
    # Fill the rest with the most frequent word endings (continuation pieces).
    endings: Counter[str] = Counter()
    for lang in ("en", "de"):
        for word in lists[lang][:30_000]:
            if not _usable(word):
                continue
            for size in range(2, 7):
                if size < len(word):
                    endings[word[-size:]] += 1
    room = VOCAB_SIZE - 3 - len(pieces)
    ranked = sorted(endings.items(), key=lambda kv: (-kv[1], kv[0]))
    for rank, (ending, _) in enumerate(ranked):
        if room <= 0:
            break
        if ending in pieces:
            continue
        pieces[ending] = -(10.0 + math.log(rank + 1))
        room -= 1
    if room != 0:
        raise RuntimeError(f"could not fill the vocabulary ({room} pieces short)")
    return list(pieces.items())


def build_sentencepiece_model() -> bytes:
    """The 50,000-piece unigram SentencePiece model, serialized."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    pb: Any = sentencepiece_model_pb2
    proto = pb.ModelProto()
    proto.ParseFromString(_template_model())
    del proto.pieces[:]
    piece_type = pb.ModelProto.SentencePiece
    for name, kind in (("<unk>", piece_type.UNKNOWN), ("<s>", piece_type.CONTROL),
                       ("</s>", piece_type.CONTROL)):  # fmt: skip
        entry = proto.pieces.add()
        entry.piece, entry.score, entry.type = name, 0.0, kind
    for name, score in vocabulary_pieces():
        entry = proto.pieces.add()
        entry.piece, entry.score, entry.type = name, score, piece_type.NORMAL
    proto.trainer_spec.vocab_size = VOCAB_SIZE
    proto.trainer_spec.model_type = pb.TrainerSpec.UNIGRAM
    data: bytes = proto.SerializeToString(deterministic=True)
    sp = spm.SentencePieceProcessor(model_proto=data)
    if sp.get_piece_size() != VOCAB_SIZE:
        raise RuntimeError(f"unexpected vocabulary size {sp.get_piece_size()}")
    return data


# --------------------------------------------------------------------------
# CTranslate2 model
# --------------------------------------------------------------------------


def sinusoidal_table(positions: int, dim: int):  # type: ignore[no-untyped-def]
    """OpenNMT-py's position table: sin on even dims, cos on odd dims."""
    import numpy as np

    position = np.arange(positions, dtype=np.float64)[:, None]
    div_term = np.exp(np.arange(0, dim, 2, dtype=np.float64) * -(math.log(10000.0) / dim))
    table = np.zeros((positions, dim), dtype=np.float64)
    table[:, 0::2] = np.sin(position * div_term)
    table[:, 1::2] = np.cos(position * div_term)
    return table.astype(np.float32)


def build_ctranslate2_model(pieces: list[str], output_dir: Path) -> int:
    """Write the random-weight int8 Transformer; return its number of parameters."""
    import numpy as np
    from ctranslate2.specs import common_spec, transformer_spec

    rng = np.random.default_rng(SEED)
    f32 = np.float32
    d, ffn, vocab = D_MODEL, FFN_DIM, len(pieces)
    count = 0

    def normal(*shape: int, fan_in: int):  # type: ignore[no-untyped-def]
        nonlocal count
        array = rng.standard_normal(shape, dtype=f32) * f32(1.0 / math.sqrt(fan_in))
        count += array.size
        return array

    def small(n: int):  # type: ignore[no-untyped-def]
        nonlocal count
        count += n
        return rng.standard_normal(n, dtype=f32) * f32(0.02)

    def layer_norm(spec: common_spec.LayerNormSpec) -> None:
        spec.gamma = np.ones(d, dtype=f32) + small(d)
        spec.beta = small(d)

    def linear(spec: common_spec.LinearSpec, out_dim: int, in_dim: int) -> None:
        spec.weight = normal(out_dim, in_dim, fan_in=in_dim)
        spec.bias = small(out_dim)

    def ffn_layer(spec) -> None:  # type: ignore[no-untyped-def]
        layer_norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d)
        linear(spec.linear_1, d, ffn)

    spec = transformer_spec.TransformerSpec.from_config(
        (NUM_LAYERS, NUM_LAYERS), NUM_HEADS, pre_norm=True, no_final_norm=False
    )
    encoder, decoder = spec.encoder, spec.decoder

    shared = normal(vocab, d, fan_in=d)  # embeddings and projection, tied
    positions = sinusoidal_table(MAX_POSITIONS, d)

    encoder.embeddings[0].weight = shared
    encoder.scale_embeddings = True
    encoder.position_encodings.encodings = positions
    for layer in encoder.layer:
        attention = layer.self_attention
        layer_norm(attention.layer_norm)
        linear(attention.linear[0], 3 * d, d)  # fused q, k, v
        linear(attention.linear[1], d, d)
        ffn_layer(layer.ffn)
    layer_norm(encoder.layer_norm)

    decoder.embeddings.weight = shared
    decoder.scale_embeddings = True
    decoder.position_encodings.encodings = positions
    for layer in decoder.layer:
        attention = layer.self_attention
        layer_norm(attention.layer_norm)
        linear(attention.linear[0], 3 * d, d)
        linear(attention.linear[1], d, d)
        cross = layer.attention
        layer_norm(cross.layer_norm)
        linear(cross.linear[0], d, d)  # queries
        linear(cross.linear[1], 2 * d, d)  # fused keys, values
        linear(cross.linear[2], d, d)
        ffn_layer(layer.ffn)
    layer_norm(decoder.layer_norm)

    decoder.projection.weight = shared
    bias = small(vocab)
    bias[pieces.index("</s>")] = EOS_BIAS
    decoder.projection.bias = bias

    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.decoder_start_token = "<s>"
    spec.config.add_source_bos = False
    spec.config.add_source_eos = False
    spec.config.layer_norm_epsilon = LAYER_NORM_EPSILON
    spec.register_source_vocabulary(list(pieces))
    spec.register_target_vocabulary(list(pieces))

    spec.validate()
    spec.optimize(quantization="int8")
    output_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(output_dir))
    return count


# --------------------------------------------------------------------------
# Package
# --------------------------------------------------------------------------


def _metadata() -> str:
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": "en",
        "from_name": "English",
        "to_code": "de",
        "to_name": "German",
        "type": "translate",
    }
    return json.dumps(metadata, indent=4, ensure_ascii=False) + "\n"


README = """\
# Benchmark model: English (en) -> German (de)

NOT a translation model. Random weights in the shape of an argos-train
Transformer (6+6 layers, d_model 512, 8 heads, FFN 2048, shared 50,000-piece
SentencePiece vocabulary, int8). It never emits </s>, so every sentence
decodes to max_decoding_length tokens. For speed and memory benchmarks only.

Generated by benchmarks/build_bench_model.py.
"""


def write_package(path: Path, root: str, files: dict[str, bytes]) -> None:
    """A deterministic zip with ``files`` under ``root/`` (the test models' writer)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.models.build_test_models import write_package as write_zip

    write_zip(path, root, files, compresslevel=6)


def build(out_dir: Path) -> tuple[Path, Path, int]:
    """Build the package and its installed folder; return (file, folder, parameters)."""
    import shutil

    import sentencepiece as spm

    sp_model = build_sentencepiece_model()
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]

    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        parameters = build_ctranslate2_model(pieces, model_dir)
        for entry in sorted(os.listdir(model_dir)):
            files["model/" + entry] = (model_dir / entry).read_bytes()
    files["sentencepiece.model"] = sp_model
    files["metadata.json"] = _metadata().encode()
    files["README.md"] = README.encode()

    out_dir.mkdir(parents=True, exist_ok=True)
    package = out_dir / PACKAGE_FILE
    write_package(package, PACKAGE_ROOT, files)

    installed = out_dir / "packages" / PACKAGE_ROOT
    if installed.exists():
        shutil.rmtree(installed)
    with zipfile.ZipFile(package) as zf:
        zf.extractall(out_dir / "packages")
    return package, installed, parameters


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def check(installed: Path) -> None:
    """Translate two sentences: every hypothesis must run to max_decoding_length."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(installed / "sentencepiece.model"))
    texts = [
        "Defence ministers agreed on Thursday to speed up deliveries of ground radars.",
        "The decision followed a request from the ministry, officials said.",
    ]
    tokens = sp.encode(texts, out_type=str)
    print("tokens:", [len(t) for t in tokens], tokens[0])
    translator = ctranslate2.Translator(
        str(installed / "model"), device="cpu", compute_type="int8", inter_threads=1
    )
    for beam in (1, 4):
        limit = 2 * max(len(t) for t in tokens) + 16
        results = translator.translate_batch(
            tokens, beam_size=beam, max_decoding_length=limit, max_input_length=0,
            replace_unknowns=True,
        )  # fmt: skip
        lengths = [len(r.hypotheses[0]) for r in results]
        if lengths != [limit] * len(texts):
            raise AssertionError(f"beam {beam}: lengths {lengths}, expected {limit} each")
    print("check passed: every hypothesis decodes to max_decoding_length")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help="output folder (default: benchmarks/.model)")  # fmt: skip
    parser.add_argument("--check", action="store_true", help="translate two sentences after")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    package, installed, parameters = build(args.out)
    elapsed = time.perf_counter() - started
    model_bin = installed / "model" / "model.bin"
    print(f"{package} ({package.stat().st_size / 1e6:.1f} MB)")
    print(f"{installed} ({folder_size(installed) / 1e6:.1f} MB installed, "
          f"model.bin {model_bin.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
    print(f"{parameters / 1e6:.1f} M parameters (tied embeddings counted once), "
          f"built in {elapsed:.1f} s")  # fmt: skip
    if args.check:
        check(installed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build tiny, real Argos Translate packages whose output is predictable.

Usage::

    python tests/models/build_test_models.py [--out tests/models] [--check]

The script writes one ``translate-<from>_<to>-1_0.argosmodel`` file per language
pair in :data:`PAIRS`.  Each file is an ordinary Argos Translate package (a zip
archive with a single top-level folder holding ``metadata.json``, ``README.md``,
``sentencepiece.model`` and a CTranslate2 model in ``model/``), so it can be
installed with ``argostranslate.package.install_from_path`` and run with
``ctranslate2.Translator`` + ``sentencepiece`` exactly like a downloaded model.
The packages are a few hundred KB each.  All pairs share the same weights; only
the metadata differ.

Translation rule
----------------
The "translation" of a text is :func:`expected_translation`: every ASCII
lowercase letter ``a``-``z`` becomes the matching uppercase letter ``A``-``Z``
and every other character (digits, punctuation, whitespace, ``{1}``-style
placeholders, non-ASCII letters such as ``Минобороны``, ``é`` or ``ß``,
symbols such as ``⟦``, emoji, ...) is copied unchanged, byte for byte.

Whitespace is kept exactly (no collapsing and no stripping of leading or
trailing spaces): the tokenizer is trained with ``add_dummy_prefix=False``,
``remove_extra_whitespaces=False`` and the ``identity`` normalisation rule.
Only the SentencePiece meta symbol ``▁`` (U+2581) itself cannot survive the
round trip (SentencePiece decodes it as a space).

Design
------
*Tokenizer.*  A SentencePiece ``char`` model trained on a generated text that
contains every printable ASCII character plus a few typographic characters
(see :data:`TRAINING_CHARACTERS`), with ``byte_fallback=True``.  Every other
character is encoded as its UTF-8 bytes ``<0xNN>``, so "encode, copy the pieces,
decode" returns the input unchanged.  Vocabulary: ``<unk>``, ``<s>``, ``</s>``,
the 256 byte pieces, ``▁`` and the characters; it is also the CTranslate2
shared vocabulary (same order, so the ids agree).

*Model.*  A CTranslate2 ``TransformerSpec`` (1 encoder layer, 1 decoder layer,
1 head, pre-norm LayerNorm, learned position encodings for
:data:`NUM_POSITIONS` positions, no embedding scaling, ``add_source_eos``)
whose weights are written by hand; nothing is trained.  With ``V`` vocabulary
entries and ``B = bit_length(V - 1)`` (9 for the 361 pieces) the model
dimension is ``2B + 4K``:

* ``2B`` token dims: token id ``i`` is coded as ``(+s_b, -s_b)`` for each bit
  ``b`` of ``i``, with ``s_b = +1`` if the bit is set and ``-1`` otherwise;
* ``4K`` positional dims: for each of the ``K`` angular frequencies ``w`` in
  :data:`FREQUENCIES`, position ``p`` is coded as
  ``(cos wp, sin wp, -cos wp, -sin wp)``.

Every such vector has zero mean and a constant norm, so each LayerNorm acts as
a constant scaling.  The translation rule lives in the source embedding table:
source token ``i`` is embedded as the token code of ``f(i)``, where ``f`` maps
each lowercase ASCII letter piece to the matching uppercase piece and is the
identity elsewhere (``</s>`` included).  The encoder self-attention and
feed-forward outputs are zero, hence the encoder output at source position
``s`` is ``LayerNorm(code(f(x_s)) + pos(s))``.  The decoder token embeddings
are zero and its self-attention and feed-forward outputs are zero too, so at
decoding step ``t`` the decoder state is ``pos(t)`` whatever was generated
before.  In the cross-attention, queries and keys read only the positional
dims: the score of source position ``s`` at step ``t`` is proportional to
``sum_k cos(w_k (t - s))``, which is ``K`` for ``s == t`` and clearly smaller
for every other ``s`` < :data:`NUM_POSITIONS` (the frequencies were picked to
maximise that gap), giving a practically one-hot attention on ``s == t``.  The
values/output projection copy the token dims of the attended source position
into the decoder state, and the output projection row of token ``j`` is
``code(j)``, so the logit of ``f(x_t)`` exceeds every other logit by roughly
66 (codes of different tokens differ in at least one bit).  Step ``t``
therefore emits ``f(x_t)`` and emits ``</s>`` when it reaches the ``</s>``
that CTranslate2 appends to the source.  :func:`margins` computes both gaps
(attention and output logits, about 67 and 66) from the weights and the build
fails if either is below :data:`MIN_MARGIN`.

All weight matrices have equal-magnitude non-zero values in each row, so the
int8 quantization applied by CTranslate2 at load time is exact.  The weights
are stored as float16 (CTranslate2 computes in float32 on CPU for
``compute_type="default"`` and logs a warning saying so) and are mostly zeros,
which compresses well.

The looping package
-------------------
:data:`LOOP_PAIRS` (English -> Dutch, ``nl``: a code no uppercase package uses)
holds a model that fails the way real models do: it repeats itself up to the
length limit.  It differs from the uppercase model in two places only:

* its decoder position table holds, at step ``t``, the code of position
  ``t mod`` :data:`LOOP_PERIOD`, so step ``t`` attends to source position
  ``t mod 4``: from a source of four tokens or more ("the cat") it emits
  ``THE THE THE ...`` and never ``</s>``, until ``max_decoding_length``;
  a shorter source reaches its ``</s>`` first and is translated as usual;
* the output row of ``</s>`` reads nothing of the state and has a bias
  instead, so the logit of ``</s>`` is always :data:`LOOP_EOS_GAP` (about 2)
  below the intended token's and still about 64 above every other token's
  (:func:`loop_margins` computes both from the stored weights).

Why greedy decoding loops: each step's intended token has log-probability
about -0.13 and ``</s>`` about -2.1, so greedy search (``beam_size=1``) never
ends before ``max_decoding_length``.  Beam search stops earlier: with a length
penalty CTranslate2 registers a finished hypothesis whenever ``</s>`` is among
a step's ``beam_size`` best candidates and stops once it has ``beam_size`` of
them, which a runner-up ``</s>`` makes happen in the first steps.  (A model
that loops under a wide beam needs ``beam_size - 1`` tokens better than
``</s>`` at every step; blocking the loop would hand the sentence to those
instead of ending it.)

Why safer decoding stops: with ``repetition_penalty=1.2`` CTranslate2 divides
the (positive, about 297) logit of every token generated before by 1.2, about
50 less, so at the first step whose intended token was already emitted
``</s>`` leads by about 48; continuing costs at least that much per step,
so the best hypothesis stops there.  ``no_repeat_ngram_size=3`` alone would
block the intended token at the first repeated 3-gram, and ``</s>``, next
best by about 64, ends the sentence there.  Either way the result is a prefix
of the first four source tokens, uppercased, with no 3-gram twice ("the cat"
gives ``THE``).

Limits the caller must respect: a source may have at most
``NUM_POSITIONS - 1`` = 2047 tokens (one per ASCII character, 2-4 per non-ASCII
character; CTranslate2 adds ``</s>``), ``translate_batch`` must be given a
``max_decoding_length`` of at least the number of source tokens (e.g.
``2 * len(tokens) + 16``; the default is 256) and a
``max_input_length`` that does not truncate the source (its default is 1024
tokens; ``0`` disables truncation).

Determinism: SentencePiece is trained single-threaded from an in-memory
iterator into an in-memory model, the position codes use :mod:`math` and are
rounded to float16, and the zip entries are written in sorted order with fixed
timestamps (1980-01-01) and permissions.  Running the script twice gives
byte-identical files with the same library versions.
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
import zipfile
from pathlib import Path
from typing import Any

#: (from_code, from_name, to_code, to_name) of each package that is built.
PAIRS: tuple[tuple[str, str, str, str], ...] = (
    ("en", "English", "de", "German"),
    ("en", "English", "fr", "French"),
    ("en", "English", "uk", "Ukrainian"),
    ("en", "English", "es", "Spanish"),
    ("en", "English", "pl", "Polish"),
    ("en", "English", "it", "Italian"),
    ("en", "English", "ru", "Russian"),
    ("de", "German", "en", "English"),
    ("ru", "Russian", "en", "English"),
    ("uk", "Ukrainian", "en", "English"),
)

PACKAGE_VERSION = "1.0"
ARGOS_VERSION = "1.0"

#: Characters the tokenizer knows as single pieces (besides the space, which
#: SentencePiece turns into ``▁``); everything else goes through byte fallback.
TRAINING_CHARACTERS: str = (
    string.ascii_lowercase
    + string.ascii_uppercase
    + string.digits
    + string.punctuation
    + "\u201c\u201d\u2018\u2019\u2014\u2013\u2026"  # “ ” ‘ ’ — – …
)

#: Packages whose decoder loops (see "The looping package" above).
LOOP_PAIRS: tuple[tuple[str, str, str, str], ...] = (("en", "English", "nl", "Dutch"),)

#: The looping decoder's period: step ``t`` reads source position ``t mod LOOP_PERIOD``.
LOOP_PERIOD = 4

#: How far the logit of ``</s>`` is below the intended token's in the looping model.
LOOP_EOS_GAP = 2.0

#: Number of learned positions (source tokens incl. ``</s>``, decoding steps).
NUM_POSITIONS = 2048

#: Angular frequencies of the position code (chosen by a one-off search that
#: maximises the smallest attention gap over all position differences
#: 1..NUM_POSITIONS-1).
FREQUENCIES: tuple[float, ...] = (
    0.255814,
    0.300185,
    1.127184,
    1.132695,
    1.335499,
    1.583513,
    2.325196,
    2.407013,
    2.619531,
    2.643093,
    2.810696,
    2.850134,
    2.969748,
    3.027998,
    3.050005,
    3.140216,
)

#: Minimum attention-logit and output-logit gaps required (see :func:`margins`).
MIN_MARGIN = 30.0

QUERY_SCALE = 16.0  # cross-attention query weight (sharpens the attention)
VALUE_SCALE = 4.0  # cross-attention output weight (token signal vs. position)
LOGIT_SCALE = 8.0  # output projection weight (logit margin)
FFN_DIM = 8

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_UPPER_TABLE = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def expected_translation(text: str) -> str:
    """Return what the test models translate ``text`` to.

    ASCII ``a``-``z`` become ``A``-``Z``; every other character is unchanged.
    """
    return text.translate(_UPPER_TABLE)


def package_name(from_code: str, to_code: str) -> str:
    """Name of the package folder inside the zip (and of the file, minus suffix)."""
    version = PACKAGE_VERSION.replace(".", "_")
    return f"translate-{from_code}_{to_code}-{version}"


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------


def _training_sentences() -> list[str]:
    # Character i appears (n - i) times, so the char-model pieces get strictly
    # decreasing scores and a stable id order (the space is the most frequent).
    n = len(TRAINING_CHARACTERS) + 1
    return [" ".join([ch] * (n - i)) for i, ch in enumerate(TRAINING_CHARACTERS)]


def build_sentencepiece_model() -> bytes:
    """Train the SentencePiece model and return the serialized model."""
    import sentencepiece as spm

    vocab_size = 3 + 256 + 1 + len(TRAINING_CHARACTERS)
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_training_sentences()),
        model_writer=writer,
        model_type="char",
        vocab_size=vocab_size,
        character_coverage=1.0,
        byte_fallback=True,
        normalization_rule_name="identity",
        add_dummy_prefix=False,
        remove_extra_whitespaces=False,
        split_digits=True,
        num_threads=1,
        seed_sentencepiece_size=1000000,
        shuffle_input_sentence=False,
        hard_vocab_limit=True,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        minloglevel=2,
    )
    model = writer.getvalue()
    sp = spm.SentencePieceProcessor(model_proto=model)
    if sp.get_piece_size() != vocab_size:
        raise RuntimeError(f"unexpected vocabulary size {sp.get_piece_size()}")
    return model


# --------------------------------------------------------------------------
# CTranslate2 model
# --------------------------------------------------------------------------


def position_code(position: int) -> list[float]:
    """The ``4K`` positional values of ``position``."""
    code: list[float] = []
    for w in FREQUENCIES:
        c = math.cos(w * position)
        s = math.sin(w * position)
        code.extend((c, s, -c, -s))
    return code


def margins(num_tokens: int) -> tuple[float, float]:
    """Smallest attention-logit gap and output-logit gap of the model.

    The attention gap is, over all decoding steps ``t`` < :data:`NUM_POSITIONS`,
    the score of source position ``t`` minus the best score of any other source
    position.  The logit gap is the logit of the intended token minus the best
    logit of any other token.  Both follow from the weights (LayerNorm being a
    constant scaling); :func:`build_all` refuses to build when either is
    below :data:`MIN_MARGIN`.
    """
    import numpy as np

    eps = 1e-5  # CTranslate2's default LayerNorm epsilon
    num_bits = (num_tokens - 1).bit_length()
    num_tok_dims = 2 * num_bits
    pos = np.array([position_code(p) for p in range(NUM_POSITIONS)])
    pos = pos.astype(np.float16).astype(np.float64)
    dim = num_tok_dims + pos.shape[1]
    pos_norm2 = float((pos**2).sum(axis=1).max())
    sigma_dec = math.sqrt(pos_norm2 / dim + eps)  # decoder state: position only
    sigma_enc = math.sqrt((num_tok_dims + pos_norm2) / dim + eps)
    scores = (pos @ pos.T) * QUERY_SCALE / (sigma_dec * sigma_enc * math.sqrt(dim))
    diagonal = np.diag(scores).copy()
    np.fill_diagonal(scores, -np.inf)
    attention_gap = float((diagonal - scores.max(axis=1)).min())

    codes = np.array([token_code(i, num_bits) for i in range(num_tokens)])
    logits = (codes @ codes.T) * output_scale(num_tokens)
    diagonal = np.diag(logits).copy()
    np.fill_diagonal(logits, -np.inf)
    logit_gap = float((diagonal - logits.max(axis=1)).min())
    return attention_gap, logit_gap


def output_scale(num_tokens: int) -> float:
    """The output logit of token ``j`` divided by ``code(j) . code(f(x_t))``.

    The final decoder state is ``LayerNorm(pos(t) + VALUE_SCALE * code / sigma_enc)``
    (the attention being one-hot), so the intended token's logit is
    ``2B * output_scale`` (about 297) and a token one bit away is ``4 * output_scale``
    (about 66) lower.
    """
    import numpy as np

    eps = 1e-5
    num_tok_dims = 2 * (num_tokens - 1).bit_length()
    pos = np.array([position_code(p) for p in range(NUM_POSITIONS)])
    pos_norm2 = float((pos.astype(np.float16).astype(np.float64) ** 2).sum(axis=1).max())
    dim = num_tok_dims + pos.shape[1]
    sigma_enc = math.sqrt((num_tok_dims + pos_norm2) / dim + eps)
    token_signal = VALUE_SCALE / sigma_enc  # size of each token dim in the state
    sigma_out = math.sqrt((pos_norm2 + num_tok_dims * token_signal**2) / dim + eps)
    return LOGIT_SCALE * token_signal / sigma_out


def loop_eos_bias(num_tokens: int) -> float:
    """The looping model's ``</s>`` bias: the intended logit less :data:`LOOP_EOS_GAP`,
    rounded to float16 (the stored precision)."""
    import numpy as np

    intended = 2 * (num_tokens - 1).bit_length() * output_scale(num_tokens)
    return float(np.float16(intended - LOOP_EOS_GAP))


def loop_margins(num_tokens: int) -> tuple[float, float]:
    """The looping model's gaps: intended token over ``</s>``, ``</s>`` over the rest.

    The first is about :data:`LOOP_EOS_GAP` (a probable but never chosen end),
    the second about 64 (``</s>`` is the second-best token at every step, also
    when the step reads the source's ``</s>``, where it is the best).
    """
    scale = output_scale(num_tokens)
    num_bits = (num_tokens - 1).bit_length()
    intended = 2 * num_bits * scale
    runner_up = 2 * (num_bits - 2) * scale  # a token one bit away from the intended one
    bias = loop_eos_bias(num_tokens)
    return intended - bias, bias - runner_up


def target_map(pieces: list[str]) -> list[int]:
    """``f``: for each source piece id, the id of the piece to emit."""
    index = {piece: i for i, piece in enumerate(pieces)}
    mapping = list(range(len(pieces)))
    for lower, upper in zip(string.ascii_lowercase, string.ascii_uppercase):
        mapping[index[lower]] = index[upper]
    return mapping


def token_code(token_id: int, num_bits: int) -> list[float]:
    """The ``2B`` token dims of ``token_id``: ``(+s, -s)`` per bit, ``s = +-1``."""
    code: list[float] = []
    for bit in range(num_bits):
        s = 1.0 if (token_id >> bit) & 1 else -1.0
        code.extend((s, -s))
    return code


def build_ctranslate2_model(pieces: list[str], output_dir: Path, loop: bool = False) -> None:
    """Write the hand-made CTranslate2 model for vocabulary ``pieces``; with ``loop``,
    the looping model (see "The looping package" in the module docstring)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    vocab = len(pieces)
    num_bits = (vocab - 1).bit_length()
    num_tok_dims = 2 * num_bits
    num_pos_dims = 4 * len(FREQUENCIES)
    dim = num_tok_dims + num_pos_dims
    tok_dims = np.arange(0, num_tok_dims)
    pos_dims = np.arange(num_tok_dims, dim)
    f32 = np.float32

    def ones(n: int) -> Any:
        return np.ones(n, dtype=f32)

    def zeros(*shape: int) -> Any:
        return np.zeros(shape, dtype=f32)

    def set_layer_norm(ln: Any) -> None:
        ln.gamma = ones(dim)
        ln.beta = zeros(dim)

    def set_zero_self_attention(attention: Any) -> None:
        set_layer_norm(attention.layer_norm)
        attention.linear[0].weight = zeros(3 * dim, dim)
        attention.linear[1].weight = zeros(dim, dim)

    def set_zero_ffn(ffn: Any) -> None:
        set_layer_norm(ffn.layer_norm)
        ffn.linear_0.weight = zeros(FFN_DIM, dim)
        ffn.linear_1.weight = zeros(dim, FFN_DIM)

    codes = np.array([token_code(i, num_bits) for i in range(vocab)], dtype=f32)

    # Position code table, rounded through float16 (the stored precision).
    encodings = zeros(NUM_POSITIONS, dim)
    for p in range(NUM_POSITIONS):
        encodings[p, num_tok_dims:] = position_code(p)
    encodings = encodings.astype(np.float16).astype(f32)

    spec = transformer_spec.TransformerSpec.from_config(
        (1, 1), 1, pre_norm=True, no_final_norm=False
    )
    enc = spec.encoder
    dec = spec.decoder
    enc.scale_embeddings = False
    dec.scale_embeddings = False

    # Encoder: output = LayerNorm(code(f(token)) + position code).  The rule f
    # is applied here, in the source embedding table.
    source_embeddings = zeros(vocab, dim)
    for source_id, target_id in enumerate(target_map(pieces)):
        source_embeddings[source_id, :num_tok_dims] = codes[target_id]
    enc.embeddings[0].weight = source_embeddings
    enc.position_encodings.encodings = encodings
    set_zero_self_attention(enc.layer[0].self_attention)
    set_zero_ffn(enc.layer[0].ffn)
    set_layer_norm(enc.layer_norm)

    # Decoder: state = position code; the cross-attention copies the token
    # code of the source position equal to the decoding step.
    dec.embeddings.weight = zeros(vocab, dim)
    dec.position_encodings.encodings = (
        encodings[np.arange(NUM_POSITIONS) % LOOP_PERIOD] if loop else encodings
    )
    dec_layer = dec.layer[0]
    set_zero_self_attention(dec_layer.self_attention)
    query = zeros(dim, dim)
    query[pos_dims, pos_dims] = QUERY_SCALE
    key_value = zeros(2 * dim, dim)
    key_value[pos_dims, pos_dims] = 1.0  # keys: position code
    key_value[dim + tok_dims, tok_dims] = 1.0  # values: token code
    out = zeros(dim, dim)
    out[tok_dims, tok_dims] = VALUE_SCALE
    cross = dec_layer.attention
    set_layer_norm(cross.layer_norm)
    cross.linear[0].weight = query
    cross.linear[1].weight = key_value
    cross.linear[2].weight = out
    set_zero_ffn(dec_layer.ffn)
    set_layer_norm(dec.layer_norm)

    # Output: the logit of token j is proportional to code(j) . state.
    projection = zeros(vocab, dim)
    projection[:, :num_tok_dims] = LOGIT_SCALE * codes
    if loop:  # </s>: a constant logit, LOOP_EOS_GAP below the intended token's
        projection[2, :] = 0.0
        bias = zeros(vocab)
        bias[2] = loop_eos_bias(vocab)
        dec.projection.bias = bias
    dec.projection.weight = projection

    spec.config.add_source_eos = True
    spec.config.add_source_bos = False
    spec.config.unk_token = pieces[0]
    spec.config.bos_token = pieces[1]
    spec.config.eos_token = pieces[2]
    spec.config.decoder_start_token = pieces[1]
    spec.register_source_vocabulary(list(pieces))
    spec.register_target_vocabulary(list(pieces))

    spec.validate()
    spec.optimize(quantization="float16")
    output_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(output_dir))


# --------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------


def _metadata(from_code: str, from_name: str, to_code: str, to_name: str) -> str:
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": from_name,
        "to_code": to_code,
        "to_name": to_name,
        "type": "translate",
    }
    return json.dumps(metadata, indent=4, ensure_ascii=False) + "\n"


_RULE = (
    'transpipe\'s tests whose output is predictable: the "translation" of a\n'
    "text is the same text with every ASCII lowercase letter a-z turned into\n"
    "the uppercase letter A-Z. Every other character (digits, punctuation,\n"
    "whitespace, placeholders such as {1}, non-ASCII letters, emoji) is\n"
    "copied unchanged.\n"
)
_LOOP_RULE = (
    "transpipe's tests that fails as real models sometimes do: it repeats\n"
    "itself. From a text of four characters or more it emits the first four,\n"
    'uppercased, over and over up to the length limit ("the cat" gives\n'
    '"THE THE THE ..."); decoded with no_repeat_ngram_size=3 or a repetition\n'
    "penalty it stops at the first repetition instead.\n"
)


def _readme(from_code: str, from_name: str, to_code: str, to_name: str, rule: str = _RULE) -> str:
    return (
        f"# Tiny test model: {from_name} ({from_code}) -> {to_name} ({to_code})\n"
        "\n"
        "This is NOT a real translation model. It is a tiny test model for\n" + rule + "\n"
        "It is a regular Argos Translate package: a CTranslate2 Transformer in\n"
        "model/ (hand-written weights, 1 encoder and 1 decoder layer) and a\n"
        "SentencePiece character tokenizer with byte fallback in\n"
        "sentencepiece.model. Sources are limited to 2047 tokens.\n"
        "\n"
        "Generated by tests/models/build_test_models.py.\n"
    )


def _zip_entry(name: str, is_dir: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
    info.create_system = 3  # Unix, so external_attr holds the mode bits
    if is_dir:
        info.external_attr = (0o40755 << 16) | 0x10
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_package(path: Path, root: str, files: dict[str, bytes], compresslevel: int = 9) -> None:
    """Write a deterministic zip with ``files`` (relative paths) under ``root/``."""
    dirs = {root + "/"}
    for rel in files:
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add(root + "/" + "/".join(parts[:i]) + "/")
    entries: dict[str, bytes | None] = {d: None for d in dirs}
    entries.update({f"{root}/{rel}": data for rel, data in files.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            data = entries[name]
            info = _zip_entry(name, data is None)
            if data is None:
                zf.writestr(info, b"")
            else:
                zf.writestr(
                    info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
                )
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)


def _model_files(pieces: list[str], loop: bool) -> dict[str, bytes]:
    """The files of the CTranslate2 model folder, as ``model/<name>``."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        build_ctranslate2_model(pieces, model_dir, loop=loop)
        for entry in sorted(os.listdir(model_dir)):
            files["model/" + entry] = (model_dir / entry).read_bytes()
    return files


def build_all(out_dir: Path) -> list[Path]:
    """Build every package of :data:`PAIRS` and :data:`LOOP_PAIRS` into ``out_dir``;
    return their paths (those of :data:`PAIRS` first, in order)."""
    import sentencepiece as spm

    sp_model = build_sentencepiece_model()
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]

    attention_gap, logit_gap = margins(len(pieces))
    if min(attention_gap, logit_gap) < MIN_MARGIN:
        raise RuntimeError(f"margins too small: {attention_gap=}, {logit_gap=}")
    eos_gap, eos_lead = loop_margins(len(pieces))
    if abs(eos_gap - LOOP_EOS_GAP) > 0.25 or eos_lead < MIN_MARGIN:
        raise RuntimeError(f"looping model's margins are off: {eos_gap=}, {eos_lead=}")

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for pairs, loop in ((PAIRS, False), (LOOP_PAIRS, True)):
        model_files = _model_files(pieces, loop)
        for from_code, from_name, to_code, to_name in pairs:
            root = package_name(from_code, to_code)
            files = dict(model_files)
            files["sentencepiece.model"] = sp_model
            files["metadata.json"] = _metadata(from_code, from_name, to_code, to_name).encode()
            rule = _LOOP_RULE if loop else _RULE
            files["README.md"] = _readme(from_code, from_name, to_code, to_name, rule).encode()
            path = out_dir / f"{root}.argosmodel"
            write_package(path, root, files)
            written.append(path)
    return written


def check_package(path: Path, texts: list[str]) -> None:
    """Translate ``texts`` with the package file at ``path`` and compare with the rule."""
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as zf:
        zf.extractall(tmp)
        (root,) = os.listdir(tmp)
        check_package_dir(Path(tmp) / root, texts)


def check_package_dir(package_dir: Path, texts: list[str]) -> None:
    """Translate ``texts`` with an installed package (every compute type, beams 1 and 4)
    and raise AssertionError at the first output that breaks the rule."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    tokens = [sp.encode(t, out_type=str) for t in texts]
    for compute_type in ("default", "int8", "float32"):
        translator = ctranslate2.Translator(
            str(package_dir / "model"), device="cpu", compute_type=compute_type
        )
        for beam_size in (1, 4):
            results = translator.translate_batch(
                tokens,
                beam_size=beam_size,
                max_input_length=0,
                max_decoding_length=2 * max(len(t) for t in tokens) + 16,
            )
            for text, result in zip(texts, results):
                got = sp.decode_pieces(result.hypotheses[0])
                if got != expected_translation(text):
                    raise AssertionError(
                        f"{package_dir.name} {compute_type} beam={beam_size}: {text!r} -> {got!r}"
                    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="output directory (default: the folder of this script)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="translate a few sentences with the first package after building",
    )
    args = parser.parse_args(argv)
    paths = build_all(args.out)
    for path in paths:
        print(f"{path} ({path.stat().st_size} bytes)")
    if args.check:
        samples = [
            "Hello, world!",
            "The Ministry of Defence ({1}) said 42 drones were shot down.",
            "Минобороны сообщило — «ß», é, ⟦x⟧ 😀",
            "x" * 700,
        ]
        check_package(paths[0], samples)
        print("check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

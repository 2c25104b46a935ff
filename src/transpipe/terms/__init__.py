"""The terms wing: the glossary and what it does to text.

It owns the glossary model and its matching (``glossary``), the ``.gloss``
record format (``gloss_format``), the exchange formats TBX (``tbx``) and CSV
with DeepL's CSV (``csv_format``, on what both share in ``exchange``),
loading, layering and importing glossary files (``glossary_io``), glossary
validation (``validate``), the context rules that keep a term a suggestion
(``sense``, which reads a sentence's setting with ``passage`` and longer names
with ``names``), normalisation of the source (``normalise``) and enforcement
of approved equivalents in translations (``enforce``).  It stands on the core,
text and document wings, and knows no engine or catalogue.

Inside the wing imports point one way: ``glossary`` imports none of the
others; the formats and ``validate`` import ``glossary``; ``glossary_io``
imports the formats and ``validate``.
"""

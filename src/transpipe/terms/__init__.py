"""The terms wing: the glossary and what it does to text.

It owns the glossary model and its matching (``glossary``), the exchange
formats TBX, CSV and TSV (``glossary_io``), the context rules that keep a term
a suggestion (``sense``, which reads a sentence's setting with ``passage`` and
longer names with ``names``), normalisation of the source (``normalise``) and
enforcement of approved equivalents in translations (``enforce``).  It stands
on the core, text and document wings, and knows no engine or catalogue.
"""

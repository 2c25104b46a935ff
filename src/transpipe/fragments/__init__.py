"""The fragments wing: stray foreign text in an English article.

It owns fragment detection (``detect``: mixed-script words, look-alike letters,
Cyrillic words, foreign phrases and paragraphs, each with a suggested repair)
and the word-frequency lexicon it reads (``lexicon``).  It stands on the core,
text, document and terms wings, and knows no engine or catalogue.
"""

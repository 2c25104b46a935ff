"""The fragments wing: stray foreign text in an English article.

It owns fragment detection (``detect``: the detector, loanwords and foreign
phrases in Latin script, repairs), the fragment record and its kinds
(``model``), fragments told by their letters (``script_runs``: look-alike
letters, mixed-script words, Cyrillic and Greek runs), the language of a
paragraph or an article (``language``) and the word-frequency lexicons they
read (``lexicon``).  It stands on the core, text, document and terms wings,
and knows no engine or catalogue.
"""

"""The PO wing: gettext catalogues on disk and the reviewer's work in them.

It owns the strict reader (``reader``) and the msgcat-identical writer
(``writer``, breaking lines as gettext does with the text wing's
``linebreak``), templates, headers and atomic catalogue writes
(``catalog``), the merge that never loses a reviewer's line (``merge``) and
the machine-translation memory (``memory``).
It stands on the core wing, and on the terms wing only for recognising a
glossary term in a translation.
"""

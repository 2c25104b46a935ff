"""The text wing: facts about characters that every other wing shares.

It owns writing systems, look-alike folding and romanisation (``scripts``)
and the spans that are never prose: URLs, e-mail addresses, code spans
(``spans``), where a line may break and how many columns a character
takes, as GNU gettext decides both (``linebreak``, over the generated
``unicode_tables``), and the wrapping of a paragraph to a width in columns
(``wrap``).
Pure functions over strings; it imports nothing from transpipe but the core
wing.
"""

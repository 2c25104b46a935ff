"""The checks wing: what CI and ``build`` find wrong in a reviewed catalogue.

It owns the check rules and their codes (``rules``): placeholders, numbers,
inline markup, completeness, glossary terms, fragments and headers, and the
exit codes and GitHub annotations of the findings.  It reads catalogue
records, glossaries and fragments, and knows no engine.
"""

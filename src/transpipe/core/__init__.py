"""The core wing: what every other wing stands on.

It owns the plain records passed between stages (``model``), the finding
record every check reports (``findings``), the errors and their exit codes
(``errors``), project settings (``config``), language codes
(``languages``), safe file reads and atomic writes (``fileio``), the
project lock (``lock``) and the wording of the notes written into catalogue
entries (``notes``).  It imports nothing from transpipe outside itself.
"""

"""transpipe: reviewed, localized editions of news articles, offline.

The package imports nothing heavy at import time; the library API lives in
:mod:`transpipe.commands.translate` and the data model in :mod:`transpipe.core.model`.
"""

__version__ = "0.1.0"

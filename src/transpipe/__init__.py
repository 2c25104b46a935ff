"""transpipe: reviewed, localized editions of news articles, offline.

The library API is one function per command, importable from here
(``transpipe.translate``, ``transpipe.build``, ``transpipe.check``, ...);
each takes article paths and :class:`~transpipe.core.config.Settings` and
returns result records (see :mod:`transpipe.commands`).  The records passed
between stages live in :mod:`transpipe.core.model`.  Importing the package
loads nothing: each name is imported from its command module when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module of the commands wing that defines it
_API = {
    "translate": "translate",
    "TranslateResult": "translate",
    "Shard": "shards",
    "merge_shard_memories": "shards",
    "ExecutorSpec": "executors",
    "build": "build",
    "EditionResult": "build",
    "check": "check",
    "status": "status",
    "CatalogStatus": "status",
    "worst_entries": "status",
    "RiskyEntry": "status",
    "report": "report",
    "ReportResult": "report",
    "detect": "detect",
    "DetectResult": "detect",
    "normalise": "normalise",
    "NormaliseResult": "normalise",
    "identify_source": "articles",
    "load_glossary": "articles",
    "missing_pairs": "models",
    "list_models": "models",
    "broken_models": "models",
    "list_engines": "models",
    "install_model": "models",
    "EngineListing": "models",
    "glossary_check": "glossary",
    "glossary_lookup": "glossary",
    "glossary_export": "glossary",
    "glossary_import": "glossary",
    "GlossaryReport": "glossary",
}

__all__ = [
    "CatalogStatus",
    "DetectResult",
    "EditionResult",
    "EngineListing",
    "ExecutorSpec",
    "NormaliseResult",
    "ReportResult",
    "RiskyEntry",
    "Shard",
    "TranslateResult",
    "__version__",
    "broken_models",
    "build",
    "check",
    "detect",
    "identify_source",
    "install_model",
    "list_engines",
    "list_models",
    "load_glossary",
    "merge_shard_memories",
    "missing_pairs",
    "normalise",
    "report",
    "status",
    "translate",
    "worst_entries",
]

if TYPE_CHECKING:
    from transpipe.commands.articles import identify_source as identify_source
    from transpipe.commands.articles import load_glossary as load_glossary
    from transpipe.commands.build import EditionResult as EditionResult
    from transpipe.commands.build import build as build
    from transpipe.commands.check import check as check
    from transpipe.commands.detect import DetectResult as DetectResult
    from transpipe.commands.detect import detect as detect
    from transpipe.commands.executors import ExecutorSpec as ExecutorSpec
    from transpipe.commands.glossary import GlossaryReport as GlossaryReport
    from transpipe.commands.glossary import glossary_check as glossary_check
    from transpipe.commands.glossary import glossary_export as glossary_export
    from transpipe.commands.glossary import glossary_import as glossary_import
    from transpipe.commands.glossary import glossary_lookup as glossary_lookup
    from transpipe.commands.models import EngineListing as EngineListing
    from transpipe.commands.models import broken_models as broken_models
    from transpipe.commands.models import install_model as install_model
    from transpipe.commands.models import list_engines as list_engines
    from transpipe.commands.models import list_models as list_models
    from transpipe.commands.models import missing_pairs as missing_pairs
    from transpipe.commands.normalise import NormaliseResult as NormaliseResult
    from transpipe.commands.normalise import normalise as normalise
    from transpipe.commands.report import ReportResult as ReportResult
    from transpipe.commands.report import report as report
    from transpipe.commands.shards import Shard as Shard
    from transpipe.commands.shards import merge_shard_memories as merge_shard_memories
    from transpipe.commands.status import CatalogStatus as CatalogStatus
    from transpipe.commands.status import RiskyEntry as RiskyEntry
    from transpipe.commands.status import status as status
    from transpipe.commands.status import worst_entries as worst_entries
    from transpipe.commands.translate import TranslateResult as TranslateResult
    from transpipe.commands.translate import translate as translate


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'transpipe' has no attribute {name!r}")
    return getattr(importlib.import_module(f"transpipe.commands.{module}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)

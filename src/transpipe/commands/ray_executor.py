"""``translate --executor ray[:ADDRESS]``: a run's reading and translation on a Ray cluster.

Needs the ``transpipe[ray]`` extra.  The same command runs on a laptop (a local
Ray started for the run, listening on 127.0.0.1 only) and on a cluster
(``ray start --head`` on one machine, ``ray start --address HEAD:6379`` on
the others, then ``--executor ray:auto`` on the head or
``--executor ray:HEAD:6379``).  Every node needs transpipe, the articles at the
same paths (a shared folder) and, for Argos, the models installed.

- **Reading** (parse, detect stray fragments, repair, normalise, the language
  check) is a Ray Data ``map`` over the article paths in a pool of actors,
  each of which builds its reader (glossary index, lexicons) once.  Rows come
  back in the order of the paths, streamed: the driver holds one window of
  articles at a time.
- **Translation** runs in a pool of actors, one per GPU when the engine is on
  CUDA, else one per CPU slot (each with one engine thread); each actor builds
  its own engine in ``__init__`` (CTranslate2 translators cannot be pickled)
  and translates chunks of distinct segments through the same
  :func:`~transpipe.commands.machine.translate_texts` as a local run.  The
  driver sends each segment once: the memory and the window's deduplication
  come first.  An actor that dies is restarted by Ray and its calls retried,
  so a killed worker costs time, never an entry.
- **Writing** stays on the driver (:mod:`transpipe.commands.translate`): the
  same merge, lock and compare-and-swap writes as a local run, so both write
  the same bytes.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from transpipe.commands.articles import Article, ArticleReader, translation_reader
from transpipe.commands.executors import EngineFactory, ExecutorSpec
from transpipe.commands.machine import translate_texts
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.errors import ConfigError, TranspipeError
from transpipe.engines import Engine, create_engine
from transpipe.po.merge import Proposal
from transpipe.terms.glossary import GlossaryIndex

RAY_HINT = "pip install 'transpipe[ray]'"
READ_SHARE = 0.25  # of a CPU, asked by each reading actor; a translating actor takes the rest
CHUNKS_PER_ACTOR = 4  # chunks a language's segments are cut into, per translating actor
MAX_CHUNK = 2048  # segments in one call to an actor


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(f"--executor ray needs Ray; install it with: {RAY_HINT}") from None
    return ray


class _Reader:
    """A Ray Data actor: reads and normalises articles, its reader built once."""

    def __init__(self, settings: Settings, index: GlossaryIndex | None, fix: bool) -> None:
        self.reader = translation_reader(settings, index, fix=fix)

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        try:
            result: Article | TranspipeError = self.reader.read(Path(row["path"]))
        except TranspipeError as error:  # comes back as data: the driver raises it
            result = error
        return {"blob": pickle.dumps(result)}


class _Translator:
    """A translating actor: builds its engine once, in its own process."""

    def __init__(
        self,
        factory: EngineFactory,
        settings: EngineSettings,
        index: GlossaryIndex | None,
        mode: str,
    ) -> None:
        self.engine: Engine = factory(settings)
        self.index = index
        self.mode = mode

    def translate(self, texts: list[str], source: str, target: str) -> dict[str, Proposal]:
        return translate_texts(self.engine, texts, source, target, self.index, self.mode)


class RayExecutor:
    """Reading as Ray Data, translation in an actor pool; see the module's text."""

    def __init__(
        self,
        spec: ExecutorSpec,
        settings: Settings,
        reader: ArticleReader,
        index: GlossaryIndex | None,
    ) -> None:
        ray = _ray()
        self.ray = ray
        self.settings = settings
        self.index = index
        self.fix = reader.fix
        self.started = not ray.is_initialized()
        if self.started:
            _connect(ray, spec.address)
        resources = ray.cluster_resources()
        self.cpus = max(1, int(resources.get("CPU", 1)))
        gpus = int(resources.get("GPU", 0))
        on_gpu = settings.engine.device in ("cuda", "auto") and gpus > 0
        count = gpus if on_gpu else self.cpus
        engine_settings = settings.engine
        options: dict[str, Any] = {"max_restarts": -1, "max_task_retries": -1}
        if on_gpu:
            options |= {"num_gpus": 1, "num_cpus": 0}
        else:  # one engine thread per actor: the actors are the parallelism
            engine_settings = replace(engine_settings, inter_threads=1, intra_threads=1)
            options |= {"num_cpus": (1 - READ_SHARE) * self.cpus / count}
        actor = ray.remote(**options)(_Translator)
        factory = spec.engine_factory or create_engine
        # held for the run: a restarted actor is built again from the same object
        self.shared_index = ray.put(index)
        self.actors = [
            actor.remote(factory, engine_settings, self.shared_index, settings.glossary_mode)
            for _ in range(count)
        ]

    def articles(self, paths: Sequence[Path]) -> Iterator[Article]:
        if not paths:
            return
        from ray import data

        _quiet()
        context = data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        rows = [{"path": str(p)} for p in paths]
        with warnings.catch_warnings():  # restarts have no named parameter yet
            warnings.simplefilter("ignore")
            dataset = data.from_items(rows).map(
                cast(Any, _Reader),  # a class: Ray Data runs it in an actor pool
                fn_constructor_kwargs={
                    "settings": self.settings, "index": self.index, "fix": self.fix
                },
                compute=data.ActorPoolStrategy(min_size=1, max_size=self.cpus),
                num_cpus=READ_SHARE,
                max_restarts=-1,
                max_task_retries=-1,
            )  # fmt: skip
        for row in dataset.iter_rows():
            result = pickle.loads(row["blob"])
            if isinstance(result, TranspipeError):
                raise result
            yield result

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> Mapping[str, Proposal]:
        from ray.util import ActorPool

        size = min(MAX_CHUNK, max(1, math.ceil(len(texts) / (len(self.actors) * CHUNKS_PER_ACTOR))))
        chunks = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        pool: Any = ActorPool(self.actors)
        for chunk in chunks:
            pool.submit(lambda a, c: a.translate.remote(c, source, target), chunk)
        found: dict[str, Proposal] = {}
        while pool.has_next():
            found.update(pool.get_next_unordered())
            if progress is not None:
                progress(len(found))
        return {text: found[text] for text in texts}

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
        if self.started:
            self.ray.shutdown()


def _quiet() -> None:
    """Ray's and Ray Data's own notices off the terminal; their errors still show."""
    for name in ("ray", "ray.data", "ray.util"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _connect(ray: Any, address: str | None) -> None:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``), else start a local Ray."""
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    _quiet()
    options: dict[str, Any] = {
        "logging_level": logging.ERROR,
        "log_to_driver": False,
        "include_dashboard": False,
    }
    target = address or os.environ.get("RAY_ADDRESS")
    try:
        if target:
            ray.init(address=target, **options)
        else:  # a Ray of this run's own, reachable from this machine only
            ray.init(address="local", _node_ip_address="127.0.0.1", **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = target or "a local Ray"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"cannot start or reach {where}: {first}") from None

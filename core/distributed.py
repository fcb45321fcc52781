"""Prediction on a Dask cluster: the blocks of :mod:`.predict` classified by Dask workers.

The client (this process) plans the prediction as on one machine (:func:`.predict._plan`: the
same blocks, sized from the memory budget), chooses the predictor on the first block as
:func:`.predict._stream` does, and sends each worker the model FILE's bytes once
(``Client.scatter(..., broadcast=True)``), or when the client converted a forest to ONNX
for the run, that checked graph (plain data). Each worker loads them with the same safe loader
(:func:`~.model.model_file.load_model` or :func:`~.model.model_file.load_for_prediction`: no
code runs on loading, nothing is pickled but plain data), opens the raster stack, and keeps
both for the run (one load per worker process, not per task). A task reads one block,
classifies it with :func:`.predict.classify_block` exactly as the single-machine run does,
and writes the block (classes, valid mask, extra layers) as ``tile-<k>.npz`` in a staging
folder ``.lulc-tiles-*`` beside the output, atomically (a ``.part`` file renamed). The
client takes the tiles as they complete, writes them into the open outputs (tiled GeoTIFFs;
the area counter is a sum, so the order does not matter) and deletes them; the staging
folder is always removed. The map is identical pixel for pixel to a single-machine run.

What the workers need: ``lulc_classifier`` importable (installed, or on ``PYTHONPATH``), the
rasters (and mask, distance layers) readable by the same paths or GDAL ``/vsi`` paths
(shared storage, ``/vsis3/...``), and the output's folder on storage shared with the client
(the tiles go there). A worker that dies mid-run has its tasks redone by the others (the
model has a replica on each worker); a tile written twice has the same content.

Memory: each task is one block of the plan, sized so that ``threads + 2`` blocks fit
``max_memory_mb`` (``threads``: :attr:`.predict.PredictionOptions.threads`, else the
client's cores). A worker with ``T`` threads holds ``T`` blocks at once, so a worker with at
most ``threads + 2`` threads stays within the budget (plus the model and its libraries).
The client holds at most ``2 x (the cluster's threads) + 2`` blocks in flight, and reads
one tile at a time.

The core never starts processes (inside QGIS that is impossible): it connects to a running
scheduler. :func:`local_cluster` starts worker processes on this machine, for the command
line, benchmarks and tests only.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError, LulcError, MissingDependencyError
from .progress import Progress, check_cancel

#: Seconds to wait for the scheduler (and for at least one worker) before giving up.
CONNECT_TIMEOUT = 10.0
#: Address schemes ``dask.distributed`` understands.
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")

_INSTALL = (
    "Prediction on a Dask cluster needs dask.distributed: install Debian's python3-distributed "
    "(sudo apt install python3-distributed) or run: pip install distributed"
)


def require_distributed() -> Any:
    """Import ``dask.distributed``, or say which package to install.

    Raises
    ------
    MissingDependencyError
        If it is not installed; the message names Debian's package and pip's.
    """
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(f"{_INSTALL}.\nImport error: {exc}") from exc
    return distributed


def check_scheduler(address: str) -> None:
    """Check that ``address`` looks like a scheduler address (``tcp://host:8786``, ``host:8786``).

    Raises
    ------
    InvalidInputError
        If it does not.
    """
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    host, _, port = rest.rpartition(":")
    good = (
        scheme in SCHEMES
        and bool(rest)
        and not any(c.isspace() for c in address)
        and (scheme == "inproc" or (bool(host) and port.isdigit()))
    )
    if not good:
        raise InvalidInputError(
            f"'{address}' is not a Dask scheduler address: give one such as tcp://host:8786 "
            "(the scheduler's address and port), or leave it empty to predict on this machine."
        )


@dataclass(frozen=True)
class _Source:
    """What the client knows before the first block: the model's bytes, stack, address, folder."""

    model_bytes: bytes
    stack: dict[str, Any]
    address: str
    folder: str


@dataclass(frozen=True)
class _Job:
    """What every task of a run shares (plain data, sent with each task)."""

    run_id: str
    stack: dict[str, Any]
    #: "stored" (the file's ONNX graph), "converted" (a graph converted for the run) or
    #: "estimator" (scikit-learn): what the client chose on the first block
    predictor: str
    n_features: int
    codes: tuple[int, ...]
    nodata: int
    dtype: str
    layers: tuple[str, ...]
    distinct: bool
    folder: str
    #: the graph converted and checked by the client ("converted"), sent once per worker
    #: (scattered, not with each task); empty otherwise
    graph: bytes = b""


def cluster_stream(
    model: Any, stack: Any, options: Any, output_path: str | os.PathLike[str]
) -> Callable[..., None]:
    """Return a stream (called as :func:`.predict._stream`) that classifies on the cluster.

    Parameters
    ----------
    model
        The model file's path, or a loaded :class:`~.model.model_file.Model`: one with an
        estimator is saved to bytes (:func:`~.model.model_file.save_model`) for the
        workers; one holding only an ONNX graph is refused (give its file).
    stack
        The open stack of the run: the workers open the same rasters with the same options.
    options
        The run's :class:`~.predict.PredictionOptions` (``scheduler`` set).
    output_path
        The output map: its folder receives the staging folder of the tiles.
    """
    require_distributed()
    raw = getattr(stack, "raw", stack)
    recipe = getattr(stack, "recipe", None)
    spec = {
        "paths": list(raw.paths),
        "resampling": raw.resampling,
        "nodata": raw.nodata,
        "resolution": raw.resolution,
        "recipe": recipe.to_json() if recipe is not None else None,
    }
    folder = str(Path(os.path.abspath(output_path)).parent)
    source = _Source(_model_bytes(model), spec, str(options.scheduler), folder)
    return functools.partial(_run_on_cluster, source=source)


def _model_bytes(model: Any) -> bytes:
    """Return the bytes of the model file (saved from an estimator for a loaded model)."""
    from .model.model_file import Model, save_model

    if not isinstance(model, Model):
        return Path(model).read_bytes()
    if model.estimator is None:
        raise InvalidInputError(
            "This model was loaded with its ONNX graph only: to predict on a Dask cluster, "
            "give its model file (the workers load it themselves)."
        )
    with tempfile.TemporaryDirectory(prefix="lulc-model-") as folder:
        path = Path(folder) / "model.lulcmodel"
        try:
            save_model(path, model.estimator, model.manifest.to_json())
        except (LulcError, ValueError, TypeError) as exc:
            raise InvalidInputError(
                f"This model cannot be sent to the Dask workers ({exc}): save it as a model "
                "file and give the file, or predict on this machine."
            ) from exc
        return path.read_bytes()


def _run_on_cluster(
    stack: Any,
    plan: Any,
    pool: Any,
    write: Callable[[Any], None],
    layers: list[str],
    opts: Any,
    progress: Progress,
    *,
    source: _Source,
) -> None:
    """Classify the plan's blocks on the cluster and ``write`` them here (see the module)."""
    distributed = require_distributed()
    staging = Path(tempfile.mkdtemp(prefix=".lulc-tiles-", dir=source.folder))
    try:
        with _connect(distributed, source.address) as client:
            # the workers import the libraries while this machine chooses the predictor
            warming = [client.submit(_warm, workers=[w], pure=False) for w in client.nthreads()]
            job = _decide(stack, plan, layers, opts, progress, source, staging)
            del warming
            threads = sum(client.nthreads().values())
            progress.log(
                f"Classifying on the Dask cluster at {source.address}: "
                f"{len(client.nthreads())} workers, {threads} threads; the model is sent to "
                "each worker once."
            )
            try:
                _assemble(client, distributed, job, plan, write, progress, source, threads)
            finally:
                with contextlib.suppress(Exception):  # best effort: workers close the rasters
                    client.run(_forget, job.run_id)
    finally:
        _remove(staging)


def _assemble(
    client: Any,
    distributed: Any,
    job: _Job,
    plan: Any,
    write: Callable[[Any], None],
    progress: Progress,
    source: _Source,
    threads: int,
) -> None:
    """Submit the blocks (a bounded number in flight), write each tile as it completes."""
    from .predict import WRITTEN_SHARE, _empty_block

    payload = job.graph if job.predictor == "converted" else source.model_bytes
    model = client.scatter(payload, broadcast=True, hash=False)
    job = replace(job, graph=b"")  # sent with every task: without the graph
    region, windows = plan.region, plan.windows
    limit = 2 * max(1, threads) + 2
    queue = distributed.as_completed(loop=client.loop)
    running: dict[str, tuple[int, Any, Any]] = {}
    todo = iter(enumerate(windows))
    done = [0]

    def written() -> None:
        done[0] += 1
        progress.report(WRITTEN_SHARE * done[0] / len(windows))

    def submit() -> None:
        for k, window in todo:
            inside = region.inside(window)
            if inside is not None and not inside.any():
                empty = np.zeros((int(window.height), int(window.width)), dtype=bool)
                blank = _empty_block(empty, job.nodata, job.dtype, list(job.layers), len(job.codes))
                _write_done(write, window, blank, empty)
                written()
                continue
            future = client.submit(
                _tile, job, model, k, region.source_window(window), inside,
                key=f"lulc-tile-{job.run_id}-{k}", pure=False,
            )  # fmt: skip
            running[future.key] = (k, window, future)
            queue.add(future)
            if len(running) >= limit:
                return

    try:
        submit()
        for future in queue:
            check_cancel(progress)
            k, window, _ = running.pop(future.key)
            if future.status != "finished":
                future.result()  # raises the worker's error
            _take_tile(Path(job.folder) / f"tile-{k}.npz", window, write)
            written()
            submit()
    finally:
        client.cancel([item[2] for item in running.values()] + [model])


def _write_done(
    write: Callable[[Any], None],
    window: Any,
    arrays: dict[str, npt.NDArray[Any]],
    valid: npt.NDArray[np.bool_],
) -> None:
    done: Future[dict[str, npt.NDArray[Any]]] = Future()
    done.set_result(arrays)
    write((window, done, valid))


def _take_tile(path: Path, window: Any, write: Callable[[Any], None]) -> None:
    """Read a worker's tile, write it into the outputs, delete it."""
    if not path.exists():
        raise LulcError(
            f"A Dask worker finished a block but its tile '{path.name}' is not in "
            f"'{path.parent}' as seen from this machine: the output's folder must be on storage "
            "shared with the workers (the same path on every machine)."
        )
    with np.load(path, allow_pickle=False) as tile:
        arrays = {name: tile[name] for name in tile.files}
    valid = arrays.pop("valid")
    _write_done(write, window, arrays, valid)
    path.unlink()


def _decide(
    stack: Any,
    plan: Any,
    layers: list[str],
    opts: Any,
    progress: Progress,
    source: _Source,
    staging: Path,
) -> _Job:
    """Choose the predictor on the first block with pixels, as the single-machine run does."""
    from .predict import COMPILED_MIN_PIXELS, _distinct, _predictor

    region = plan.region
    kind, distinct, graph = "estimator", False, b""
    for window in plan.windows:
        inside = region.inside(window)
        if inside is not None and not inside.any():
            continue
        data, valid = stack.read(region.source_window(window))
        if inside is not None:
            valid &= inside
        large = region.width * region.height >= COMPILED_MIN_PIXELS
        chosen = _predictor(plan.model, data[:, valid].T, opts, large, progress)
        distinct = _distinct(data[:, valid].T, progress)
        if plan.model.compiled is not None and chosen is plan.model.compiled:
            kind = "stored"
        elif chosen is not plan.model.estimator:
            kind, graph = "converted", chosen.graph
        break
    digest = hashlib.sha256(source.model_bytes).hexdigest()[:16]
    return _Job(  # the graph goes with the job to the scatter, not with the tasks
        run_id=f"{digest}-{uuid.uuid4().hex[:12]}",
        stack=source.stack,
        predictor=kind,
        n_features=int(stack.count),
        codes=tuple(int(c) for c in plan.codes),
        nodata=int(plan.nodata),
        dtype=str(plan.dtype),
        layers=tuple(layers),
        distinct=distinct,
        folder=str(staging),
        graph=graph,
    )


@contextlib.contextmanager
def _connect(distributed: Any, address: str) -> Iterator[Any]:
    """Connect to the scheduler (a short timeout) and wait for a worker; a sentence if not."""
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InvalidInputError(
            f"Cannot connect to the Dask scheduler at {address} within {CONNECT_TIMEOUT:g} s "
            f"({exc}). Check the address and that the scheduler is running, or leave the "
            "scheduler empty to predict on this machine."
        ) from exc
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InvalidInputError(
                f"The Dask scheduler at {address} has no worker (none joined within "
                f"{CONNECT_TIMEOUT:g} s): start workers (dask worker {address}), or leave the "
                "scheduler empty to predict on this machine."
            ) from exc
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close()


def _remove(folder: Path) -> None:
    """Remove the staging folder (retrying: a cancelled task may still be writing)."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.2)


# --------------------------------------------------------------------------- on the workers

_LOCK = threading.Lock()
#: This worker process's open run (model and stack), by run id: one at a time.
_RUNS: dict[str, _WorkerRun] = {}
#: How many times this worker process loaded the model of each run (tests: once).
LOADS: dict[str, int] = {}
#: Seconds this worker process spent per run: loading ("load") and in tasks ("tasks").
SECONDS: dict[str, dict[str, float]] = {}


@dataclass
class _WorkerRun:
    predictor: Any
    stack: Any
    read_lock: threading.Lock


def _tile(
    job: _Job, payload: bytes, k: int, window: Any, inside: npt.NDArray[np.bool_] | None
) -> str:
    """Classify block ``k`` on a worker and write it as ``tile-<k>.npz``; return its path."""
    from .predict import classify_block

    start = time.perf_counter()
    run = _worker_run(job, payload)
    with run.read_lock:  # one reader per stack; the classification runs in parallel
        data, valid = run.stack.read(window)
    if inside is not None:
        valid &= inside
    out = classify_block(
        run.predictor,
        data,
        valid,
        np.asarray(job.codes, dtype=np.int64),
        nodata=job.nodata,
        dtype=job.dtype,
        layers=list(job.layers),
        distinct=job.distinct,
    )
    path = Path(job.folder) / f"tile-{k}.npz"
    part = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.part")
    arrays: dict[str, Any] = {"valid": valid, **out}  # numpy 2.2's stubs: not an ndarray dict
    try:
        with open(part, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(part, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        raise LulcError(
            f"A Dask worker cannot write its tile into '{job.folder}' ({exc}): the output's "
            "folder must be on storage shared with the workers and writable by them."
        ) from exc
    seconds = SECONDS.setdefault(job.run_id, {"load": 0.0, "tasks": 0.0})
    seconds["tasks"] += time.perf_counter() - start
    return str(path)


def _worker_run(job: _Job, payload: bytes) -> _WorkerRun:
    """Return this worker's model and stack for the run, loading them the first time."""
    with _LOCK:
        run = _RUNS.get(job.run_id)
        if run is None:
            _forget(None)
            start = time.perf_counter()
            stack = _open_stack(job.stack)
            try:
                run = _WorkerRun(_load_predictor(job, payload), stack, threading.Lock())
            except BaseException:
                stack.close()
                raise
            _RUNS[job.run_id] = run
            LOADS[job.run_id] = LOADS.get(job.run_id, 0) + 1
            seconds = SECONDS.setdefault(job.run_id, {"load": 0.0, "tasks": 0.0})
            seconds["load"] += time.perf_counter() - start
    return run


def _warm() -> None:
    """Import what the tasks need (on a worker, before its first task)."""
    from .model import model_file, onnx_inference  # noqa: F401
    from .predict import classify_block  # noqa: F401

    with contextlib.suppress(Exception):
        onnx_inference.available()


def worker_loads() -> dict[str, int]:
    """Return how many times this worker process loaded each run's model (``client.run``)."""
    return dict(LOADS)


def worker_seconds() -> dict[str, dict[str, float]]:
    """Return this worker process's seconds per run: loading the model and stack, and in tasks."""
    return {run: dict(seconds) for run, seconds in SECONDS.items()}


def _forget(run_id: str | None) -> None:
    """Close this worker's open stack(s): all, or the run's."""
    for key in [key for key in _RUNS if run_id is None or key == run_id]:
        with contextlib.suppress(Exception):
            _RUNS.pop(key).stack.close()


def _open_stack(spec: Mapping[str, Any]) -> Any:
    from .features.feature_stack import FeatureRecipe, open_stack

    stack = open_stack(
        list(spec["paths"]),
        resampling=spec["resampling"],
        nodata=spec["nodata"],
        recipe=FeatureRecipe.from_json(spec["recipe"]),
        resolution=spec["resolution"],
    )
    stack.open()
    return stack


def _load_predictor(job: _Job, payload: bytes) -> Any:
    """Return the predictor the client chose, from the scattered bytes.

    The model file's bytes, loaded with the safe loader (its stored ONNX graph, or the
    estimator); or for "converted", the graph the client converted and checked, built as
    :func:`~.model.onnx_inference.compiled_forest` builds it (an ONNX graph is data: loading
    it runs no code).
    """
    from .model import onnx_inference, onnx_proto
    from .model.model_file import load_for_prediction, load_model
    from .predict import _single_threaded

    predictor: Any = None
    if job.predictor == "converted":
        if onnx_inference.available():
            predictor = onnx_inference.OnnxPredictor(payload, np.asarray(job.codes))
            predictor.enable_early_exit(onnx_proto.proto().ModelProto.FromString(payload))
    else:
        with tempfile.TemporaryDirectory(prefix="lulc-worker-") as folder:
            path = Path(folder) / "model.lulcmodel"
            path.write_bytes(payload)
            if job.predictor == "stored":
                predictor = load_for_prediction(path).compiled
            else:
                predictor = load_model(path).estimator
                _single_threaded(predictor)
    if predictor is None:
        raise LulcError(
            "A Dask worker cannot use ONNX Runtime, which this machine used for the first "
            "block: install onnxruntime on the workers as here, so that every block is "
            "classified the same way, or predict without ONNX Runtime."
        )
    return predictor


# --------------------------------------------------------------------------- local cluster


@contextlib.contextmanager
def local_cluster(
    workers: int,
    *,
    threads_per_worker: int = 1,
    memory_limit: str | float = "auto",
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Start ``workers`` worker processes on this machine; yield the scheduler's address.

    For the command line, benchmarks and tests: never called by a prediction itself (inside
    QGIS starting processes is impossible). The workers import ``lulc_classifier`` as this
    process does: when its folder is named ``lulc_classifier``, its parent goes on their
    ``PYTHONPATH``; otherwise give ``env`` with a ``PYTHONPATH`` that finds it.

    Parameters
    ----------
    workers
        Worker processes (at least 1).
    threads_per_worker
        Threads each worker classifies with.
    memory_limit
        Per worker, as ``dask.distributed.LocalCluster`` takes it (``"auto"``: RAM / workers).
    env
        Environment variables of the workers; ``PYTHONPATH`` (and ``PROJ_DATA``) are set
        before each worker process starts.
    """
    distributed = require_distributed()
    import dask

    if workers < 1 or threads_per_worker < 1:
        raise InvalidInputError(
            f"A local cluster needs at least one worker with one thread, not {workers} "
            f"worker(s) with {threads_per_worker} thread(s)."
        )
    env = dict(env or {})
    spawn = {name: env.pop(name) for name in ("PYTHONPATH", "PROJ_DATA") if name in env}
    spawn.setdefault("PYTHONPATH", _package_path())
    # the rest: what differs from this process's environment (the workers inherit it)
    env = {k: v for k, v in env.items() if os.environ.get(k) != v}
    # The nanny reads its pre-spawn variables from this process's environment first (which
    # wins over dask's configuration) and sets them here before each worker starts.
    before = {name: os.environ.get(name) for name in spawn}
    config = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **spawn}
    # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers (less fragmentation for long-lived
    # workers); setting it at all turns off glibc's adaptive mmap threshold, so each block's
    # large temporary arrays are mapped and zeroed afresh: about 10 % slower classification
    # (2500 x 2500, one thread: 42 s against 38 s). A run's workers live for the run only.
    config.pop("MALLOC_TRIM_THRESHOLD_", None)
    # A spawned worker takes this process's sys.path (multiprocessing's "spawn" sets it after
    # PYTHONPATH is read): the entries go on it too while the cluster runs (restarts included).
    added = [p for p in spawn["PYTHONPATH"].split(os.pathsep) if p and p not in sys.path]
    try:
        sys.path[:0] = added
        os.environ.update(spawn)
        with dask.config.set({"distributed.nanny.pre-spawn-environ": config}):
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=threads_per_worker,
                processes=True,
                memory_limit=memory_limit,
                dashboard_address=None,
                env=env,
            )
        with cluster:
            yield cluster.scheduler_address
    finally:
        for entry in added:
            with contextlib.suppress(ValueError):
                sys.path.remove(entry)
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _package_path() -> str:
    """Return a ``PYTHONPATH`` under which ``import lulc_classifier`` finds this package."""
    package = Path(__file__).resolve().parent.parent
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package.name == "lulc_classifier":
        paths.insert(0, str(package.parent))
    return os.pathsep.join(paths)


__all__ = [
    "CONNECT_TIMEOUT",
    "check_scheduler",
    "cluster_stream",
    "local_cluster",
    "require_distributed",
    "worker_loads",
    "worker_seconds",
]

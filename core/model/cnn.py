"""A small convolutional network on image patches: trained with PyTorch, predicting through ONNX.

The network sees the ``patch`` x ``patch`` neighbourhood of a pixel in every feature band and
gives the class probabilities of its centre pixel. It is fully convolutional: ``(patch - 1) / 2``
unpadded 3 x 3 convolutions (each with batch normalisation and ReLU) shrink a patch to one
pixel, then two 1 x 1 convolutions (with dropout while training) give the class scores and a
softmax their probabilities. On a block of ``H + patch - 1`` x ``W + patch - 1`` pixels the same
graph gives the ``H`` x ``W`` pixels' probabilities at once, exactly those of each pixel's patch:
prediction runs blocks with a halo of ``patch // 2`` pixels (:mod:`..predict`), never one patch
per pixel.

Inputs are standardised inside the network (band means and spreads of the training patches).
A pixel of a patch that has no value (beyond the image edge, or nodata) takes its band's
training mean (``fill``), at sampling, at training and at prediction alike: after
standardisation it is 0, what the network sees for "no information".

Training (:class:`PatchCNNClassifier`) needs PyTorch (Debian's ``python3-torch``, or a CPU
build in a venv); it is seeded and deterministic on the CPU (same seed, same threads, same
network). The fitted network is exported to an ONNX graph (:meth:`PatchCNNClassifier.onnx_graph`)
stored in the model file: prediction needs ONNX Runtime only (:class:`PatchPredictor`), and a
stranger's graph is checked against the manifest before it runs (:func:`check_patch_graph`).
"""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from ..deps import require
from ..errors import InvalidInputError, ModelFileError

#: Patch sizes users may choose (odd: the labelled pixel is the centre).
MIN_PATCH, MAX_PATCH = 3, 31
DEFAULT_PATCH = 9
#: Fewest samples of each class the network is trained with.
MIN_PER_CLASS = 10
#: Share of the training samples held back (per class) to stop training when they stop improving.
VALIDATION_SHARE = 0.15
#: Epochs without improvement on the held-back samples before training stops.
PATIENCE = 8
BATCH = 128
DROPOUT = 0.3
#: Operators a stored patch network may use (what the export of the network above gives).
OPERATORS = frozenset(
    {
        "Conv",
        "BatchNormalization",
        "Relu",
        "Sub",
        "Div",
        "Mul",
        "Add",
        "Softmax",
        "Identity",
        "Constant",
    }
)
#: ONNX operator set of the exported graph (ONNX Runtime 1.10 and later run it).
OPSET = 13
#: Largest difference allowed between the exported graph's probabilities and PyTorch's.
MAX_EXPORT_DIFFERENCE = 1e-5
INPUT, OUTPUT = "pixels", "probabilities"


def check_patch_size(size: int) -> int:
    """Return ``size`` if it is a usable patch size (odd, 3 to 31), else say what is.

    Raises
    ------
    InvalidInputError
        On an even size, or one outside 3 to 31.
    """
    if (
        not isinstance(size, (int, np.integer))
        or size % 2 == 0
        or not MIN_PATCH <= size <= MAX_PATCH
    ):
        raise InvalidInputError(
            f"The patch size must be an odd number of pixels from {MIN_PATCH} to {MAX_PATCH} "
            f"(the labelled pixel is the centre), not {size}."
        )
    return int(size)


def fill_values(patches: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    """Return each band's mean over the patches' pixels that have a value (NaN: no value)."""
    with np.errstate(invalid="ignore"), _quiet():
        fill = np.nanmean(patches, axis=(0, 2, 3), dtype=np.float64)
    return np.where(np.isfinite(fill), fill, 0.0).astype(np.float32)


def filled(patches: npt.NDArray[Any], fill: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Return float32 patches ``(n, bands, p, p)`` with their missing pixels (NaN) at ``fill``."""
    out = np.array(patches, dtype=np.float32, copy=True)
    missing = np.isnan(out)
    if missing.any():
        out[missing] = np.broadcast_to(fill[None, :, None, None], out.shape)[missing]
    return out


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nanmean of a band with no value
        yield


def _network(torch: Any, bands: int, classes: int, patch: int, width: int) -> Any:
    nn = torch.nn
    layers: list[Any] = []
    channels = bands
    for _ in range((patch - 1) // 2):
        layers += [nn.Conv2d(channels, width, 3), nn.BatchNorm2d(width), nn.ReLU()]
        channels = width
    layers += [
        nn.Dropout(DROPOUT),
        nn.Conv2d(channels, width, 1),
        nn.ReLU(),
        nn.Dropout(DROPOUT),
        nn.Conv2d(width, classes, 1),
    ]
    return nn.Sequential(*layers)


def _probabilities_module(torch: Any, network: Any, mean: Any, std: Any) -> Any:
    """Return the network with standardisation before it and a softmax after it."""

    class Probabilities(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.network = network
            self.register_buffer("mean", torch.from_numpy(mean.reshape(1, -1, 1, 1)))
            self.register_buffer("std", torch.from_numpy(std.reshape(1, -1, 1, 1)))

        def forward(self, x: Any) -> Any:
            return torch.softmax(self.network((x - self.mean) / self.std), dim=1)

    return Probabilities()


@contextlib.contextmanager
def _torch_state(torch: Any, threads: int, seed: int) -> Iterator[Any]:
    """Seeded, deterministic, ``threads`` threads; PyTorch's global settings restored after.

    The global random state (initial weights, dropout) is seeded inside a fork of it, so the
    caller's own random state is left as it was.
    """
    before_threads = torch.get_num_threads()
    before_deterministic = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(max(1, threads))
    torch.use_deterministic_algorithms(True)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            yield torch.Generator().manual_seed(seed)
    finally:
        torch.set_num_threads(before_threads)
        torch.use_deterministic_algorithms(before_deterministic)


def _augment(torch: Any, x: Any, generator: Any) -> Any:
    """Each patch flipped or not and turned by 0, 90, 180 or 270 degrees (at random)."""
    n = x.shape[0]
    turn = torch.randint(0, 4, (n,), generator=generator)
    flip = torch.randint(0, 2, (n,), generator=generator)
    out = x.clone()
    for k in range(4):
        for f in range(2):
            pick = (turn == k) & (flip == f)
            if (k == 0 and f == 0) or not bool(pick.any()):
                continue
            part = x[pick]
            if f:
                part = torch.flip(part, dims=(3,))
            out[pick] = torch.rot90(part, k, dims=(2, 3))
    return out


def _held_back(codes: npt.NDArray[np.int64], seed: int) -> npt.NDArray[np.bool_]:
    """Per class, a seeded share of the samples held back for early stopping (none if few)."""
    rng = np.random.default_rng(seed)
    held = np.zeros(codes.size, dtype=bool)
    for c in np.unique(codes):
        rows = np.flatnonzero(codes == c)
        take = int(round(VALIDATION_SHARE * rows.size))
        if rows.size >= 2 * MIN_PER_CLASS and take:
            held[rng.choice(rows, take, replace=False)] = True
    return held


class PatchCNNClassifier:
    """The convolutional network as a scikit-learn-style classifier of flattened patches.

    ``fit(X, y)`` takes ``X`` of shape ``(n, bands * patch * patch)``: each row a patch
    ``(bands, patch, patch)`` flattened in C order, NaN where a pixel has no value; ``y`` the
    class codes. Cross-validation and the final fit of :mod:`..train` use it as any estimator.

    Parameters
    ----------
    patch_size, bands
        The patch side (odd) and the number of feature bands (set by training from the samples).
    epochs, learning_rate, width
        Most passes over the samples (training stops earlier when the held-back samples stop
        improving), Adam's step size, and the filters of each convolution.
    balanced
        Weight each class's loss inversely to its frequency; otherwise inversely to the square
        root of its frequency (the default: rare classes count more without swamping the rest).
    random_state, n_jobs
        Seed (initial weights, batches, augmentation, held-back samples) and threads (-1: one
        thread; see :meth:`_threads`).
    """

    def __init__(
        self,
        patch_size: int = DEFAULT_PATCH,
        bands: int = 1,
        epochs: int = 40,
        learning_rate: float = 0.003,
        width: int = 32,
        balanced: bool = True,
        random_state: int = 0,
        n_jobs: int = -1,
    ) -> None:
        self.patch_size = patch_size
        self.bands = bands
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.width = width
        self.balanced = balanced
        self.random_state = random_state
        self.n_jobs = n_jobs

    # scikit-learn's estimator protocol (clone, get_params / set_params), without its base class
    _PARAMS = (
        "patch_size",
        "bands",
        "epochs",
        "learning_rate",
        "width",
        "balanced",
        "random_state",
        "n_jobs",
    )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Return the constructor's parameters."""
        del deep
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params: Any) -> PatchCNNClassifier:
        """Set constructor parameters (unknown names raise ValueError)."""
        for name, value in params.items():
            if name not in self._PARAMS:
                raise ValueError(f"Invalid parameter {name!r} for PatchCNNClassifier.")
            setattr(self, name, value)
        return self

    def _threads(self) -> int:
        """Return PyTorch's threads: ``n_jobs``, or one when it is -1 (all cores).

        The network's small convolutions gain little from a second thread (1.26 x faster on 2
        quiet cores) and lose much when the cores are busy elsewhere (19 x slower measured:
        PyTorch's threads wait for each other at every batch), so training takes one thread
        unless a number is given.
        """
        return 1 if self.n_jobs in (None, -1) else max(1, int(self.n_jobs))

    def _patches(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        p, b = int(self.patch_size), int(self.bands)
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != b * p * p:
            raise InvalidInputError(
                f"The network takes patches of {b} band(s) of {p} x {p} pixels "
                f"({b * p * p} values a sample), not {x.shape[1] if x.ndim == 2 else x.shape}."
            )
        return x.reshape(len(x), b, p, p)

    def fit(self, x: npt.NDArray[Any], y: npt.NDArray[Any]) -> PatchCNNClassifier:
        """Train on flattened patches ``x`` and class codes ``y`` (see the class)."""
        torch = require("torch")
        check_patch_size(int(self.patch_size))
        patches = self._patches(x)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        check_enough(np.asarray(y))
        self.fill_ = fill_values(patches)
        data = filled(patches, self.fill_)
        self.mean_ = data.mean(axis=(0, 2, 3), dtype=np.float64).astype(np.float32)
        std = data.std(axis=(0, 2, 3), dtype=np.float64)
        self.std_ = np.where(std > 1e-12, std, 1.0).astype(np.float32)
        held = _held_back(codes, int(self.random_state))
        counts = np.bincount(codes[~held], minlength=len(self.classes_)).astype(np.float64)
        weights = class_weights(counts, full=bool(self.balanced))
        with _torch_state(torch, self._threads(), int(self.random_state)) as generator:
            network = _network(
                torch, int(self.bands), len(self.classes_), int(self.patch_size), int(self.width)
            )
            model = _probabilities_module(torch, network, self.mean_, self.std_)
            self.epochs_run_, self.best_epoch_ = self._train(
                torch, model, data, codes, held, weights, generator
            )
        model.eval()
        self.network_ = model
        self.n_features_in_ = patches.shape[1] * patches.shape[2] * patches.shape[3]
        return self

    def _train(
        self,
        torch: Any,
        model: Any,
        data: npt.NDArray[np.float32],
        codes: npt.NDArray[np.intp],
        held: npt.NDArray[np.bool_],
        weights: npt.NDArray[np.float64],
        generator: Any,
    ) -> tuple[int, int]:
        x_train = torch.from_numpy(data[~held])
        y_train = torch.from_numpy(codes[~held].astype(np.int64))
        x_held = torch.from_numpy(data[held])
        y_held = torch.from_numpy(codes[held].astype(np.int64))
        loss_of = torch.nn.NLLLoss(weight=torch.tensor(weights, dtype=torch.float32))
        optimiser = torch.optim.Adam(model.parameters(), lr=float(self.learning_rate))
        best, best_epoch, best_state, epoch = np.inf, 0, None, 0
        for epoch in range(1, int(self.epochs) + 1):
            model.train()
            order = torch.randperm(len(x_train), generator=generator)
            for start in range(0, len(order), BATCH):
                rows = order[start : start + BATCH]
                if len(rows) < 2:  # batch normalisation needs two samples
                    continue
                probabilities = model(_augment(torch, x_train[rows], generator))
                loss = loss_of(torch.log(probabilities.clamp_min(1e-12)).flatten(1), y_train[rows])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            if not len(x_held):
                continue
            model.eval()
            with torch.no_grad():
                p = model(x_held).flatten(1)
                score = float(loss_of(torch.log(p.clamp_min(1e-12)), y_held))
            if score < best - 1e-4:
                best, best_epoch, best_state = score, epoch, copy.deepcopy(model.state_dict())
            elif epoch - best_epoch >= PATIENCE:
                break
        if best_state is not None:
            model.load_state_dict(best_state)
        return epoch, best_epoch or epoch

    def predict_proba(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Return the class probabilities of flattened patches (PyTorch, in batches)."""
        torch = require("torch")
        data = filled(self._patches(x), self.fill_)
        out = np.empty((len(data), len(self.classes_)), dtype=np.float32)
        with torch.no_grad():
            for start in range(0, len(data), 4096):
                part = torch.from_numpy(data[start : start + 4096])
                out[start : start + 4096] = self.network_(part).flatten(1).numpy()
        return out

    def predict(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Return the class code of flattened patches."""
        codes: npt.NDArray[Any] = np.asarray(self.classes_)
        return np.asarray(codes[np.argmax(self.predict_proba(x), axis=1)])

    def onnx_graph(self, check: npt.NDArray[Any]) -> tuple[bytes, float]:
        """Export the fitted network to ONNX, checked against PyTorch on the patches ``check``.

        Returns
        -------
        bytes, float
            The graph, and the largest difference of its probabilities from PyTorch's.

        Raises
        ------
        LulcError
            If ONNX Runtime's probabilities differ from PyTorch's by more than
            :data:`MAX_EXPORT_DIFFERENCE`.
        """
        from ..errors import LulcError

        torch = require("torch")
        p, b = int(self.patch_size), int(self.bands)
        buffer = io.BytesIO()
        with torch.no_grad():
            torch.onnx.export(
                self.network_,
                torch.zeros((1, b, p, p), dtype=torch.float32),
                buffer,
                input_names=[INPUT],
                output_names=[OUTPUT],
                dynamic_axes={
                    INPUT: {0: "n", 2: "rows", 3: "cols"},
                    OUTPUT: {0: "n", 2: "r", 3: "c"},
                },
                opset_version=OPSET,
                do_constant_folding=True,
            )
        graph = buffer.getvalue()
        sample = filled(self._patches(check), self.fill_)
        ours = PatchPredictor(graph, self.classes_, p, self.fill_).session_proba(sample)
        theirs = self.predict_proba(check)
        difference = float(np.abs(ours - theirs).max()) if len(sample) else 0.0
        if difference > MAX_EXPORT_DIFFERENCE:
            raise LulcError(
                f"The network exported to ONNX gives probabilities up to {difference:.1e} away "
                "from PyTorch's; the model was not saved. Please report it with your PyTorch "
                "and ONNX Runtime versions."
            )
        return graph, difference


def class_weights(counts: npt.NDArray[np.float64], *, full: bool) -> npt.NDArray[np.float64]:
    """Return each class's loss weight from its sample count, averaging 1 over the samples.

    ``full``: inversely to the count (balanced classes); otherwise inversely to its square root.
    """
    counts = np.maximum(np.asarray(counts, dtype=np.float64), 1.0)
    weights = 1.0 / (counts if full else np.sqrt(counts))
    return np.asarray(weights * counts.sum() / (weights * counts).sum())


def check_enough(codes: npt.NDArray[Any], names: dict[int, str] | None = None) -> None:
    """Refuse samples too few for the network: each class needs :data:`MIN_PER_CLASS`."""
    values, counts = np.unique(codes, return_counts=True)
    few = [
        f"{(names or {}).get(int(v), v)} ({n})"
        for v, n in zip(values.tolist(), counts.tolist())
        if n < MIN_PER_CLASS
    ]
    if few:
        raise InvalidInputError(
            f"The convolutional network needs at least {MIN_PER_CLASS} samples of each class; "
            f"these classes have fewer: {', '.join(few[:10])}. Label more pixels of them (a "
            "polygon gives many), or choose another algorithm."
        )


class PatchPredictor:
    """Runs a stored patch network with ONNX Runtime, one block (with its halo) at a time.

    Parameters
    ----------
    graph
        The ONNX graph, already checked (:func:`check_patch_graph`).
    classes
        The class code of each output channel.
    patch, fill
        The patch side and each band's value for pixels without one.
    threads
        ONNX Runtime's threads for one call (blocks run in parallel: 1).
    width
        The widest layer's filters (for the memory a block needs).
    """

    def __init__(
        self,
        graph: bytes,
        classes: npt.NDArray[Any],
        patch: int,
        fill: npt.NDArray[Any],
        threads: int = 1,
        width: int = 64,
    ) -> None:
        ort = require("onnxruntime")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            graph, sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.classes_ = np.asarray(classes)
        self.patch = int(patch)
        self.halo = self.patch // 2
        self.fill = np.asarray(fill, dtype=np.float32)
        self.width = int(width)

    def session_proba(self, patches: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Return the probabilities ``(n, classes)`` of filled patches ``(n, bands, p, p)``."""
        out = np.empty((len(patches), len(self.classes_)), dtype=np.float32)
        for start in range(0, len(patches), 4096):
            part = np.ascontiguousarray(patches[start : start + 4096], dtype=np.float32)
            out[start : start + 4096] = self.session.run(None, {INPUT: part})[0].reshape(
                len(part), -1
            )
        return out

    def predict_proba(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Return the probabilities of flattened patches (NaN: no value), as the classifier."""
        p, b = self.patch, len(self.fill)
        return self.session_proba(filled(np.asarray(x).reshape(len(x), b, p, p), self.fill))

    def predict(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Return the class codes of flattened patches."""
        return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])

    def block_proba(
        self, data: npt.NDArray[Any], valid: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.float32]:
        """Return the probabilities ``(classes, rows, cols)`` of a block read with its halo.

        ``data`` is ``(bands, rows + 2 * halo, cols + 2 * halo)``, ``valid`` its pixels that
        have a value; the others take the fill values.
        """
        block = np.array(data, dtype=np.float32, copy=True)
        block[:, ~valid] = self.fill[:, None]
        out: npt.NDArray[np.float32] = self.session.run(None, {INPUT: block[None]})[0][0]
        return out

    def bytes_per_pixel(self) -> int:
        """Bytes per pixel of a block: the filled copy and ONNX Runtime's activations."""
        return 4 * (len(self.fill) + 3 * self.width)


def check_patch_graph(graph: bytes, where: str, *, bands: int, classes: int, patch: int) -> Any:
    """Check that a stored graph is the patch network its manifest describes, or refuse it.

    It must pass :func:`~.onnx_inference.read_graph` (data only), use only :data:`OPERATORS`,
    take ``(n, bands, rows, cols)`` pixels and give ``classes`` probabilities, and its
    convolutions (unpadded, stride and dilation 1) must shrink a ``patch`` x ``patch`` patch to
    exactly one pixel.

    Raises
    ------
    ModelFileError
        Saying what does not match.
    """
    from . import onnx_inference

    model = onnx_inference.read_graph(graph, where)
    ops = {node.op_type for node in model.graph.node}
    if not ops <= OPERATORS:
        raise _refuse(
            where, f"it uses operators a patch network does not: {sorted(ops - OPERATORS)[:5]}"
        )
    initializers = {t.name: t for t in model.graph.initializer}
    (first,) = [i for i in model.graph.input if i.name not in initializers]
    dims = first.type.tensor_type.shape.dim
    if len(dims) != 4 or not dims[1].HasField("dim_value") or dims[1].dim_value != bands:
        raise _refuse(where, f"it does not take {bands} band(s) of pixels, as the manifest says")
    shrink = 0
    for node in model.graph.node:
        if node.op_type != "Conv":
            continue
        attributes = {a.name: a for a in node.attribute}
        for name in ("strides", "dilations"):
            if name in attributes and any(v != 1 for v in attributes[name].ints):
                raise _refuse(where, f"a convolution has {name} other than 1")
        if "pads" in attributes and any(attributes["pads"].ints):
            raise _refuse(where, "a convolution pads its input")
        if "auto_pad" in attributes and attributes["auto_pad"].s not in (b"", b"NOTSET", b"VALID"):
            raise _refuse(where, "a convolution pads its input")
        if "group" in attributes and attributes["group"].i != 1:
            raise _refuse(where, "a convolution is grouped")
        weight = initializers.get(node.input[1]) if len(node.input) > 1 else None
        if weight is None or len(weight.dims) != 4 or weight.dims[2] != weight.dims[3]:
            raise _refuse(where, "a convolution's weights are not square filters stored in it")
        shrink += int(weight.dims[2]) - 1
    if shrink != patch - 1:
        raise _refuse(
            where,
            f"its convolutions see {shrink + 1} x {shrink + 1} pixels, not the {patch} x "
            f"{patch} patch of its manifest",
        )
    return model


def run_check(predictor: PatchPredictor, where: str, bands: int, classes: int) -> None:
    """Run the graph on a patch and a block: one pixel out of a patch, classes probabilities."""
    p = predictor.patch
    try:
        one = predictor.session.run(None, {INPUT: np.zeros((1, bands, p, p), np.float32)})[0]
        two = predictor.session.run(None, {INPUT: np.zeros((1, bands, p + 2, p + 1), np.float32)})[
            0
        ]
    except Exception as exc:  # onnxruntime's own errors
        raise _refuse(where, f"ONNX Runtime cannot run it ({exc})"[:300]) from exc
    if one.shape != (1, classes, 1, 1) or two.shape != (1, classes, 3, 2):
        raise _refuse(where, "it does not give one pixel's probabilities per patch")


def _refuse(where: str, why: str) -> ModelFileError:
    return ModelFileError(
        f"The network stored in '{where}' is refused: {why}. Train the model again with "
        "lulc:train."
    )

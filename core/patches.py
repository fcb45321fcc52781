"""Image patches around labelled pixels: reading them, storing them with the sample table.

A patch is the ``size`` x ``size`` neighbourhood of a pixel in every band of the stack (raw
bands and computed features alike), the pixel at its centre. It is read like a block with a
halo (:func:`read_with_halo`), the same read prediction makes: pixels beyond the image edge
and nodata pixels have no value, stored as NaN; the network fills them with its bands'
training means (:mod:`.model.cnn`).

In a GeoPackage sample table the patches are one SQLite table, :data:`TABLE` (``id``, the
patch as little-endian float32 bytes), named as an extension's table so that GDAL and QGIS
do not list it as a layer; each sample row points at its patch by its ``patch_id`` field. A
CSV table cannot hold them.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from .deps import require
from .errors import InvalidInputError
from .progress import Progress, check_cancel

#: "gpkgext_": an extension's table, which GDAL (and so QGIS) does not list as a layer.
TABLE = "gpkgext_lulc_patches"
ID_FIELD = "patch_id"
#: Largest number of patch values read or sampled (float32: 1 GiB).
MAX_VALUES = 1 << 28
#: Side of the windows patches are read in (pixels, before the halo).
CHUNK = 512


def read_with_halo(
    stack: Any, window: Any, halo: int
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Read ``window`` with ``halo`` pixels around it; beyond the image: 0 and not valid."""
    windows = require("rasterio.windows")
    r0, c0 = int(window.row_off) - halo, int(window.col_off) - halo
    rows, cols = int(window.height) + 2 * halo, int(window.width) + 2 * halo
    top, left = max(r0, 0), max(c0, 0)
    bottom, right = min(r0 + rows, stack.height), min(c0 + cols, stack.width)
    part, ok = stack.read(windows.Window(left, top, right - left, bottom - top))
    if (top, left, bottom, right) == (r0, c0, r0 + rows, c0 + cols):
        return part, ok
    data = np.zeros((part.shape[0], rows, cols), dtype=part.dtype)
    valid = np.zeros((rows, cols), dtype=bool)
    data[:, top - r0 : bottom - r0, left - c0 : right - c0] = part
    valid[top - r0 : bottom - r0, left - c0 : right - c0] = ok
    return data, valid


def check_fits(size: int, width: int, height: int, what: str) -> None:
    """Refuse a patch larger than the image."""
    if size > min(width, height):
        raise InvalidInputError(
            f"The patch size ({size} x {size} pixels) is larger than {what} ({width} x "
            f"{height} pixels). Choose a smaller patch size, or a larger image."
        )


def read_patches(
    stack: Any,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    size: int,
    progress: Progress,
) -> npt.NDArray[np.float32]:
    """Return the patches ``(n, bands, size, size)`` centred on pixels ``rows, cols``.

    NaN where a pixel has no value (beyond the edge, or nodata). Read window by window.

    Raises
    ------
    InvalidInputError
        If the patch is larger than the image, or the patches would not fit in memory.
    """
    check_fits(size, stack.width, stack.height, "the image")
    n, bands, halo = rows.size, stack.count, size // 2
    if n * bands * size * size > MAX_VALUES:
        raise InvalidInputError(
            f"{n} samples with patches of {bands} band(s) of {size} x {size} pixels are too many "
            "to hold in memory; cap the samples per class (MAX_PER_CLASS) or use a smaller "
            "patch size."
        )
    out = np.empty((n, bands, size, size), dtype=np.float32)
    if n == 0:
        return out
    chunk = (rows // CHUNK) * (stack.width // CHUNK + 1) + cols // CHUNK
    order = np.argsort(chunk, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(chunk[order])) + 1)
    windows = require("rasterio.windows")
    for k, idx in enumerate(groups):
        check_cancel(progress)
        r0, c0 = int(rows[idx].min()), int(cols[idx].min())
        window = windows.Window(
            c0, r0, int(cols[idx].max()) - c0 + 1, int(rows[idx].max()) - r0 + 1
        )
        data, valid = read_with_halo(stack, window, halo)
        block = data.astype(np.float32)
        block[:, ~valid] = np.nan
        view = cast(Any, np.lib.stride_tricks).sliding_window_view(block, (size, size), axis=(1, 2))
        out[idx] = view[:, rows[idx] - r0, cols[idx] - c0].transpose(1, 0, 2, 3)
        progress.report((k + 1) / len(groups))
    return out


def write_patch_table(path: str | os.PathLike[str], patches: npt.NDArray[np.float32]) -> None:
    """Add the patches to a GeoPackage as table :data:`TABLE` (ids 0..n-1, in order)."""
    data = np.ascontiguousarray(patches, dtype="<f4").reshape(len(patches), -1)
    with sqlite3.connect(os.fspath(path)) as db:
        db.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, patch BLOB NOT NULL)")
        db.executemany(
            f"INSERT INTO {TABLE} (id, patch) VALUES (?, ?)",
            ((i, data[i].tobytes()) for i in range(len(data))),
        )
    db.close()


def read_patch_table(
    path: str | os.PathLike[str], ids: npt.NDArray[np.int64], bands: int, size: int
) -> npt.NDArray[np.float32]:
    """Return the patches ``(len(ids), bands, size, size)`` with these ids, from a GeoPackage.

    Raises
    ------
    InvalidInputError
        If the file has no patch table, a patch has another size than the sampling records,
        an id is missing, or the patches would not fit in memory.
    """
    values = bands * size * size
    where = f"The sample table '{path}'"
    if len(ids) * values > MAX_VALUES:
        raise InvalidInputError(f"{where} holds more patch values than fit in memory.")
    out = np.full((len(ids), bands, size, size), np.nan, dtype=np.float32)
    found = np.zeros(len(ids), dtype=bool)
    position = {int(i): k for k, i in enumerate(ids.tolist())}
    try:
        db = sqlite3.connect(f"file:{os.fspath(path)}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InvalidInputError(f"{where} cannot be opened ({exc}).") from exc
    try:
        rows = db.execute(f"SELECT id, length(patch), patch FROM {TABLE}")
        for pid, length, blob in rows:
            k = position.get(pid) if isinstance(pid, int) else None
            if k is None:
                continue
            if length != 4 * values or not isinstance(blob, bytes):
                raise InvalidInputError(
                    f"{where} holds a patch that is not {bands} band(s) of {size} x {size} "
                    "pixels, as its sampling definition says; sample the labels again."
                )
            out[k] = np.frombuffer(blob, dtype="<f4").reshape(bands, size, size)
            found[k] = True
    except sqlite3.Error as exc:
        raise InvalidInputError(
            f"{where} has no readable patches ({exc}); sample the labels again with a patch size."
        ) from exc
    finally:
        db.close()
    if not found.all():
        raise InvalidInputError(
            f"{where} lacks the patches of {int((~found).sum())} samples; sample the labels "
            "again with a patch size."
        )
    return out


def patch_definition(metadata: dict[str, Any]) -> tuple[int, int] | None:
    """Return (size, bands) of a sample table's patches from its sampling definition, if any."""
    patches = metadata.get("patches")
    if not isinstance(patches, dict):
        return None
    size, bands = patches.get("size"), patches.get("bands")
    if not isinstance(size, int) or not isinstance(bands, int) or size < 1 or bands < 1:
        return None
    return size, bands

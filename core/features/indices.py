"""Band roles, sensor presets and spectral indices.

The formulas are those of the Awesome Spectral Indices catalogue (Montero et al. 2023,
https://github.com/awesome-spectral-indices).

Indices are computed in float32 on reflectance (band value x scale + offset). A division by
zero, or any role that is nodata, gives NaN, which the feature stack turns into nodata.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InvalidInputError
from ..i18n import QT_TRANSLATE_NOOP

ROLES = ("blue", "green", "red", "rededge", "nir", "swir1", "swir2")
#: How a role is named to a user.
ROLE_NAMES = {
    "blue": "blue",
    "green": "green",
    "red": "red",
    "rededge": "red-edge",
    "nir": "near-infrared",
    "swir1": "short-wave infrared 1",
    "swir2": "short-wave infrared 2",
}

Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Preset:
    """A sensor's band order (role -> 1-based band of the stack) and reflectance scaling."""

    label: str
    roles: Mapping[str, int]
    scale: float
    offset: float


PRESETS: dict[str, Preset] = {
    # Sentinel-2 L2A, 12 bands B01 B02 B03 B04 B05 B06 B07 B08 B8A B09 B11 B12. Since
    # processing baseline 04.00 the offset is -0.1 (BOA_ADD_OFFSET -1000): set it if needed.
    "sentinel2_l2a": Preset(
        QT_TRANSLATE_NOOP("Sensors", "Sentinel-2 L2A (B01-B12 without B10)"),
        {"blue": 2, "green": 3, "red": 4, "rededge": 5, "nir": 8, "swir1": 11, "swir2": 12},
        1e-4,
        0.0,
    ),
    # Landsat Collection 2 Level-2 surface reflectance.
    "landsat_oli": Preset(
        QT_TRANSLATE_NOOP("Sensors", "Landsat 8/9 OLI (SR_B1-SR_B7)"),
        {"blue": 2, "green": 3, "red": 4, "nir": 5, "swir1": 6, "swir2": 7},
        2.75e-5,
        -0.2,
    ),
    "landsat_tm": Preset(
        QT_TRANSLATE_NOOP("Sensors", "Landsat 4-7 TM/ETM+ (SR_B1-SR_B5, SR_B7)"),
        {"blue": 1, "green": 2, "red": 3, "nir": 4, "swir1": 5, "swir2": 6},
        2.75e-5,
        -0.2,
    ),
    "planetscope_4band": Preset(
        QT_TRANSLATE_NOOP("Sensors", "4-band blue, green, red, NIR (PlanetScope)"),
        {"blue": 1, "green": 2, "red": 3, "nir": 4},
        1e-4,
        0.0,
    ),
    "naip": Preset(
        QT_TRANSLATE_NOOP("Sensors", "4-band red, green, blue, NIR (NAIP)"),
        {"red": 1, "green": 2, "blue": 3, "nir": 4},
        1 / 255,
        0.0,
    ),
}


def _ratio(a: npt.NDArray[np.floating[Any]], b: npt.NDArray[np.floating[Any]]) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(a / b, dtype=np.float32)
    out[~np.isfinite(out)] = np.nan
    return out


def _nd(a: Array, b: Array) -> Array:
    return _ratio(a - b, a + b)


def _msavi(r: Mapping[str, Array]) -> Array:
    n, red = r["nir"], r["red"]
    with np.errstate(invalid="ignore"):
        out = 0.5 * (2 * n + 1 - np.sqrt((2 * n + 1) ** 2 - 8 * (n - red)))
    return np.asarray(out, dtype=np.float32)


@dataclass(frozen=True)
class Index:
    """A spectral index: its roles and formula."""

    name: str
    roles: tuple[str, ...]
    formula: Callable[[Mapping[str, Array]], Array]


INDICES: dict[str, Index] = {
    i.name: i
    for i in (
        Index("NDVI", ("nir", "red"), lambda r: _nd(r["nir"], r["red"])),
        Index(
            "EVI",
            ("nir", "red", "blue"),
            lambda r: _ratio(
                2.5 * (r["nir"] - r["red"]), r["nir"] + 6.0 * r["red"] - 7.5 * r["blue"] + 1.0
            ),
        ),
        Index(
            "SAVI",
            ("nir", "red"),
            lambda r: _ratio(1.5 * (r["nir"] - r["red"]), r["nir"] + r["red"] + 0.5),
        ),
        Index("MSAVI", ("nir", "red"), _msavi),
        Index("GNDVI", ("nir", "green"), lambda r: _nd(r["nir"], r["green"])),
        Index("NDWI", ("green", "nir"), lambda r: _nd(r["green"], r["nir"])),
        Index("MNDWI", ("green", "swir1"), lambda r: _nd(r["green"], r["swir1"])),
        Index("NDBI", ("swir1", "nir"), lambda r: _nd(r["swir1"], r["nir"])),
        Index("NBR", ("nir", "swir2"), lambda r: _nd(r["nir"], r["swir2"])),
        Index("NDMI", ("nir", "swir1"), lambda r: _nd(r["nir"], r["swir1"])),
        Index(
            "BSI",
            ("swir1", "red", "nir", "blue"),
            lambda r: _nd(r["swir1"] + r["red"], r["nir"] + r["blue"]),
        ),
    )
}


def check_indices(names: list[str], roles: Mapping[str, int]) -> None:
    """Refuse unknown indices and indices whose bands are not among the roles."""
    for name in names:
        index = INDICES.get(name.upper())
        if index is None:
            raise InvalidInputError(
                f"Unknown spectral index '{name}'; choose among {', '.join(INDICES)}."
            )
        missing = [r for r in index.roles if r not in roles]
        if missing:
            raise InvalidInputError(
                f"{index.name} needs the {' and '.join(ROLE_NAMES[r] for r in missing)} "
                f"band(s), and no sensor preset is chosen that says where they are: choose "
                f"the preset of the image's sensor, or untick {index.name} (in the Processing "
                "dialogs, band roles such as 'nir=8' also name them)."
            )


def needed_roles(names: list[str]) -> list[str]:
    """Return the band roles the indices ``names`` read, in :data:`ROLES` order."""
    wanted = {role for name in names for role in INDICES[name.upper()].roles}
    return [role for role in ROLES if role in wanted]


def compute_index(name: str, reflectance: Mapping[str, Array]) -> Array:
    """One index from reflectance arrays by role (NaN where undefined)."""
    return INDICES[name.upper()].formula(reflectance)


def parse_roles(text: str) -> dict[str, int]:
    """Roles from ``'blue=2, green=3, red=4, nir=8'`` (1-based bands of the stack)."""
    roles: dict[str, int] = {}
    for item in text.replace(";", ",").split(","):
        if not item.strip():
            continue
        key, _, value = item.partition("=")
        role = key.strip().lower()
        if role not in ROLES or not value.strip().isdigit() or int(value) < 1:
            raise InvalidInputError(
                f"Band roles are written 'role=band' with roles among {', '.join(ROLES)} and "
                f"1-based band numbers, e.g. 'red=4, nir=8'; '{item.strip()}' is not."
            )
        roles[role] = int(value)
    return roles

"""argparse parsers of ``lulc`` and its subcommands, built from the algorithms' definitions."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from ..core.version import plugin_version
from .spec import algorithms, option_name, slug

#: Order of the subcommands in ``lulc --help``: the workflow's.
ORDER = (
    "classify",
    "sample",
    "train",
    "predict",
    "modelinfo",
    "suggest",
    "validationpoints",
    "assess",
    "classareas",
    "smooth",
    "segment",
    "stack",
    "legend",
)
EPILOG = (
    "Each subcommand runs the Processing algorithm lulc:<subcommand> of the LULC Classifier "
    "QGIS plugin, with the same parameters (PARAMETER_NAME -> --parameter-name). "
    "'lulc <subcommand> --help' lists them. Ctrl-C cancels and leaves no output."
)


def build_parser() -> argparse.ArgumentParser:
    """The ``lulc`` parser with one subparser per algorithm."""
    parser = argparse.ArgumentParser(
        prog="lulc",
        description="Land-use / land-cover classification of rasters (LULC Classifier's engine, "
        "without QGIS).",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"lulc {plugin_version()}")
    commands = parser.add_subparsers(dest="command", metavar="<subcommand>", required=True)
    specs = algorithms()
    for name in [*ORDER, *sorted(set(specs) - set(ORDER))]:
        if name in specs:
            _add_command(commands, specs[name])
    return parser


def _add_command(commands: Any, spec: dict[str, Any]) -> None:
    sub = commands.add_parser(
        spec["id"],
        help=spec["display_name"],
        description=f"{spec['display_name']}. {spec['purpose']}",
        epilog=_outputs_text(spec),
    )
    required = sub.add_argument_group("required")
    options = sub.add_argument_group("options")
    advanced = sub.add_argument_group("advanced options")
    for param in spec["parameters"]:
        group = required if _required(param) else advanced if param["advanced"] else options
        _add_parameter(group, param)
    if spec["id"] == "predict":  # the command line's own: QGIS never starts processes
        advanced.add_argument(
            "--workers",
            dest="WORKERS",
            type=_workers,
            metavar="N",
            help="Predict on a Dask cluster of N worker processes started on this machine for "
            "the run (one thread each; needs dask.distributed: Debian's python3-distributed). "
            "The map is identical to a run without it. Not with --scheduler, which names a "
            "running cluster instead.",
        )
    sub.add_argument("-q", "--quiet", action="store_true", help="No progress and no log messages.")


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 256:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of workers from 1 to 256")
    return int(value)


def _outputs_text(spec: dict[str, Any]) -> str:
    names = ", ".join(f"{o['name']} ({o['description']})" for o in spec["outputs"])
    return f"Outputs (printed when the run succeeds): {names}."


def _required(param: dict[str, Any]) -> bool:
    return not param["optional"] and param["default"] is None and param["type"] != "boolean"


def _add_parameter(group: Any, param: dict[str, Any]) -> None:
    """One option, with the algorithm's help, its default and its choices."""
    kwargs: dict[str, Any] = {"dest": param["name"], "help": _help(param)}
    kind = param["type"]
    if kind == "boolean":
        kwargs.update(action=argparse.BooleanOptionalAction, default=bool(param["default"]))
    else:
        kwargs.update(required=_required(param), default=param["default"])
        kwargs.update(metavar=_metavar(param), type=_converter(param))
        if param.get("multiple") or kind == "matrix":
            kwargs["nargs"] = "+"
    group.add_argument(option_name(param["name"]), **kwargs)


def _metavar(param: dict[str, Any]) -> str:
    kind = param["type"]
    if kind == "enum":
        return "CHOICE"
    if kind == "extent":
        return "EXTENT"
    if kind == "source":
        return "PATH[|layername=NAME]"
    if kind == "number":
        return "INT" if param.get("number_type") == "integer" else "NUMBER"
    if kind in ("multilayer", "raster", "file") or param["destination"]:
        return "PATH"
    return "VALUE" if kind == "matrix" else "TEXT"


def _help(param: dict[str, Any]) -> str:
    described = param["help"].startswith(param["description"])  # the help names the parameter
    parts = [param["help"] if described else f"{param['description']}: {param['help']}"]
    if param["type"] == "enum":
        choices = "; ".join(f"{i} = {text}" for i, text in enumerate(param["options"]))
        several = " (one or more)" if param.get("multiple") else ""
        parts.append(f"Choices{several}, by text (or words of only this one) or number: {choices}.")
        if param["default"] is not None:
            parts.append(f"Default: {param['options'][param['default']]}.")
    elif param["type"] == "boolean":
        parts.append(f"Default: {'yes' if param['default'] else 'no'}.")
    elif param["default"] not in (None, ""):
        parts.append(f"Default: {param['default']}.")
    if param["type"] == "extent":
        parts.append(
            "Give xmin,xmax,ymin,ymax, optionally followed by its CRS (quote it: "
            "'500000,510000,4090000,4100000 [EPSG:32633]'); without one, the rasters' CRS."
        )
    if param["type"] == "matrix":
        parts.append(
            "Give the values row after row (" + ", ".join(param.get("headers", [])) + "), or "
            "one JSON list."
        )
    if param["destination"] and param["optional"]:
        parts.append("Written only when given.")
    return " ".join(parts).replace("%", "%%")


def _converter(param: dict[str, Any]) -> Callable[[str], Any] | None:
    kind = param["type"]
    if kind == "enum":
        return _enum(param)
    if kind == "number":
        return _number(param)
    if kind == "extent":
        return parse_extent
    if kind == "source":
        return parse_vector
    return None


def _enum(param: dict[str, Any]) -> Callable[[str], int]:
    options = param["options"]
    keys = {text.lower(): i for i, text in enumerate(options)}
    keys.update({slug(text): i for i, text in enumerate(options)})

    def convert(value: str) -> int:
        text = value.strip()
        if text.lower() in keys or slug(text) in keys:  # the text first: options may be numbers
            return keys.get(text.lower(), keys.get(slug(text), 0))
        if text.isdigit() and int(text) < len(options):
            return int(text)
        words = set(slug(text).split("-")) - {""}
        having = [i for i, o in enumerate(options) if words and words <= set(slug(o).split("-"))]
        if len(having) == 1:  # words of only one option: "entropy", "spatial by label feature"
            return having[0]
        raise argparse.ArgumentTypeError(
            f"'{value}' is not one of: " + "; ".join(f"{i} = {o}" for i, o in enumerate(options))
        )

    return convert


def _number(param: dict[str, Any]) -> Callable[[str], float | int]:
    integer = param.get("number_type") == "integer"
    low, high = param.get("minimum"), param.get("maximum")

    def convert(value: str) -> float | int:
        try:
            number: float | int = int(value) if integer else float(value)
        except ValueError:
            kind = "a whole number" if integer else "a number"
            raise argparse.ArgumentTypeError(f"'{value}' is not {kind}") from None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{'' if low is None else low} .. {'' if high is None else high}"
            raise argparse.ArgumentTypeError(f"{value} is outside {bounds}")
        return number

    return convert


def parse_extent(value: str) -> tuple[float, float, float, float, str | None]:
    """``"xmin,xmax,ymin,ymax [EPSG:xxxx]"`` (QGIS's order) -> the four numbers and the CRS."""
    match = re.fullmatch(r"\s*([^\[]*?)\s*(?:\[\s*(.*?)\s*\])?\s*", value)
    text, crs = (match.group(1), match.group(2) or None) if match else (value, None)
    words = text.split()
    if crs is None and len(words) > 1 and ":" in words[-1]:  # "... EPSG:4326" without brackets
        text, crs = " ".join(words[:-1]), words[-1]
    try:
        xmin, xmax, ymin, ymax = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an extent: give xmin,xmax,ymin,ymax, optionally followed by a "
            "CRS such as [EPSG:4326]"
        ) from None
    if xmin >= xmax or ymin >= ymax:
        raise argparse.ArgumentTypeError(f"the extent '{value}' is empty (xmin,xmax,ymin,ymax)")
    return xmin, xmax, ymin, ymax, crs


def parse_vector(value: str) -> tuple[str, str | None]:
    """``path`` or ``path|layername=name`` -> (path, layer name or None)."""
    path, _, rest = value.partition("|")
    layer = None
    for part in rest.split("|"):
        key, _, name = part.partition("=")
        if key.strip().lower() == "layername" and name:
            layer = name
    return path, layer

from ._persist import dump, dumps, get_untrusted_types, load, loads
from ._visualize import visualize

__all__ = ["dumps", "load", "loads", "dump", "get_untrusted_types", "visualize"]

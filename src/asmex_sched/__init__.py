"""asmex-sched: plan the BtoB meetings of a trade mission."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("asmex-sched")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]

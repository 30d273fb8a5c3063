"""asmex-sched: plan the BtoB meetings of a trade mission."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked:
    ``importlib.metadata`` took about 0.1 s at import, before the console script had
    its signal handlers, and a Ctrl-C then gave a traceback and exit 1 (an IT tester)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("asmex-sched")
    except PackageNotFoundError:  # running from a source tree without install
        found = "0.0.0"
    globals()["__version__"] = found
    return found

"""Command-line interface (the only package that imports typer and rich)."""

from asmex_sched.cli.app import app, main

__all__ = ["app", "main"]

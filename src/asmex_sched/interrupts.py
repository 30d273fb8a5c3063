"""Ctrl-C and SIGTERM, from the program's first instant to its end (the CLI's).

A signal handler's exception lands in whatever Python code runs at that instant. While
the CLI starts (importing pandas, OR-Tools and rich: one to two seconds), that is the
middle of an import: a cron operator's tester's SIGTERM 0.03 to 0.15 s after launch was
swallowed by the import lock's weakref callback ("Exception ignored in
_get_module_lock") and the run went on to write the agenda, exit 0, or broke a class
being made (``RuntimeError: Error calling __set_name__``), exit 1 with a traceback. So
a signal is recorded, and raised as ``KeyboardInterrupt`` only once a command's own
code runs (:func:`command_started`: its log set up); one received before is acted on
there, or by the entry point once the imports are done. Stdlib only: installed before
anything heavy is imported.
"""

from __future__ import annotations

import signal

#: The signals received (Ctrl-C's SIGINT, SIGTERM), in order: a KeyboardInterrupt lost
#: in a finalizer is still remembered here (:func:`stop_if_received`).
received: list[int] = []

#: Non-empty once signals raise (a command's own code runs).
_raising: list[bool] = []


def on_signal(signum: int, frame: object) -> None:
    """Record the signal; raise ``KeyboardInterrupt`` once a command runs, as Ctrl-C
    does (its temporary files are removed, the previous agenda stays as it was)."""
    received.append(signum)
    if _raising:
        raise KeyboardInterrupt


def install() -> None:
    """Signals recorded, not raised, until :func:`command_started`. SIGINT only where
    Python's own Ctrl-C handler (or ours) is in place: not when started with Ctrl-C
    ignored (a background job, ``nohup``)."""
    _raising.clear()
    signal.signal(signal.SIGTERM, on_signal)
    if signal.getsignal(signal.SIGINT) in (signal.default_int_handler, on_signal):
        signal.signal(signal.SIGINT, on_signal)


def command_started() -> None:
    """A command's own code runs from here: signals raise, and one received while the
    program started stops it now."""
    if not _raising:
        _raising.append(True)
    stop_if_received()


def stop_if_received() -> None:
    """Raise ``KeyboardInterrupt`` if a signal was received: one recorded while
    starting, or raised in a finalizer (``ZipFile.__del__``), where it is printed as
    "ignored" and lost (the run went on to write the agenda and exit 0; a second
    reader)."""
    if received:
        raise KeyboardInterrupt


def finishing() -> None:
    """The command's outcome decided and said: Ctrl-C and SIGTERM are ignored from here
    on, so that the exit code it logs is the run's (a SIGTERM just after the agenda was
    written gave exit 130 once ``exit 0`` was logged; a cron operator's tester). Only
    where :func:`install` put our handler (not in a test runner's process); ignored,
    not left to Python, whose shutdown puts the default back (exit 143)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is on_signal:
            signal.signal(signum, signal.SIG_IGN)

"""CP-SAT solves that a signal stops at once.

``solver.solve`` holds the main thread inside OR-Tools: Python's signal handlers run
only between bytecodes, so a SIGTERM or Ctrl-C waited for the solve's end. In cut
generation no callback comes back to Python: a SIGTERM at 60 s was acted on 268 s
later, and with ``--time-limit 1e9`` ``timeout`` and a second ``kill -TERM`` were
ignored for 15 minutes, only SIGKILL stopped the run (an operations QA tester). So the
solve runs in a worker thread while the main thread waits in short joins, where the
handler runs (:mod:`asmex_sched.interrupts`); its ``KeyboardInterrupt`` calls
``StopSearch`` (thread-safe), waits for the solver to return, and goes on up (exit
130, the previous agenda as it was). The search itself is the same: same result.
"""

from __future__ import annotations

import threading

from ortools.sat.python import cp_model

#: Seconds between two checks of the main thread for a signal.
_POLL = 0.1


def solve(solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
    """``solver.solve(model)``, stoppable by a signal in the main thread (a
    ``KeyboardInterrupt`` raised while waiting stops the search and is re-raised)."""
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model)  # signals are handled only in the main thread
    outcome: list[int] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(solver.solve(model))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            failure.append(exc)
        finally:
            done.set()

    # An event, not Thread.join: a join interrupted by the handler's exception marks a
    # running thread as ended (Python 3.11's bpo-45274 fix releases its state lock),
    # and the run exited with the solver still running: "terminate called without an
    # active exception", SIGABRT.
    threading.Thread(target=work, name="cp-sat", daemon=True).start()
    try:
        while not done.wait(_POLL):
            pass
    except BaseException:
        solver.stop_search()
        while not done.is_set():  # the solver returns promptly once stopped
            try:
                done.wait(_POLL)
            except KeyboardInterrupt:
                solver.stop_search()
        raise
    if failure:
        raise failure[0]
    return outcome[0]

"""Error hierarchy. Each error class carries the process exit code the CLI uses.

Exit codes (also in the README, case by case in docs/operations.md):

====  =======================================================================
0     agenda written (or nothing to do: the roster is unchanged)
1     ``check`` found rule violations in an agenda
2     bad input: roster, agenda or options (every problem is listed)
3     proven infeasible: fixed/locked meetings conflict (the message says which)
4     no plan found within the time limit
5     the validator rejected the computed agenda (a bug: nothing is written)
6     another run holds the lock (re-planning from cron)
70    internal error (a bug): nothing is written; the log has the traceback
73    an output (agenda, its folder, lock or history, report folder) cannot be
      written: the message names the path and the reason
129   killed by SIGHUP (the terminal of a run by hand closed): the signal's
      default, not caught; the previous agenda whole, or the new one in place
130   interrupted: Ctrl-C, or SIGTERM (``kill``, cron's ``timeout``)
143   killed by SIGTERM in the instant it was starting or exiting, before or
      after the handler: nothing written yet, or the run had finished
====  =======================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_SOLUTION = 4
EXIT_INVALID_PLAN = 5
EXIT_LOCKED = 6
#: sysexits' EX_CANTCREAT: an output file or folder cannot be created or written.
EXIT_CANT_WRITE = 73
#: An internal error (a bug); sysexits' EX_SOFTWARE.
EXIT_INTERNAL = 70
#: Interrupted by Ctrl-C or SIGTERM (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One input problem, located as precisely as possible.

    ``row`` is the spreadsheet row number as the user sees it (header = 1).
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class AsmexError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class InputError(AsmexError):
    """Bad input; carries *every* problem found, not just the first."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]  # type: ignore[list-item]
        self.problems: list[Problem | str] = list(problems)  # type: ignore[arg-type]
        super().__init__("; ".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class InfeasibleError(AsmexError):
    """The hard requirements (fixed or locked meetings) cannot all hold."""

    exit_code = EXIT_INFEASIBLE


class NoSolutionError(AsmexError):
    """No plan was found within the time limit."""

    exit_code = EXIT_NO_SOLUTION


class _ViolationsError(AsmexError):
    """A summary line, then one message per rule violation."""

    def __init__(self, summary: str, violations: Sequence[object]) -> None:
        self.violations = list(violations)
        super().__init__(summary)

    def messages(self) -> list[str]:
        return [str(self)] + [str(v) for v in self.violations]


class AgendaConflictError(_ViolationsError):
    """``report``: an agenda edited by hand that double-books a company, a pair or a
    table (nothing is written: the companies would be sent the conflict)."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, path: object, violations: Sequence[object]) -> None:
        super().__init__(
            f"{path} was edited by hand and breaks {len(violations)} rule(s) on its "
            "own: no agenda is written; fix the meetings named (run 'check' with the roster "
            "for every rule), or run 'plan' on it",
            violations,
        )


class InvalidPlanError(_ViolationsError):
    """The validator rejected a computed plan (a bug; nothing is written)."""

    exit_code = EXIT_INVALID_PLAN

    def __init__(self, violations: Sequence[object]) -> None:
        super().__init__(f"{len(violations)} rule violation(s) in the computed plan", violations)


class LockedError(AsmexError):
    """Another run holds the agenda's lock."""

    exit_code = EXIT_LOCKED


class OutputError(AsmexError):
    """An output path cannot be written (read-only folder, a file in the way, no
    permission, disk full); nothing was written."""

    exit_code = EXIT_CANT_WRITE


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C or SIGTERM once the new agenda was in place: the message says what was
    written ("nothing was written" was printed, and the previous agenda's history copy
    deleted, for a SIGTERM landing in the rename's last steps; an IT tester)."""


class NewerAgendaError(InputError):
    """An agenda written by a newer version (its Summary ``agenda_format`` above this
    version's): refused as it is, not as a baseline to fix or replace with ``--fresh``
    (a reader: the advice beside the refusal said to)."""

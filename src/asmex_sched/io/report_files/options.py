"""The formats ``report`` writes (``--format``): the known ones, the default, and
:func:`parse_formats`.
"""

from __future__ import annotations

from collections.abc import Iterable

from asmex_sched.errors import InputError

FORMATS: tuple[str, ...] = ("xlsx", "ics", "pdf")
DEFAULT_FORMATS: tuple[str, ...] = ("xlsx", "ics")


def parse_formats(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """``"xlsx,ics"`` (or several such values) -> ``("xlsx", "ics")`` in canonical order.

    Raises
    ------
    InputError
        An unknown or empty format.
    """
    if values is None:
        return DEFAULT_FORMATS
    if isinstance(values, str):
        values = [values]
    wanted: set[str] = set()
    bad: list[str] = []
    for value in values:
        for part in str(value).split(","):
            p = part.strip().lower().lstrip(".")
            if not p:
                continue
            if p in FORMATS:
                wanted.add(p)
            else:
                bad.append(part.strip())
    if bad:
        raise InputError(
            f"--format: unknown format(s) {', '.join(repr(b) for b in bad)} "
            f"(choose among {', '.join(FORMATS)}, comma-separated)"
        )
    if not wanted:
        raise InputError(f"--format: no format given (choose among {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted)

"""The instance's fingerprint: the ``input_hash`` and ``planning_hash`` of agendas.

:func:`fingerprint` hashes the normalised domain objects (field names and values, never
module or class names), so that a workbook saved again unchanged keeps its hash;
:data:`DETAILS_ONLY_FIELDS` are left out of the planning hash, :data:`ADDED_LATER`
out of both while at their default. Imports :mod:`.mission` and :mod:`.instance`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from enum import Enum

from asmex_sched.domain.instance import Instance
from asmex_sched.domain.mission import Company, Mission, Unavailability

#: What the mission's, a company's and an unavailability's rows say that planning does
#: not read (:func:`fingerprint`'s ``planning_only``): the mission's name and place, a
#: company's contacts, a block's reason. Not a company's name: a company new under a
#: departed one's name is taken as that company back (``replan.namesakes``; a name change
#: taken for a detail failed every cron run; a last reader).
DETAILS_ONLY_FIELDS: Mapping[type, frozenset[str]] = {
    Mission: frozenset({"name", "city", "venue", "country"}),
    Company: frozenset({"contact", "email", "phone"}),
    Unavailability: frozenset({"reason"}),
}


#: Fields added after agendas were sent, left out of the fingerprint while at their
#: default: the agendas written before them keep their hash, and their unchanged
#: roster is no change (every agenda was rewritten once after the upgrade, saying
#: "only contacts ... changed"; an adversarial reader).
ADDED_LATER: Mapping[type, Mapping[str, object]] = {Mission: {"country": ""}}


def fingerprint(
    instance: Instance,
    options: Mapping[str, object] | None = None,
    *,
    planning_only: bool = False,
) -> str:
    """SHA-256 of the instance's content (and planning options), for no-op detection.

    Built from the normalised domain objects, not the file bytes, so that
    re-saving a workbook without changing its content keeps the same hash.
    ``planning_only``: without :data:`DETAILS_ONLY_FIELDS` (a phone number corrected is
    not a change of what is planned).
    """
    import hashlib
    import json
    from dataclasses import asdict

    def default(o: object) -> object:
        if isinstance(o, (date, time)):
            return o.isoformat()
        if isinstance(o, Enum):
            return o.value
        raise TypeError(type(o))

    def fields(o: object) -> dict[str, object]:
        d = asdict(o)  # type: ignore[call-overload]
        for name, default in ADDED_LATER.get(type(o), {}).items():
            if d.get(name) == default:
                del d[name]
        if planning_only:
            left_out = DETAILS_ONLY_FIELDS.get(type(o), frozenset())
            d = {k: v for k, v in d.items() if k not in left_out}
        return d

    payload = {
        "mission": fields(instance.mission),
        "exporters": [fields(c) for c in instance.exporters],
        "buyers": [fields(c) for c in instance.buyers],
        "requests": [asdict(r) for r in instance.requests],
        "unavailability": sorted(
            (fields(u) for u in instance.unavailability),
            key=lambda d: json.dumps(d, default=default, sort_keys=True),
        ),
        "fixed": sorted(
            (asdict(f) for f in instance.fixed),
            key=lambda d: json.dumps(d, default=default, sort_keys=True),
        ),
        "options": dict(sorted((options or {}).items())),
    }
    text = json.dumps(payload, default=default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""The instance's fingerprint: the ``input_hash`` and ``planning_hash`` of agendas, and
the ``mission_hash`` of their Mission sheet.

:func:`fingerprint` hashes the normalised domain objects (field names and values, never
module or class names), so that a workbook saved again unchanged keeps its hash;
:data:`DETAILS_ONLY_FIELDS` are left out of the planning hash, :data:`ADDED_LATER`
out of both while at their default, :data:`PLACE_FIELDS` out of both. :func:`mission_hash`
hashes the mission's settings alone, and :func:`mission_typed_over` tells an agenda's
Mission sheet edited since. Imports :mod:`.mission`, :mod:`.instance` and :mod:`.agenda`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as fields_of
from datetime import date, time
from enum import Enum

from asmex_sched.domain.agenda import Agenda
from asmex_sched.domain.instance import Instance
from asmex_sched.domain.mission import Company, FixedMeeting, Mission, Unavailability

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

#: Where a row is typed in the roster, kept for messages only (``FixedMeeting.sheet``
#: and ``row``; a French coordinator's tester): left out of both hashes, as a row
#: moved up or a sheet renamed changes nothing planned, and agendas written before
#: them keep their hash.
PLACE_FIELDS: Mapping[type, frozenset[str]] = {FixedMeeting: frozenset({"sheet", "row"})}


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

    def default(o: object) -> object:
        if isinstance(o, (date, time)):
            return o.isoformat()
        if isinstance(o, Enum):
            return o.value
        raise TypeError(type(o))

    def fields(o: object) -> dict[str, object]:
        d = asdict(o)  # type: ignore[call-overload]
        for name in PLACE_FIELDS.get(type(o), ()):
            del d[name]
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
            (fields(f) for f in instance.fixed),
            key=lambda d: json.dumps(d, default=default, sort_keys=True),
        ),
        "options": dict(sorted((options or {}).items())),
    }
    text = json.dumps(payload, default=default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mission_hash(mission: Mission) -> str:
    """SHA-256 of the mission's settings, the Summary's ``mission_hash``: the agenda's
    Mission sheet is a copy of the roster's that ``plan`` writes back, and an edit made
    there was reverted by the next re-plan without a word, or, the roster unchanged,
    kept and sent to the companies by ``report`` (a tester, session 67). Numbers as
    floats (``notice_hours`` 12 in a roster reads back 12.0); :data:`ADDED_LATER`
    fields left out while at their default, as in :func:`fingerprint`. Give it the
    mission as the agenda reads it back (``io.agenda.mission_as_read``)."""
    import hashlib
    import json

    def default(o: object) -> object:
        if isinstance(o, (date, time)):
            return o.isoformat()
        raise TypeError(type(o))

    d = asdict(mission)
    for name, at_default in ADDED_LATER.get(Mission, {}).items():
        if d.get(name) == at_default:
            del d[name]
    d = {k: float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
         for k, v in d.items()}  # fmt: skip
    text = json.dumps(d, default=default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The Mission settings the Summary records beside ``mission_hash``, as ``Mission``
#: field -> Summary key: what an agenda alone tells of the mission ``plan`` wrote.
SUMMARY_MISSION_KEYS: Mapping[str, str] = {
    "name": "mission",
    "city": "city",
    "venue": "venue",
    "first_day": "first_day",
    "days": "days",
    "timezone": "timezone",
}


@dataclass(frozen=True)
class MissionTypedOver:
    """An agenda's Mission sheet edited since ``plan`` wrote it
    (:func:`mission_typed_over`)."""

    #: The settings typed over that can be told (``Mission`` field names, in its order).
    settings: tuple[str, ...]
    #: The mission as ``plan`` wrote it, when it can be told; ``None`` when settings the
    #: Summary does not record were typed over too, which cannot be told from the hash.
    written: Mission | None


def _differing(a: Mission, b: Mission) -> tuple[str, ...]:
    return tuple(f.name for f in fields_of(Mission) if getattr(a, f.name) != getattr(b, f.name))


def _as_recorded(agenda: Agenda) -> Mission | None:
    """The agenda's mission with the settings its Summary records as ``plan`` wrote
    them (``None`` when a key is missing or does not read)."""
    s = agenda.summary
    try:
        return replace(
            agenda.mission,
            **{f: s[k] for f, k in SUMMARY_MISSION_KEYS.items() if f not in ("first_day", "days")},
            first_day=date.fromisoformat(s["first_day"]),
            days=int(s["days"]),
        )
    except (KeyError, ValueError, TypeError):
        return None


def mission_typed_over(agenda: Agenda, roster: Mission | None = None) -> MissionTypedOver | None:
    """Whether ``agenda``'s Mission sheet no longer matches the ``mission_hash`` its
    Summary records, and which settings were typed over: against the mission the
    Summary's ``mission_written`` records (``Agenda.mission_written``: every setting),
    else, in an agenda written before that key, against ``roster``'s mission (as the
    agenda would read it back) when that is the mission ``plan`` wrote (the roster's
    Mission unchanged since), else against the settings the Summary records. ``None``
    for an agenda not edited there, or without the key (written before it: nothing to
    tell)."""
    recorded = str(agenda.summary.get("mission_hash", ""))
    if not recorded or recorded == mission_hash(agenda.mission):
        return None
    as_recorded = _as_recorded(agenda)
    for written in (agenda.mission_written, roster, as_recorded):
        if written is not None and mission_hash(written) == recorded:
            return MissionTypedOver(_differing(written, agenda.mission), written)
    told = _differing(as_recorded, agenda.mission) if as_recorded is not None else ()
    return MissionTypedOver(told, None)

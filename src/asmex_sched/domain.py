"""Pure domain of asmex-sched: frozen dataclasses keyed by the roster's own ids.

Nothing here reads files, prints or imports a solver. Every rule of the model is
stated in terms of these objects (see ``docs/model.md``); the CP-SAT model, the
independent validator and the reports all derive the same facts from the same
functions defined here (slot grid, availability, candidate slots, interpreter
need, request weight), so that they cannot disagree on the *data*, while the
validator re-checks the *rules* on its own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from functools import cache, cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Participant groups usable in the ``Unavailability`` sheet.
GROUP_ALL = "ALL"
GROUP_EXPORTERS = "EXPORTERS"
GROUP_BUYERS = "BUYERS"


class Side(str, Enum):
    """Which side of the mission a company is on."""

    EXPORTER = "exporter"
    BUYER = "buyer"


class RequestedBy(str, Enum):
    """Who asked for a meeting."""

    EXPORTER = "exporter"
    BUYER = "buyer"
    BOTH = "both"

    def merge(self, other: RequestedBy) -> RequestedBy:
        """Combine two requests for the same pair (both sides asked -> BOTH)."""
        return self if self == other else RequestedBy.BOTH


@dataclass(frozen=True)
class Mission:
    """Mission settings (the ``Mission`` sheet).

    Parameters
    ----------
    first_day
        Date of the first mission day.
    days
        Number of consecutive mission days.
    day_start, day_end
        Opening hours of every day; no meeting starts before ``day_start`` or
        ends after ``day_end``.
    meeting_minutes
        Length of one meeting; meetings are back to back.
    breaks
        ``(start, end)`` pairs valid every day; a slot that would overlap a
        break starts at the break's end instead.
    tables
        Number of numbered meeting tables available in every slot.
    interpreters
        Number of meetings per slot that can have an interpreter.
    notice_hours
        Re-planning freeze horizon: meetings starting before now + this many
        hours are never moved.
    country
        Host country (ISO 3166 code; "" for the time zone's, ``none`` for no
        check): its weekend days and public holidays are warned about, never
        planned around (io/host_calendar.py).
    """

    first_day: date
    name: str = "Trade mission"
    city: str = ""
    venue: str = ""
    timezone: str = "Africa/Nairobi"
    country: str = ""
    days: int = 5
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    meeting_minutes: int = 30
    breaks: tuple[tuple[time, time], ...] = ()
    tables: int = 10
    interpreters: int = 0
    notice_hours: float = 12.0

    @property
    def dates(self) -> tuple[date, ...]:
        """The mission's days, in order."""
        return tuple(self.first_day + timedelta(days=i) for i in range(self.days))

    @property
    def half_day_boundary(self) -> time:
        """Time that separates the morning session from the afternoon one.

        The start of the longest break that begins between 11:00 and 15:00 (the
        lunch break), or 13:00 when there is none.
        """
        lunch = [
            (_minutes(e) - _minutes(s), s)
            for s, e in self.breaks
            if time(11, 0) <= s <= time(15, 0)
        ]
        if lunch:
            return max(lunch, key=lambda t: (t[0], -_minutes(t[1])))[1]
        return time(13, 0)


@dataclass(frozen=True)
class Company:
    """One exporter or buyer (a row of ``Exporters`` / ``Buyers``).

    ``wishes`` holds the ids of companies on the other side, most wanted first
    (already resolved from names by the reader).
    """

    id: str
    name: str
    side: Side
    sectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    delegates: int = 1
    max_meetings: int | None = None
    contact: str = ""
    email: str = ""
    phone: str = ""
    wishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """A wanted meeting between one exporter and one buyer.

    ``priority`` is 1 (highest), 2 or 3. Requests are unique per pair: the
    reader merges wishes and ``Requests`` rows of the same pair, keeping the
    best priority and merging ``requested_by``.
    """

    exporter_id: str
    buyer_id: str
    priority: int = 2
    requested_by: RequestedBy = RequestedBy.EXPORTER

    @property
    def key(self) -> tuple[str, str]:
        """``(exporter_id, buyer_id)``: the pair's identity everywhere."""
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Unavailability:
    """A block of time during which ``participant`` cannot meet.

    ``participant`` is a company id or one of ``ALL``, ``EXPORTERS``, ``BUYERS``.
    """

    participant: str
    day: date
    start: time
    end: time
    reason: str = ""


@dataclass(frozen=True)
class FixedMeeting:
    """A meeting that must take place at ``day``/``start`` (and ``table`` if given).

    ``source`` says why it is fixed: ``fixed`` (the roster's ``Fixed`` sheet),
    ``locked`` (marked by the coordinator in a published agenda) or ``frozen``
    (inside the re-planning notice horizon).
    """

    exporter_id: str
    buyer_id: str
    day: date
    start: time
    table: int | None = None
    source: str = "fixed"

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Slot:
    """One meeting slot. ``index`` is global and chronological (0, 1, ...).

    ``session`` is the global half-day index: ``2 * day_index`` for the
    morning, ``2 * day_index + 1`` for the afternoon.
    """

    index: int
    day_index: int
    day: date
    start: time
    end: time
    session: int

    @property
    def label(self) -> str:
        """``YYYY-MM-DD HH:MM``, how users name a slot."""
        return f"{self.day.isoformat()} {self.start:%H:%M}"


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting: a requested pair at a slot and a numbered table."""

    exporter_id: str
    buyer_id: str
    slot: int
    table: int
    interpreter: bool = False
    locked: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)


@dataclass(frozen=True)
class Schedule:
    """A set of meetings, kept sorted by (slot, table, exporter, buyer)."""

    meetings: tuple[Meeting, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(
            sorted(self.meetings, key=lambda m: (m.slot, m.table, m.exporter_id, m.buyer_id))
        )
        object.__setattr__(self, "meetings", ordered)

    def __len__(self) -> int:
        return len(self.meetings)

    @cached_property
    def by_key(self) -> dict[tuple[str, str], Meeting]:
        """Meetings by pair (the last one wins if a pair is duplicated)."""
        return {m.key: m for m in self.meetings}

    def of_company(self, company_id: str) -> tuple[Meeting, ...]:
        """Meetings involving ``company_id``, in time order."""
        return tuple(m for m in self.meetings if company_id in (m.exporter_id, m.buyer_id))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def build_slots(mission: Mission) -> tuple[Slot, ...]:
    """The mission's slot grid.

    Each day, meetings of ``meeting_minutes`` run back to back from
    ``day_start``; a slot that would overlap a break starts at that break's end
    instead; the last slot ends no later than ``day_end``.
    """
    length = mission.meeting_minutes
    breaks = sorted((_minutes(s), _minutes(e)) for s, e in mission.breaks)
    boundary = _minutes(mission.half_day_boundary)
    slots: list[Slot] = []
    for d, day in enumerate(mission.dates):
        t = _minutes(mission.day_start)
        end_of_day = _minutes(mission.day_end)
        while t + length <= end_of_day:
            clash = [be for bs, be in breaks if bs < t + length and t < be]
            if clash:
                t = max(clash)
                continue
            session = 2 * d + (0 if t < boundary else 1)
            slots.append(Slot(len(slots), d, day, _time(t), _time(t + length), session))
            t += length
    return tuple(slots)


def request_weight(request: Request) -> int:
    """Value of holding ``request`` (objective tier 2, rule S2).

    Priority 1, 2, 3 is worth 6, 4, 2 points; a request made by both sides
    earns 6 more, so a mutual request of any priority outweighs a one-sided
    one. Wish ranks were already turned into priorities by the reader.
    """
    base = {1: 6, 2: 4, 3: 2}.get(request.priority, 2)
    return base + (6 if request.requested_by == RequestedBy.BOTH else 0)


def wish_priority(rank: int) -> int:
    """Priority of the ``rank``-th wish in a list (1-based): 1-3 -> 1, 4-6 -> 2, later -> 3."""
    if rank <= 3:
        return 1
    if rank <= 6:
        return 2
    return 3


#: Language names (English, French, the language's own) and ISO 639-2/3 codes of the
#: languages a trade mission meets, to their ISO 639-1 code: ``French``, ``Français``,
#: ``fra`` and ``fr-FR`` all mean ``fr``, so that two companies writing the same
#: language differently do not get an interpreter, or lose their meeting, for it.
LANGUAGE_NAMES: Mapping[str, str] = {
    name: code
    for code, names in {
        "fr": ("french", "francais", "fra", "fre", "francophone", "فرنسي", "فرنسية"),
        "en": ("english", "anglais", "eng", "ang", "angl", "anglophone", "ing", "إنجليزي",
               "انجليزي", "انجليزية", "الانجليزية"),  # 'Ang.': not Old English
        # with the ISO 639-3 codes of its varieties: Darija read as ar, its code ary as
        # another language, booked an interpreter for nothing (a tester)
        "ar": ("arabic", "arabe", "arab", "ara", "العربية", "عربي", "darija", "ary", "arb",
               "arq", "aeb", "apc", "acm", "ars", "afb", "ajp", "apd", "ayl", "acq", "arabophone",
               "عربية"),
        "sw": ("swahili", "kiswahili", "swa", "swh", "swc"),
        "es": ("spanish", "espagnol", "espanol", "spa", "castellano", "esp", "hispanophone"),
        "pt": ("portuguese", "portugais", "portugues", "por", "port", "lusophone"),
        "de": ("german", "allemand", "deutsch", "deu", "ger", "allem"),
        "it": ("italian", "italien", "italiano", "ita", "ital"),
        "nl": ("dutch", "neerlandais", "nederlands", "nld", "dut"),
        "zh": ("chinese", "chinois", "mandarin", "zho", "chi", "中文", "cmn"),
        "ru": ("russian", "russe", "rus"),
        "tr": ("turkish", "turc", "turkce", "tur"),
        "hi": ("hindi", "hin"),
        "ja": ("japanese", "japonais", "jpn"),
        "ko": ("korean", "coreen", "kor"),
        "am": ("amharic", "amharique", "amh"),
        "ha": ("hausa", "haoussa", "hau"),
        "wo": ("wolof", "wol"),
        "so": ("somali", "somalien", "som"),
        # Languages of the missions' regions (East and West Africa, the Maghreb) and
        # others a roster names: a cell of one name the tool did not know was refused.
        # (Tamazight's varieties, zgh and tzm, as one: Kabyle and Tachelhit are not.)
        "ber": ("tamazight", "amazigh", "berber", "berbere", "zgh", "tzm"),
        "ki": ("kikuyu", "gikuyu", "kik"),
        "ln": ("lingala", "lin"),
        "kln": ("kalenjin",),
        "luo": ("dholuo",),
        "om": ("oromo", "orm"),
        "yo": ("yoruba", "yor"),
        "ig": ("igbo", "ibo"),
        "zu": ("zulu", "zul"),
        "xh": ("xhosa", "xho"),
        "ti": ("tigrinya", "tir"),
        "rw": ("kinyarwanda", "kin"),
        "rn": ("kirundi", "run"),
        "mg": ("malagasy", "malgache", "mlg"),
        "sn": ("shona", "sna"),
        # Pulaar (Senegal's, fuc) and Pular (Guinea's, fuf) are Fula, as Peul is read
        "ff": ("fula", "fulani", "peul", "pular", "pulaar", "poular", "fulfulde", "ful",
               "fuc", "fuf"),
        # Senegal's, the Gambia's and Mauritania's national languages (a Casablanca
        # office's tester found them refused)
        "srr": ("serer", "sereer", "serere"),
        "dyo": ("jola", "diola"),
        "mnk": ("mandinka", "mandingue", "mandingo"),
        "snk": ("soninke", "sarakole"),
        "mey": ("hassaniya", "hassaniyya", "hassania"),
        # Morocco's Tachelhit (Souss), apart from Tamazight (ber) as said above
        "shi": ("tachelhit", "tashelhit", "tachelhite", "tashelhiyt"),
        "bm": ("bambara", "bam"),
        "tw": ("twi",),
        "ee": ("ewe",),
        "af": ("afrikaans", "afr"),
        "fa": ("persian", "farsi", "persan", "fas", "per", "pes", "prs"),
        "ur": ("urdu", "ourdou", "urd"),
        "bn": ("bengali", "ben"),
        "pa": ("punjabi", "pan"),
        "ta": ("tamil", "tamoul", "tam"),
        "gu": ("gujarati", "guj"),
        "he": ("hebrew", "hebreu", "heb"),
        "el": ("greek", "grec", "gre", "ell"),
        "pl": ("polish", "polonais", "pol"),
        "uk": ("ukrainian", "ukrainien", "ukr"),
        "ro": ("romanian", "roumain", "ron", "rum"),
        "sv": ("swedish", "suedois", "swe"),
        "no": ("norwegian", "norvegien", "nor"),
        "da": ("danish", "danois", "dan"),
        "fi": ("finnish", "finnois", "fin"),
        "cs": ("czech", "tcheque", "ces", "cze"),
        "hu": ("hungarian", "hongrois", "hun"),
        "vi": ("vietnamese", "vietnamien", "vie"),
        "th": ("thai", "tha"),
        "id": ("indonesian", "indonesien", "indonesia", "ind"),
        "ms": ("malay", "malais", "melayu", "malaysia", "may"),  # not msa: Modern Standard Arabic
    }.items()
    for name in names
}


#: The ISO 639-1 language codes: a 2-letter "language" that is none of these is a
#: slip (a country code, ``ma`` or ``ke``), not a language a meeting can be held in.
ISO_639_1: frozenset[str] = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr
    cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv
    ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km
    kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc
    sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt
    tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


def time_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when it is not one. ``ZoneInfo`` raises
    more than ``ZoneInfoNotFoundError`` for a bad name: ``IsADirectoryError`` for a
    region such as ``Europe``, ``OSError`` for a name too long for a file name,
    ``ValueError`` for a path."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def later_by(timezone: str, moment: datetime, delta: timedelta) -> datetime:
    """``moment`` (naive, in ``timezone``; its ``fold`` tells the two passes of a
    repeated hour apart) plus ``delta`` of real time, naive in ``timezone`` again, its
    ``fold`` set. Naive arithmetic counts wall-clock time and drops ``fold``: a cron
    run at 02:30:30 in the second pass of Paris' autumn hour, rounded up to 02:31, was
    taken as the first pass, an hour earlier, and froze an hour too little (a tester)."""
    zone = time_zone(timezone)
    if zone is None:
        return moment + delta
    try:
        later = (moment.replace(tzinfo=zone).astimezone(UTC) + delta).astimezone(zone)
    except OverflowError:  # a notice of a year past the calendar's end: as before
        return moment + delta
    return later.replace(tzinfo=None)


def local_iso(timezone: str, moment: datetime) -> str:
    """A naive mission time to the minute with its UTC offset, ``2026-10-25T02:10+01:00``
    (the offset tells the repeated hour's two passes apart); without one when
    ``timezone`` is not known."""
    zone = time_zone(timezone)
    aware = moment.replace(tzinfo=zone) if zone is not None else moment
    return aware.isoformat(timespec="minutes")


def from_local_iso(text: str, timezone: str) -> datetime:
    """:func:`local_iso` read back: a naive mission time, ``fold`` set by its offset; a
    time written without one (agendas before it) as written. Raises ``ValueError``."""
    moment = datetime.fromisoformat(text)
    zone = time_zone(timezone)
    if moment.tzinfo is not None and zone is not None:
        try:
            return moment.astimezone(zone).replace(tzinfo=None)
        except OverflowError as exc:  # 0001-01-01T00:00+03:00 (a reader)
            raise ValueError(f"{text!r} is off the calendar") from exc
    return moment.replace(tzinfo=None)


def in_real_order(
    timezone: str, first: datetime, then: datetime, then_timezone: str | None = None
) -> bool:
    """Whether mission time ``first`` (in ``timezone``) comes before ``then`` (in
    ``then_timezone``, by default the same) in real time: naive comparison ignores
    ``fold`` (02:10 of the second pass is after 02:50 of the first), and a time zone
    corrected between two runs (a reader). Naive comparison where a zone is unknown or
    a time off the calendar's range."""
    zone, then_zone = time_zone(timezone), time_zone(then_timezone or timezone)
    if zone is None or then_zone is None:
        return first < then
    try:
        return first.replace(tzinfo=zone).astimezone(UTC) < then.replace(
            tzinfo=then_zone
        ).astimezone(UTC)
    except OverflowError:  # 0001-01-01 typed into a Summary (a reader: exit 70)
        return first < then


#: How :func:`clock_change_blocks` begins its blocks' reasons (the readers of a reason
#: tell those blocks by it: held meetings kept, French agendas).
CLOCK_CHANGE = "clock change: "


@cache  # asked for by each Fixed row and each company's agenda (7 ms a mission; a reader)
def clock_change_blocks(mission: Mission) -> tuple[Unavailability, ...]:
    """The wall-clock times of the mission's days, within its hours, that a clock change
    skips (they do not exist: spring) or repeats (they happen twice: autumn), as ``ALL``
    blocks that close their slots (rule H3), to the minute. Meetings were planned at
    02:00 and 02:30 on Paris' spring night, the same instants as 03:00 and 03:30, and
    a 02:30-03:00 meeting in autumn lasted 90 minutes in calendars (a tester). None in
    an unknown time zone or where the clocks do not change."""
    zone = time_zone(mission.timezone)
    if zone is None:
        return ()
    out: list[Unavailability] = []
    first, last = _minutes(mission.day_start), _minutes(mission.day_end)
    for day in mission.dates:
        run: tuple[int, str] | None = None  # (first minute, kind) of the current run
        for m in range(first, last + 1):
            kind = ""
            if m < last:
                wall = datetime.combine(day, _time(m))
                early = wall.replace(tzinfo=zone).utcoffset()
                late = wall.replace(tzinfo=zone, fold=1).utcoffset()
                if early != late:  # PEP 495: a gap reads fold=0 with the earlier offset
                    kind = "twice" if early > late else "skipped"  # type: ignore[operator]
            if run is not None and kind != run[1]:
                reason = (
                    f"{CLOCK_CHANGE}{_time(run[0]):%H:%M}-{_time(m):%H:%M} does not exist"
                    if run[1] == "skipped"
                    else f"{CLOCK_CHANGE}{_time(run[0]):%H:%M}-{_time(m):%H:%M} happens twice"
                )
                out.append(Unavailability(GROUP_ALL, day, _time(run[0]), _time(m), reason))
                run = None
            if kind and run is None:
                run = (m, kind)
    return tuple(out)


def notice_horizon(mission: Mission, now: datetime) -> datetime:
    """``now`` plus ``notice_hours`` of real time, as a time of the mission's time zone
    (naive, as every mission time): meetings starting before it are frozen (H9). A
    spring clock change night gave 11 real hours' notice for 12 (an IT tester)."""
    return later_by(mission.timezone, now, timedelta(hours=mission.notice_hours))


def strip_accents(text: str) -> str:
    """``text`` without its accents (``Société`` -> ``Societe``): the one rule the
    roster's name matching, language codes and departed companies' names share."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def language_code(text: str) -> str:
    """The ISO 639-1 code of a language as a coordinator writes it: case, accents and
    a region (``fr-FR``, ``pt_BR``) dropped, a known name or 3-letter code mapped
    (:data:`LANGUAGE_NAMES`); anything else lower-cased as written."""
    word = text.strip().lower()
    plain = strip_accents(word)
    if plain in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[plain]
    primary = plain.replace("_", "-").split("-", 1)[0]
    if primary != plain and (len(primary) == 2 or primary in LANGUAGE_NAMES):
        return LANGUAGE_NAMES.get(primary, primary)
    return plain if plain.isascii() else word


def participants_of(company: Company) -> frozenset[str]:
    """The ``Unavailability.participant`` values that concern ``company``: its id,
    ``ALL`` and its side's group (rule H3)."""
    group = GROUP_EXPORTERS if company.side == Side.EXPORTER else GROUP_BUYERS
    return frozenset({company.id, GROUP_ALL, group})


def needs_interpreter(a: Company, b: Company) -> bool:
    """True when both companies list languages and share none (rule H5)."""
    if not a.languages or not b.languages:
        return False
    return not (set(a.languages) & set(b.languages))


def _overlaps(slot: Slot, block: Unavailability) -> bool:
    return (
        slot.day == block.day
        and _minutes(slot.start) < _minutes(block.end)
        and _minutes(block.start) < _minutes(slot.end)
    )


@dataclass(frozen=True)
class Instance:
    """A whole planning problem: mission, companies, requests, constraints.

    Companies and requests are kept sorted by id so that every loop over them
    is deterministic. Derived lookups are computed once, lazily.
    """

    mission: Mission
    exporters: tuple[Company, ...]
    buyers: tuple[Company, ...]
    requests: tuple[Request, ...]
    unavailability: tuple[Unavailability, ...] = ()
    fixed: tuple[FixedMeeting, ...] = ()
    input_hash: str = ""
    #: Re-planning (rule H9): no meeting starts before this moment (naive, mission
    #: time: now + ``notice_hours``), except the fixed meetings and ``pinned``.
    horizon: datetime | None = None
    #: Re-planning: the announced meetings kept where they are (frozen or locked),
    #: the only ones besides fixed meetings that may start before ``horizon``.
    pinned: tuple[FixedMeeting, ...] = ()
    #: Companies that left the roster, kept only for the meetings they had already
    #: held (a record of the mission; ``replan.with_departed``): no new meeting, no
    #: place in fairness, marked ``left_mission`` in the agenda, no agenda of their own.
    departed: frozenset[str] = frozenset()
    #: Re-planning: ``(pair, interpreter)`` of the meetings already held, as the agenda
    #: booked them. Their need follows the booking, not today's languages: a language
    #: corrected mid-mission made held meetings "need" an interpreter, more than the
    #: mission has at those past times, and every re-plan stopped (a second reader).
    interpreter_booked: frozenset[tuple[tuple[str, str], bool]] = frozenset()
    #: Re-planning: ``(former id, id)`` of companies whose id was corrected in the
    #: roster (``replan.renamed_companies``), written in the agenda (``former_ids``) so
    #: that the link outlives the name that made it.
    former_ids: tuple[tuple[str, str], ...] = ()
    #: Re-planning: the meetings before the horizon as ``plan`` wrote them (the agenda's
    #: copy as written, not its edits): what they use is what each of those slots
    #: allows (``tables_at``, ``interpreters_at``, ``delegates_at``). Not the pins: a
    #: meeting typed by hand at a held time raised the limits it broke, and was
    #: published (a second reader).
    held: tuple[PublishedMeeting, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exporters", tuple(sorted(self.exporters, key=lambda c: c.id)))
        object.__setattr__(self, "buyers", tuple(sorted(self.buyers, key=lambda c: c.id)))
        object.__setattr__(self, "requests", tuple(sorted(self.requests, key=lambda r: r.key)))

    # ----------------------------------------------------------------- lookups
    @cached_property
    def slots(self) -> tuple[Slot, ...]:
        return build_slots(self.mission)

    @cached_property
    def companies(self) -> dict[str, Company]:
        """All companies by id (exporters first, then buyers)."""
        return {c.id: c for c in (*self.exporters, *self.buyers)}

    @cached_property
    def request_by_key(self) -> dict[tuple[str, str], Request]:
        return {r.key: r for r in self.requests}

    @cached_property
    def fixed_keys(self) -> frozenset[tuple[str, str]]:
        """The pairs of the roster's fixed meetings (rule H7; pinned ones are H8)."""
        return frozenset(f.key for f in self.fixed)

    def required_rule(self, key: tuple[str, str]) -> str:
        """The rule that requires the meeting of ``key``: H7 for a fixed meeting of the
        roster, H8 for one pinned by a re-plan (frozen or locked)."""
        return "H7" if key in self.fixed_keys else "H8"

    @cached_property
    def requests_of(self) -> dict[str, tuple[Request, ...]]:
        """Requests involving each company id (every company has an entry)."""
        out: dict[str, list[Request]] = {cid: [] for cid in self.companies}
        for r in self.requests:
            out[r.exporter_id].append(r)
            out[r.buyer_id].append(r)
        return {cid: tuple(rs) for cid, rs in out.items()}

    @cached_property
    def slot_by_time(self) -> dict[tuple[date, time], Slot]:
        return {(s.day, s.start): s for s in self.slots}

    @cached_property
    def sessions(self) -> dict[int, tuple[Slot, ...]]:
        """Slots of each half-day session, in order."""
        out: dict[int, list[Slot]] = {}
        for s in self.slots:
            out.setdefault(s.session, []).append(s)
        return {h: tuple(v) for h, v in sorted(out.items())}

    def blocks_of(self, company_id: str) -> tuple[Unavailability, ...]:
        """Unavailability blocks that concern ``company_id`` (own, ALL, its side)."""
        wanted = participants_of(self.companies[company_id])
        return tuple(u for u in self.unavailability if u.participant in wanted)

    def closed_to(self, slot: Slot, parties: Iterable[str] = ()) -> str | None:
        """The group whose Unavailability rows close ``slot`` to meetings (an opening
        ceremony, a site visit): ``ALL`` (also when both sides' are), ``EXPORTERS`` or
        ``BUYERS``; ``None`` if no group row covers it, or if one of ``parties`` is
        away then on its own rows too: that absence is what its counterpart must hear
        (rule H3; a second reader)."""
        own = set(parties)
        if any(u.participant in own and _overlaps(slot, u) for u in self.unavailability):
            return None
        groups = {
            u.participant
            for u in self.unavailability
            if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS) and _overlaps(slot, u)
        }
        if GROUP_ALL in groups or len(groups) == 2:
            return GROUP_ALL
        return groups.pop() if groups else None

    def closed_reason(self, slot: Slot) -> str:
        """The reason of a group row that closes ``slot`` (``ALL`` rows first), "" if
        none gives one: what the agenda's day grids show on a closed time."""
        rows = sorted(
            (u for u in self.unavailability
             if u.participant in (GROUP_ALL, GROUP_EXPORTERS, GROUP_BUYERS)
             and _overlaps(slot, u) and u.reason),
            key=lambda u: (u.participant != GROUP_ALL, u.participant, u.reason),
        )  # fmt: skip
        return rows[0].reason if rows else ""

    @cached_property
    def available(self) -> dict[str, frozenset[int]]:
        """Slot indices at which each company can meet (rule H3)."""
        out: dict[str, frozenset[int]] = {}
        for cid in self.companies:
            blocks = self.blocks_of(cid)
            out[cid] = frozenset(
                s.index for s in self.slots if not any(_overlaps(s, b) for b in blocks)
            )
        return out

    @cached_property
    def closed_slots(self) -> frozenset[int]:
        """Slots starting before the re-planning ``horizon`` (rule H9); none without one."""
        if self.horizon is None:
            return frozenset()
        return frozenset(
            s.index for s in self.slots if datetime.combine(s.day, s.start) < self.horizon
        )

    @cached_property
    def kept_before_horizon(self) -> frozenset[tuple[tuple[str, str], int]]:
        """(pair, slot) of the fixed and pinned meetings: exempt from rule H9."""
        out = set()
        for f in (*self.fixed, *self.pinned):
            slot = self.slot_of(f.day, f.start)
            if slot is not None:
                out.add((f.key, slot.index))
        return frozenset(out)

    @cached_property
    def candidates(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """Slots where both parties of each request are available (H3), sorted;
        when re-planning, not before the horizon unless the meeting is kept there (H9)."""
        closed, kept = self.closed_slots, self.kept_before_horizon
        return {
            r.key: tuple(
                sorted(
                    s
                    for s in self.available[r.exporter_id] & self.available[r.buyer_id]
                    if s not in closed or (r.key, s) in kept
                )
            )
            for r in self.requests
        }

    def only_before_horizon(self, key: tuple[str, str]) -> bool:
        """The pair's two companies share available slots, but all before the
        re-planning horizon (rule H9): why such a request cannot be held."""
        common = self.available[key[0]] & self.available[key[1]]
        return bool(common) and common <= self.closed_slots

    @cached_property
    def interpreter_needed(self) -> dict[tuple[str, str], bool]:
        booked = dict(self.interpreter_booked)
        return {
            r.key: booked[r.key]
            if r.key in booked
            else needs_interpreter(self.companies[r.exporter_id], self.companies[r.buyer_id])
            for r in self.requests
        }

    @cached_property
    def weight(self) -> dict[tuple[str, str], int]:
        return {r.key: request_weight(r) for r in self.requests}

    @cached_property
    def fixed_slots(self) -> dict[tuple[str, str], FixedMeeting]:
        """Fixed meetings by pair."""
        return {f.key: f for f in self.fixed}

    def slot_of(self, day: date, start: time) -> Slot | None:
        """The slot starting at ``day`` ``start``, if the grid has one."""
        return self.slot_by_time.get((day, start))

    @cached_property
    def usable_slot_sets(self) -> dict[tuple[str, int], frozenset[int]]:
        """(company, session) -> the slots of that half-day where the company could hold
        one of its requests (both parties available). Missing key: none."""
        session_of = {s.index: s.session for s in self.slots}
        used: dict[tuple[str, int], set[int]] = {}
        for r in self.requests:
            for s in self.candidates[r.key]:
                for cid in r.key:
                    used.setdefault((cid, session_of[s]), set()).add(s)
        return {k: frozenset(v) for k, v in used.items()}

    @cached_property
    def session_usable_slot_sets(self) -> dict[tuple[int, bool], frozenset[int]]:
        """(session, interpreted) -> the slots of the half-day that some request (needing
        an interpreter, when ``interpreted``) could use. Missing key: none."""
        session_of = {s.index: s.session for s in self.slots}
        used: dict[tuple[int, bool], set[int]] = {}
        for r in self.requests:
            interp = self.interpreter_needed[r.key]
            for s in self.candidates[r.key]:
                used.setdefault((session_of[s], False), set()).add(s)
                if interp:
                    used.setdefault((session_of[s], True), set()).add(s)
        return {k: frozenset(v) for k, v in used.items()}

    # ------------------------------------------------ capacities (H2, H4, H5)
    @cached_property
    def held_load(self) -> tuple[Counter[int], Counter[int], Counter[tuple[str, int]]]:
        """Per slot, of the meetings ``held`` (before the re-planning horizon, as
        written): the tables they take (their number, or the highest table number among
        them if more), the meetings with an interpreter (booked, or needed by today's
        languages), and each company's meetings.
        Empty for a first plan."""
        meetings: Counter[int] = Counter()
        tables: Counter[int] = Counter()
        interpreted: Counter[int] = Counter()
        company: Counter[tuple[str, int]] = Counter()
        seen: set[tuple[str, str]] = set()
        for p in self.held:
            slot = self.slot_of(p.day, p.start)
            if slot is None or p.key in seen:
                continue
            s = slot.index
            seen.add(p.key)
            meetings[s] += 1
            tables[s] = max(tables[s], p.table)
            # As written, or as today's languages need (a meeting within the notice
            # period keeps its time, and needs an interpreter after a language
            # corrected: every re-plan stopped with exit 3 until it had started, a
            # mission-week tester; ``services`` warns of it)
            interpreted[s] += int(p.interpreter or self.interpreter_needed.get(p.key, False))
            for cid in p.key:
                company[(cid, s)] += 1
        return meetings | tables, interpreted, company

    @cached_property
    def capacity_at(self) -> tuple[tuple[int, ...], tuple[int, ...], dict[tuple[str, int], int]]:
        """``tables_at`` and ``interpreters_at`` of every slot, and the companies' held
        meetings at once where there are any (looked up in the planners' inner loops)."""
        meetings, interpreted, company = self.held_load
        n = len(self.slots)
        return (
            tuple(max(self.mission.tables, meetings[s]) for s in range(n)),
            tuple(max(self.mission.interpreters, interpreted[s]) for s in range(n)),
            dict(company),
        )

    def tables_at(self, slot: int) -> int:
        """Tables at ``slot`` (rule H4): the ``tables`` setting, or, before the
        re-planning horizon, the tables the meetings kept there take (``held_load``) if
        more. A venue that lost tables (an interpreter ill, a delegate gone home: the
        two below) from a day on: the meetings already held stay as they were, and the
        setting holds from the horizon on (the re-plan was refused, its advice a new
        plan that booked the days held again; a coordinator's tester)."""
        tables = self.capacity_at[0]
        return tables[slot] if 0 <= slot < len(tables) else self.mission.tables

    def interpreters_at(self, slot: int) -> int:
        """Interpreters at ``slot`` (rule H5): as :meth:`tables_at`."""
        interpreters = self.capacity_at[1]
        return interpreters[slot] if 0 <= slot < len(interpreters) else self.mission.interpreters

    def delegates_at(self, cid: str, slot: int) -> int:
        """Delegates of company ``cid`` at ``slot`` (rule H2): as :meth:`tables_at`."""
        delegates = self.companies[cid].delegates
        held = self.capacity_at[2].get((cid, slot))
        return delegates if held is None or held <= delegates else held

    def max_meetings_of(self, cid: str) -> int | None:
        """Rule H6's cap of company ``cid``: its ``max_meetings``, or the meetings it keeps
        before the re-planning horizon if more (:attr:`kept_record`); no meeting is added
        then. A buyer's maximum lowered on Wednesday evening below the five meetings it
        held on Tuesday stopped every later re-plan with exit 3, asking to move meetings
        already held (a cron tester), as ``delegates`` did (above)."""
        return self._max_meetings[cid]

    @cached_property
    def _max_meetings(self) -> dict[str, int | None]:
        """:meth:`max_meetings_of` of every company (read in the planners' inner loops)."""
        kept = self.kept_record
        return {
            cid: None if c.max_meetings is None else max(c.max_meetings, kept.get(cid, 0))
            for cid, c in self.companies.items()
        }

    @cached_property
    def kept_record(self) -> Counter[str]:
        """Meetings of each company before the re-planning horizon that stay: those of
        ``held`` (as written) that are pinned or fixed, each pair once. Not a no-show, a
        released pin or a meeting with a company that left, which this run cancels or
        moves: counted, they left a place the planner filled beyond the maximum, and
        ``check``, reading the agenda written, refused it (a reader)."""
        kept = {f.key for f in (*self.pinned, *self.fixed)}
        return Counter(cid for key in {p.key for p in self.held} & kept for cid in key)

    def company_capacity(self, cid: str, session: int) -> int:
        """Meetings ``cid`` could hold in ``session``: its delegates at each of its
        usable slots there (``usable_slot_sets``)."""
        return self._company_capacities.get((cid, session), 0)

    @cached_property
    def _company_capacities(self) -> dict[tuple[str, int], int]:
        """:meth:`company_capacity` of every (company, session) it is not 0 for (the
        local searches ask it in their inner loops)."""
        return {
            (cid, h): sum(self.delegates_at(cid, s) for s in slots)
            for (cid, h), slots in self.usable_slot_sets.items()
        }

    def session_capacity(self, session: int, *, interpreted: bool = False) -> int:
        """Meetings (with an interpreter, when ``interpreted``) the half-day could hold:
        its tables (interpreters) at each slot some request could use."""
        at = self.interpreters_at if interpreted else self.tables_at
        return sum(at(s) for s in self.session_usable_slot_sets.get((session, interpreted), ()))

    @cached_property
    def fairness_cap(self) -> dict[str, int]:
        """For each exporter, how many meetings its own requests allow (rules S1a and
        S1b; docs/model.md, "Fairness cap").

        ``min(requests with a common slot, max_meetings, delegates x available slots)``;
        when re-planning, the slots before the horizon (rule H9) count only for the
        meetings kept there; a meeting that needs an interpreter in a mission without
        any is not possible, nor one with a buyer whose ``max_meetings`` the fixed and
        pinned meetings use up; 0 for a company that left (``departed``).
        """
        kept: dict[str, int] = {}
        for (e_id, _), slot in self.kept_before_horizon:
            if slot in self.closed_slots:
                kept[e_id] = kept.get(e_id, 0) + 1
        # A buyer whose maximum the fixed and pinned meetings already use up can take no
        # other meeting: a late exporter's request to it counted as possible, and held
        # the worst-off level down to that exporter's meetings (a second reader).
        fixed_pairs = {key for key, _ in self.kept_before_horizon}
        taken = Counter(b_id for _, b_id in fixed_pairs)
        full = {
            b.id
            for b in self.buyers
            if (cap := self.max_meetings_of(b.id)) is not None and taken[b.id] >= cap
        }
        out: dict[str, int] = {}
        for e in self.exporters:
            if e.id in self.departed:  # kept for its past meetings only: out of fairness
                out[e.id] = 0
                continue
            # a meeting that needs an interpreter the mission lacks is not possible (H5),
            # unless it is kept (held before the interpreters were lowered to 0)
            no_interpreter = self.mission.interpreters == 0
            feasible = sum(
                1
                for r in self.requests_of[e.id]
                if self.candidates[r.key]
                and not (
                    no_interpreter and self.interpreter_needed[r.key] and r.key not in fixed_pairs
                )
                and (r.buyer_id not in full or r.key in fixed_pairs)
            )
            open_slots = len(self.available[e.id] - self.closed_slots)
            cap = min(feasible, e.delegates * open_slots + kept.get(e.id, 0))
            if (most := self.max_meetings_of(e.id)) is not None:
                cap = min(cap, most)
            out[e.id] = cap
        return out

    def replace(self, **changes: object) -> Instance:
        """A copy with some fields changed (derived lookups recomputed)."""
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------- results
class SolveStatus(str, Enum):
    """Outcome of a planning run."""

    OPTIMAL = "optimal"  # every tier proven optimal
    FEASIBLE = "feasible"  # a valid plan, not proven optimal
    INFEASIBLE = "infeasible"  # the hard requirements (fixed/locked meetings) conflict
    UNKNOWN = "unknown"  # no plan found in the time limit


@dataclass(frozen=True)
class Score:
    """The lexicographic objective, recomputed from a schedule (rules S1a-S6).

    Compare two scores with :meth:`key` (larger is better).
    """

    worst_off: int  # S1a: max z with held_e >= min(z, cap_e) for every exporter
    next_worst: int  # S1b: exporters with held_e >= min(worst_off + 1, cap_e)
    value: int  # S2: total weight of held requests
    changes: int  # S3: cost of changes against a baseline (0 without one)
    buyer_half_days: int  # S4: (buyer, half-day) pairs with a meeting
    buyer_gaps: int  # S5: idle slots between a buyer's meetings within a half-day
    meetings: int  # number of meetings (rule S2b maximises it once S2 is settled)
    #: S6, the last tie-break (not in :meth:`key`): the sum over meetings of their
    #: half-day's position in the mission, 0 for the first.
    half_day_positions: int = 0

    def key(self) -> tuple[int, ...]:
        return (
            self.worst_off,
            self.value,
            self.next_worst,
            -self.changes,
            -self.buyer_half_days,
            -self.buyer_gaps,
        )


@dataclass(frozen=True)
class Unscheduled:
    """A request that is not in the plan, with a reason a coordinator understands."""

    exporter_id: str
    buyer_id: str
    reason: str  # one of REASONS' keys
    detail: str = ""


#: Reason codes for unscheduled requests, with the sentence shown to users.
REASONS: Mapping[str, str] = {
    "no_common_slot": "no common availability",
    "no_interpreter": "needs an interpreter (no common language), and the mission has none",
    "at_capacity": (
        "a party is at capacity (max meetings), or at every common time one of the two was "
        "already in another meeting"
    ),
    "lost_to_priority": (
        "no room: at the times both were free, the tables or interpreters went to other meetings"
    ),
    # (the code's name is older than its scope: any announced meeting a re-plan cancelled)
    "pin_cancelled": "an announced meeting that can no longer take place (see detail)",
}

def party(cid: str, name: str) -> str:
    """How a change's reason names a company: ``Name (ID)``, or the id alone (a name
    that is its id, or none); ``report`` matches it whole to say "you"."""
    return f"{name} ({cid})" if name and name != cid else cid


#: The detail of a ``no_common_slot`` request whose common times are all before the
#: re-planning horizon, before the horizon (``report.unmet_text`` says it in words).
LEFT_AFTER_HORIZON = "no common available time left after "
#: The detail of an ``at_capacity`` request whose party reached its maximum, before the
#: names (``report.unmet_text`` reads it back to tell a company "you").
MAX_REACHED = "max meetings reached: "

#: Sentences of earlier versions, still read back from the agendas they wrote. The
#: old "lost to higher-priority meetings" was wrong whenever fairness, not weight, took
#: the time: a lower-weight meeting of a worst-off exporter wins over a higher one.
FORMER_REASONS: Mapping[str, str] = {
    # said of a pair neither of whose parties had every slot taken (an auditor)
    "a party is at capacity (max meetings or all its slots taken)": "at_capacity",
    "lost to higher-priority meetings (tables, interpreters or agendas full)": "lost_to_priority",
    "a frozen or locked meeting that can no longer take place (see detail)": "pin_cancelled",
}


@dataclass(frozen=True)
class TierReport:
    """One objective tier's achieved value and proven bound."""

    rule: str
    name: str
    value: int
    bound: int | None
    optimal: bool


@dataclass(frozen=True)
class SolveResult:
    """What :func:`asmex_sched.model.solve.solve` returns."""

    status: SolveStatus
    schedule: Schedule
    score: Score | None
    tiers: tuple[TierReport, ...] = ()
    value_bound: int | None = None  # upper bound on S2 for any plan (LP relaxation)
    wall_time: float = 0.0
    params: Mapping[str, object] = field(default_factory=dict)
    solver_version: str = ""
    message: str = ""  # for INFEASIBLE: which requirements conflict
    unplaced: int = 0  # meetings chosen in stage 1 that stage 2 could not place

    @property
    def gap(self) -> float | None:
        """Relative gap of S2 to its bound, ``(bound - value) / max(1, bound)``."""
        if self.score is None or self.value_bound is None:
            return None
        return max(0, self.value_bound - self.score.value) / max(1, self.value_bound)


# ------------------------------------------------------- published agendas
def meeting_id(exporter_id: str, buyer_id: str) -> str:
    """Stable id of a pair's meeting: a pair meets at most once (rule H1).

    It survives re-planning, so calendars can update events instead of
    duplicating them.
    """
    return f"{exporter_id}--{buyer_id}"


@dataclass(frozen=True)
class PublishedMeeting:
    """One row of an agenda's ``Meetings`` sheet (times in the mission's timezone)."""

    exporter_id: str
    buyer_id: str
    day: date
    start: time
    end: time
    table: int
    exporter: str = ""
    buyer: str = ""
    priority: int | None = None
    requested_by: str = ""
    interpreter: bool = False
    locked: bool = False
    #: Where it was read (the sheet's row and its ``start`` column, ``D (start)``), for
    #: messages about it; not part of the meeting.
    row: int | None = field(default=None, compare=False, repr=False)
    start_column: str = field(default="", compare=False, repr=False)
    date_column: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.exporter_id, self.buyer_id)

    @property
    def meeting_id(self) -> str:
        return meeting_id(self.exporter_id, self.buyer_id)


class ChangeKind(str, Enum):
    ADDED = "added"
    MOVED = "moved"
    CANCELLED = "cancelled"
    #: Same time and table, but an interpreter is now booked, or no longer is.
    INTERPRETER = "interpreter"
    #: Same meeting, but the counterpart's name or contact details changed: told by
    #: ``report --changed-since`` only (never in a Changes sheet: it is not a change of
    #: the plan).
    DETAILS = "details"


#: Rule S3's costs by kind of change of a published meeting (docs/model.md, S3): the
#: model's terms and the validator's recount both read them, so the two cannot disagree
#: on a weight (a reviewer found the 3 and 2 typed out in seven places).
CHANGE_COST_CANCELLED = 3
CHANGE_COST_MOVED = 2
CHANGE_COST_TABLE = 1

#: The kinds of change a re-plan writes in the agenda's Changes sheet (and counts).
PLAN_CHANGE_KINDS: tuple[ChangeKind, ...] = tuple(k for k in ChangeKind if k != ChangeKind.DETAILS)


@dataclass(frozen=True)
class Change:
    """A difference between a published agenda and a new one, for one meeting."""

    kind: ChangeKind
    exporter_id: str
    buyer_id: str
    old_day: date | None = None
    old_start: time | None = None
    old_table: int | None = None
    new_day: date | None = None
    new_start: time | None = None
    new_table: int | None = None
    reason: str = ""
    #: The companies' names when the change was made: a company that has left the
    #: roster is still named by them (in the Changes sheet and in the reports).
    exporter: str = ""
    buyer: str = ""


def already_held(change: Change, moment: datetime | None) -> bool:
    """A cancellation, or an interpreter booking changed, of a meeting that had started
    at ``moment`` (a re-plan's "now"), or a move or addition (by hand) from and to times
    already past: history, not news. It stays in the organisers' record (the Changes
    sheet); the companies are not told (a meeting held at a time since declared
    unavailable, or held before a language was corrected, for example)."""
    if moment is None:
        return False
    return already_held_in(change, lambda day, start: datetime.combine(day, start) < moment)


def already_held_in(change: Change, past: Callable[[date, time], bool]) -> bool:
    """:func:`already_held`, a time being history when ``past(day, start)``."""

    def was(day: date | None, start: time | None) -> bool:
        return day is not None and start is not None and past(day, start)

    if change.kind in (ChangeKind.CANCELLED, ChangeKind.INTERPRETER):
        return was(change.old_day, change.old_start)
    # A hand edit of the record: a held meeting's table corrected, or a meeting typed in
    # at a time already past. Companies were told "moved to Wednesday 09:00" on
    # Wednesday evening (a second reader).
    if change.kind == ChangeKind.MOVED:
        return was(change.old_day, change.old_start) and was(change.new_day, change.new_start)
    return change.kind == ChangeKind.ADDED and was(change.new_day, change.new_start)


#: Where a meeting takes place: (day, start, table).
Placement = tuple[date, time, int]


def end_reason(end: time, minutes: int) -> str:
    """The reason of a meeting kept in place that ends at another time (``report.
    change_reason`` translates it)."""
    return f"now ends at {end:%H:%M} (meetings last {minutes} minutes)"


def kept_in_place_reason(booked: bool | None, end: time | None, minutes: int) -> str:
    """The reason of a meeting kept in place whose interpreter booking (``booked``: the
    new booking, ``None`` if unchanged) or end (``end``: the new end, ``None`` if
    unchanged) changed; both, joined by ``; `` (the end was left unsaid, a second
    reader)."""
    parts = [interpreter_reason(booked)] if booked is not None else []
    if end is not None:
        parts.append(end_reason(end, minutes))
    return "; ".join(parts)


def interpreter_reason(booked: bool) -> str:
    """The reason of an ``interpreter`` change (``report.change_reason`` translates it)."""
    return "interpreter now booked" if booked else "interpreter no longer booked"


def moved_reason(reason: str, booked: tuple[bool, bool]) -> str:
    """The reason of a meeting moved to another time or table, followed by its
    interpreter booking when that changed too (``booked``: before, after); a booking
    already in ``reason`` (from an agenda's Changes sheet, about one re-plan of a longer
    span) is replaced by the span's own."""
    for was in (True, False):
        suffix = f"; {interpreter_reason(was)}"
        if reason.endswith(suffix):
            reason = reason[: -len(suffix)]
    if booked[0] == booked[1]:
        return reason
    return "; ".join(part for part in (reason, interpreter_reason(booked[1])) if part)


def change_order(c: Change) -> tuple[int, str, str]:
    """The order of a list of changes: by kind (cancelled, moved, interpreter, added),
    then exporter and buyer ids."""
    order = {
        ChangeKind.CANCELLED: 0,
        ChangeKind.MOVED: 1,
        ChangeKind.INTERPRETER: 2,
        ChangeKind.ADDED: 3,
    }
    return (order[c.kind], c.exporter_id, c.buyer_id)


def diff_placements(
    old: Mapping[tuple[str, str], Placement],
    new: Mapping[tuple[str, str], Placement],
    reason: Callable[[ChangeKind, tuple[str, str]], str],
    interpreters: tuple[Mapping[tuple[str, str], bool], Mapping[tuple[str, str], bool]]
    | None = None,
    ends: tuple[Mapping[tuple[str, str], time], Mapping[tuple[str, str], time]] | None = None,
) -> list[Change]:
    """Meeting-by-meeting differences between two plans, by pair.

    ``cancelled`` when only in ``old``, ``added`` when only in ``new``, ``moved``
    when the day, start or table differ; with ``interpreters`` (old and new flags by
    pair), ``interpreter`` when only the interpreter booking differs (a company is
    told, and its calendar updates the event). With ``ends`` (old and new end times by
    pair), a meeting kept where it was that ends at another time (``meeting_minutes``
    changed) is ``moved`` with both sides equal: its companies' calendars take the new
    end. ``reason(kind, pair)`` words each one.
    Sorted by kind (cancelled, moved, interpreter, added), then exporter and buyer ids.
    """
    changes: list[Change] = []
    # Kept where it was, with another interpreter booking or another end.
    for key in sorted(k for k in set(old) & set(new) if old[k] == new[k]):
        if interpreters is not None and (
            interpreters[0].get(key, False) != interpreters[1].get(key, False)
        ):
            kind = ChangeKind.INTERPRETER
        elif ends is not None and ends[0].get(key) != ends[1].get(key):
            kind = ChangeKind.MOVED
        else:
            continue
        o = old[key]
        changes.append(
            Change(kind, *key, old_day=o[0], old_start=o[1], old_table=o[2], new_day=o[0],
                   new_start=o[1], new_table=o[2], reason=reason(kind, key))
        )  # fmt: skip
    for key in sorted(old):
        o, n = old[key], new.get(key)
        if n is None:
            changes.append(
                Change(ChangeKind.CANCELLED, *key, old_day=o[0], old_start=o[1], old_table=o[2],
                       reason=reason(ChangeKind.CANCELLED, key))
            )  # fmt: skip
        elif n != o:
            changes.append(
                Change(ChangeKind.MOVED, *key, old_day=o[0], old_start=o[1], old_table=o[2],
                       new_day=n[0], new_start=n[1], new_table=n[2],
                       reason=reason(ChangeKind.MOVED, key))
            )  # fmt: skip
    for key in sorted(new):
        if key not in old:
            n = new[key]
            changes.append(
                Change(ChangeKind.ADDED, *key, new_day=n[0], new_start=n[1], new_table=n[2],
                       reason=reason(ChangeKind.ADDED, key))
            )  # fmt: skip
    return sorted(changes, key=change_order)


@dataclass(frozen=True)
class Agenda:
    """Everything an agenda workbook carries; enough for reports and re-planning.

    ``summary`` keeps the ``Summary`` sheet's rows as ``key -> text`` in order.
    """

    mission: Mission
    exporters: tuple[Company, ...]
    buyers: tuple[Company, ...]
    meetings: tuple[PublishedMeeting, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    changes: tuple[Change, ...] = ()
    summary: Mapping[str, str] = field(default_factory=dict)
    #: The meetings as ``plan`` wrote them (its hidden ``As written`` sheet), when the
    #: agenda has that sheet; ``meetings`` differ from them after a hand edit.
    as_written: tuple[PublishedMeeting, ...] | None = None
    #: Companies listed with ``left_mission``: they left after holding the meetings
    #: the agenda keeps as its record; they get no agenda of their own.
    departed: frozenset[str] = frozenset()
    #: The roster's unavailability (its own sheet; agendas written before it: none).
    unavailability: tuple[Unavailability, ...] = ()
    #: Whether the agenda has that sheet: one written before it lists no commitment,
    #: which is not "none" (a reader: every company's commitments read as changed).
    lists_commitments: bool = True
    #: ``(former id, id)`` of companies whose id was corrected (``Instance.former_ids``;
    #: the company sheets' ``former_ids`` column).
    former_ids: tuple[tuple[str, str], ...] = ()
    #: What a coordinator added that ``plan`` does not write again ("sheet 'My notes'",
    #: "column 'notes' of Meetings"): a re-plan warns, naming the history copy.
    additions: tuple[str, ...] = ()
    #: ``(pair, end)`` of the Meetings rows whose end cell is not start +
    #: ``meeting_minutes`` (the cell is not read): see :func:`ends_typed_by_hand`.
    ends_typed: tuple[tuple[tuple[str, str], time], ...] = ()

    @property
    def input_hash(self) -> str:
        return str(self.summary.get("input_hash", ""))

    @property
    def id_now(self) -> dict[str, str]:
        """Each former id of a company (``former_ids``: its id corrected) -> its id now."""
        return dict(self.former_ids)

    @property
    def sent(self) -> tuple[PublishedMeeting, ...]:
        """The meetings the companies were told of: as ``plan`` wrote them (``report``
        warns on an agenda edited by hand since, so hand edits reach the companies
        only through the next re-plan's changes), else the ``Meetings`` sheet."""
        return self.meetings if self.as_written is None else self.as_written


def meetings_hash(rows: Iterable[tuple[str, str, date, time, int, bool]]) -> str:
    """SHA-256 of an agenda's meetings as (exporter, buyer, day, start, table,
    interpreter), recorded in its Summary: tells an agenda edited by hand from the one
    ``plan`` wrote (a change of ``locked`` alone is not an edit: it matters at the next
    re-plan, and needs none by itself)."""
    import hashlib

    text = "\n".join(
        f"{e}|{b}|{d.isoformat()}|{s.isoformat()}|{t}|{int(i)}" for e, b, d, s, t, i in sorted(rows)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def ends_typed_by_hand(agenda: Agenda) -> list[str]:
    """The meetings whose end was typed over by hand (their end cell is neither start +
    ``meeting_minutes`` nor the end ``plan`` wrote there, which a meeting moved by hand
    by its start keeps): the cell is not read, and a longer meeting typed that way was
    undone without a word (a hand-editing tester). Each as ``pair (typed HH:MM, ends
    HH:MM)``; none for an agenda without its ``As written`` copy."""
    if agenda.as_written is None:
        return []
    written = {p.key: p.end for p in agenda.as_written}
    ends = {p.key: p.end for p in agenda.meetings}
    return [
        f"{key[0]}--{key[1]} (typed {typed:%H:%M}, ends {ends[key]:%H:%M})"
        for key, typed in agenda.ends_typed
        if key in ends and written.get(key) != typed
    ]


def ends_not_read(agenda: Agenda, where: str, writes: str) -> str | None:
    """The warning of :func:`ends_typed_by_hand` (``report`` and ``plan`` give it; None
    when no end was typed over): ``where`` the ends were typed, and who ``writes`` the
    end from the start instead."""
    ends = ends_typed_by_hand(agenda)
    if not ends:
        return None
    return (
        f"{len(ends)} meeting end(s) typed by hand in {where} are not read: a meeting lasts "
        f"meeting_minutes ({agenda.mission.meeting_minutes}) from its start, and {writes} "
        f"that end (for longer meetings, change meeting_minutes in the roster): "
        + "; ".join(ends)
    )


def edited_pairs(agenda: Agenda) -> frozenset[tuple[str, str]]:
    """The pairs whose meeting was moved, typed in or deleted by hand since ``plan``
    wrote the agenda (its ``As written`` copy; none without one): what no run's change
    or reason describes."""
    written = {p.key: (p.day, p.start, p.table) for p in agenda.sent}
    placed = {p.key: (p.day, p.start, p.table) for p in agenda.meetings}
    return frozenset(k for k in written.keys() | placed.keys() if written.get(k) != placed.get(k))


def edited_by_hand(agenda: Agenda) -> bool:
    """The agenda's meetings no longer match the ``meetings_hash`` it was written with,
    or, that hash cleared, its hidden ``As written`` copy (a hand move hidden by a
    cleared hash was neither re-planned nor warned of, and its calendar event kept its
    SEQUENCE; a hand-editing tester). Agendas written before session 8 have neither:
    never "edited"."""
    recorded = agenda.summary.get("meetings_hash", "")

    def rows(
        meetings: Iterable[PublishedMeeting],
    ) -> Iterator[tuple[str, str, date, time, int, bool]]:
        return ((p.exporter_id, p.buyer_id, p.day, p.start, p.table, p.interpreter)
                for p in meetings)  # fmt: skip

    if not recorded:
        return agenda.as_written is not None and (
            meetings_hash(rows(agenda.as_written)) != meetings_hash(rows(agenda.meetings))
        )
    return recorded != meetings_hash(rows(agenda.meetings))


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

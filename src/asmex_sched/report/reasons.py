"""The planner's reasons in a company's words: why a request was not met
(:func:`unmet_text`), why a meeting changed (:func:`change_reason`, in English addressed
to the company or in French) and the company's other commitments
(:func:`block_reason`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from asmex_sched.domain import (
    CLOCK_CHANGE,
    LEFT_AFTER_HORIZON,
    MAX_REACHED,
    REASONS,
    Company,
    party,
)
from asmex_sched.replan import (
    AT_MAXIMUM,
    BOOKED_AGAIN,
    BOOKED_AGAIN_TABLE,
    CANCELLED_AFTER_MOVE,
    CLOSED,
    CLOSED_THEN,
    FEWER_DELEGATES,
    FEWER_INTERPRETERS,
    FEWER_TABLES,
    FIXED_ADDED,
    FIXED_MOVED,
    GONE_FROM_PROGRAMME,
    INTERPRETER_TAKEN,
    MOVED_AGAIN,
    MOVED_FOR_SET,
    MOVED_THOUGH_FREE,
    NEEDS_INTERPRETER,
    NEEDS_INTERPRETER_BEFORE,
    NOT_HELD,
    NOT_KEPT,
    NOT_REBOOKED,
    REBOOKED_BY_HAND,
    REBOOKED_CANCELLED,
    RENAMED_ADDED,
    RENAMED_CANCEL,
    RENAMED_MOVED,
    TABLE_BY_HAND,
    TAKES_NONE,
    TIME_TAKEN_HEAD,
    WITHDRAWN,
)
from asmex_sched.report.agendas import UnmetLine
from asmex_sched.report.changes import _DETAIL_FIELDS, _RENAMED_FORMS, _renamed
from asmex_sched.report.words import _LABELS, _flat, format_date

#: One party's name in a reason of several parts joined by ``; `` (a cause, then why
#: not at another time): not across that ``; `` ("X is no longer available …; Y has
#: reached its maximum …" read as Y's maximum alone, its who all of the first part).
_WHO_IN_PART = r"(?P<who>(?:(?!; ).)+)"


#: :data:`AT_MAXIMUM` without its planner's term, its ``who`` a group.
_AT_MAXIMUM = AT_MAXIMUM.replace(" (max_meetings {n})", "").format(who=_WHO_IN_PART)


_CLOCK_CHANGE = re.compile(re.escape(CLOCK_CHANGE) + r"(\S+) (does not exist|happens twice)")


def block_reason(reason: str, lang: str) -> str:
    """An Unavailability row's reason as a company reads it: as typed, but for the
    rows the planner writes itself (a clock change,
    :func:`~asmex_sched.domain.clock_change_blocks`), which a French agenda gave in
    English (a reader)."""
    found = _CLOCK_CHANGE.fullmatch(reason)
    if found is None or lang != "fr":
        return reason
    what = "n'existe pas" if found[2] == "does not exist" else "a lieu deux fois"
    return f"changement d'heure : {found[1]} {what}"


def _closed(sentence: str) -> str:
    """A pattern of replan's ``CLOSED`` or ``CLOSED_THEN``, the group named ``whom``."""
    before, after = sentence.split("{whom}")
    whom = "|".join(re.escape(w) for w in _WHOM_FR)  # earlier agendas' words too
    return f"{re.escape(before)}(?P<whom>{whom}){re.escape(after)}"


#: The ``(old, now new)`` ids of a corrected id's sentence (words, not an arrow: the
#: PDF's font, Amiri, has none).
_RENAMED_IDS = re.compile(r"\(([^()]*), now ([^()]*)\)")


def _ids_fr(m: re.Match[str]) -> str:
    """replan's ``Name (old, now new) and Name (old, now new)`` in French."""
    joined = re.sub(r"(, now [^()]*\)) and ", r"\1 et ", m["ids"])  # not in a name
    return _RENAMED_IDS.sub(r"(\1, désormais \2)", joined)


#: replan's ``CLOSED_TO`` in French.
_WHOM_FR = {
    "all participants": "tous les participants",
    "the whole mission": "tous les participants",  # the words of agendas before session 21
    "all exporters": "tous les exportateurs",
    "all buyers": "tous les acheteurs",
}


_UNAVAILABLE = (
    rf"(?:(?P<gone>{re.escape(GONE_FROM_PROGRAMME)}, and )"
    rf"|(?P<closed>{_closed(CLOSED)}, and )"
    r"|(?:(?P<away>.+) (?P<averb>is|are) no longer available at the published time, and ))?"
)


#: What a company is told instead of "frozen meeting:" / "locked meeting:" on a
#: cancelled one: the re-plan looked for another time and found none (since session 12
#: such a meeting is moved when one is free), English and French.
_HELD = "and no other common time was free for it"


_HELD_FR = "et aucun autre créneau commun n'était libre"


_DETAIL_FR = dict(_DETAIL_FIELDS.values())


def _you(who: str, me: str, other: str) -> str:
    """``who`` (one party as :func:`party` names it, or two joined by `` and ``) as the
    reader ``me`` says it: ``you``, ``you and X``, or ``who``. Exact names (the reader's
    and its counterpart's): a name holding parentheses, `` and `` or ``; `` is matched
    whole (a pattern on the id took "Tom and Jerry (B1)" for "Tom" and Jerry)."""
    if who == me:
        return "you"
    if other and who in (f"{me} and {other}", f"{other} and {me}"):
        return f"you and {other}"
    return who


#: The planner's sentences that name a party or say "frozen"/"locked", as a company
#: reads them in its own agenda: itself as "you" (it was told "Nile (B1) is no longer
#: available" about its own absence), and why the meeting could not move instead of
#: the scheduling word. Each takes the match and the :func:`_you` of the reader.
_Words = Callable[[re.Match[str], Callable[[str], str]], str]


_FOR_COMPANY: tuple[tuple[re.Pattern[str], _Words], ...] = (
    (
        re.compile(
            r"^(?P<who>.+?) (?P<verb>is|are) (?P<rest>no longer available at the published .*)$"
        ),
        lambda m, you: _parts_for_company(
            f"{you(m['who'])} are " if you(m["who"]) != m["who"] else f"{m['who']} {m['verb']} ",
            m["rest"],
            you,
        ),
    ),
    (
        re.compile(
            r"^(?P<who>.+?) now (?P<verb>sends|send) (?P<rest>fewer delegates than meetings "
            r"at the published time.*)$"
        ),
        lambda m, you: _parts_for_company(
            f"{you(m['who'])} now send "
            if you(m["who"]) != m["who"]
            else f"{m['who']} now {m['verb']} ",
            m["rest"],
            you,
        ),
    ),
    (
        re.compile("^" + TAKES_NONE.replace(" (max_meetings 0)", "").format(who=_WHO_IN_PART)
                   + "$"),
        lambda m, you: (
            "the organisers planned no meeting for you" if you(m["who"]) == "you" else m.string
        ),
    ),
    (
        # a company that left and registered again reads its own name (a cron tester)
        re.compile(rf"^{_WHO_IN_PART} left the mission$"),
        lambda m, you: "you left the mission" if you(m["who"]) == "you" else m.string,
    ),
    (
        re.compile(rf"^{_WHO_IN_PART} has reached its maximum number of meetings$"),
        lambda m, you: (
            "you have reached your maximum number of meetings"
            if you(m["who"]) == "you"
            else m.string
        ),
    ),
    (
        re.compile(f"^{_AT_MAXIMUM}$"),
        lambda m, you: (
            "you are at your maximum number of meetings with other companies"
            if you(m["who"]) == "you"
            else m.string
        ),
    ),
    (
        re.compile(
            r"^(?:frozen|locked) meeting: (?P<who>.+?) "
            r"(?:(?P<verb>was|were) declared|declared itself) unavailable then$"
        ),
        lambda m, you: (
            f"{you(m['who'])} "
            f"{'were' if m['verb'] == 'were' or you(m['who']) != m['who'] else 'was'}"
            f" declared unavailable then, {_HELD}"
        ),
    ),
    (
        re.compile(f"^(?:frozen|locked) meeting: (?P<said>{_closed(CLOSED_THEN)})$"),
        lambda m, you: f"{m['said']}, {_HELD}",
    ),
    (
        re.compile(
            r"^(?:frozen|locked) meeting: its time is no longer a slot of the programme$"
        ),
        lambda m, you: f"its time is no longer in the programme, {_HELD}",
    ),
)  # fmt: skip


def _parts_for_company(head: str, rest: str, you: Callable[[str], str]) -> str:
    """``head`` + ``rest``, the parts of ``rest`` after its first ``; `` (why not at
    another time: "…; Y is at its maximum …") each as the reader says them: the first
    part's pattern takes the whole sentence (a name may hold ``; ``), and Y read its own
    name there (a recipients' tester's case)."""
    first, sep, tail = rest.partition("; ")
    if not sep:
        return head + rest
    parts = (_said_to(part, you) or part for part in tail.split("; "))
    return head + first + sep + "; ".join(parts)


def _said_to(part: str, you: Callable[[str], str]) -> str | None:
    """One part of a reason as the reader ``you`` says it, by the first
    :data:`_FOR_COMPANY` pattern it matches (None if none does). A ``who`` holding
    ``; `` that is not the reader is no match: tried on a composed reason whole (a name
    may hold ``; ``), "the meeting request was withdrawn; then booked again at another
    time, and cancelled there; Samburu Construction (KE-081)" was taken for one party,
    and KE-081's own file read its name where its single reasons say "you" (a QA
    tester); said part by part instead, each part is addressed to the reader."""
    for pattern, words in _FOR_COMPANY:
        found = pattern.match(part)
        if found:
            who = found.groupdict().get("who") or ""
            if "; " in who and you(who) == who:
                continue
            return words(found, you)
    return None


#: The planner's terms in a reason, for the coordinator's Changes sheet: a company reads
#: the sentence without them ("(max_meetings 3)" is a roster column, "(now + notice)" a
#: setting of the organisers'; a cron week's tester).
_STAFF_TERMS = re.compile(r" \((?:max_meetings \d+|now \+ notice)\)")

#: The re-planning horizon's term in a reason, which a company reads as what the time
#: is: "no common available time left after Wednesday 12 November 2025 at 20:00" alone
#: left it to guess what 20:00 was (a tester who disrupted the example mission).
_NOW_PLUS_NOTICE = " (now + notice)"


def _hours(hours: float, lang: str) -> str:
    """``12 hours`` / ``12 heures``; ``1 hour``, ``1,5 heure``."""
    if lang == "fr":
        return f"{hours:g}".replace(".", ",") + (" heure" if hours < 2 else " heures")
    return f"{hours:g}" + (" hour" if hours == 1 else " hours")


def _announced_ahead(hours: float) -> str:
    return f" (changes are announced at least {_hours(hours, 'en')} ahead)"


#: The coordinator's hand edits as a company reads them: "changed by hand in the
#: agenda" is spreadsheet talk (a cron week's tester); the Changes sheet keeps it.
_BY_HAND_FOR_COMPANY = {
    "changed by hand in the agenda": "rescheduled by the organisers",
    TABLE_BY_HAND: "table changed by the organisers",
    "added by hand to the agenda": "added by the organisers",
    "removed by hand from the agenda": "cancelled by the organisers",
    REBOOKED_BY_HAND: "rescheduled by the organisers",
    FIXED_MOVED: "rescheduled by the organisers",
    FIXED_ADDED: "added by the organisers",
}


def for_company(
    reason: str,
    company: Company | None,
    counterpart: tuple[str, str] | None = None,
    notice_hours: float | None = None,
) -> str:
    """A change's reason (``replan``'s English sentence, parts joined by ``; ``) as
    ``company`` reads it in its own agenda (see :data:`_FOR_COMPANY`), without the
    planner's terms (:data:`_STAFF_TERMS`); ``counterpart`` is the meeting's other
    party, ``(id, name)``. The whole sentence is tried first, a name may hold ``; ``.
    ``notice_hours``, the agenda's: the re-planning horizon said as what it is
    (:data:`_NOW_PLUS_NOTICE`), not dropped."""
    me = party(company.id, company.name) if company is not None else None
    if me is not None:
        if notice_hours:
            reason = reason.replace(_NOW_PLUS_NOTICE, _announced_ahead(notice_hours))
        reason = _STAFF_TERMS.sub("", reason)
    other = party(*counterpart) if counterpart is not None else ""

    def you(who: str) -> str:
        return _you(who, me, other) if me is not None else who

    def one(part: str) -> str | None:
        if me is not None and part in _BY_HAND_FOR_COMPANY:
            return _BY_HAND_FOR_COMPANY[part]
        return _said_to(part, you)

    if not reason:
        return reason
    parts = _renamed_then(reason)
    whole = None if parts else one(reason)
    if whole is not None:
        return whole
    return "; ".join(one(part) or part for part in parts or reason.split("; "))


def _renamed_then(reason: str) -> list[str]:
    """The parts of a corrected id's sentence followed by why (``; …``), the sentence
    whole (a name may hold ``; ``), else ``[]``: said part by part, or a pattern of the
    second part took the whole (its ``who`` the first part: French files read it half in
    English; a second reader)."""
    found = _RENAMED_FORMS[2].match(reason)
    if found is None or not found.group(0).endswith("; "):
        return []
    return [found.group(0)[:-2], *reason[found.end() :].split("; ")]


def _parties(names: str) -> list[str]:
    """The one or two parties of ``names``, split at the `` and `` that joins two (after
    ``(ID)``, a bare id or ``you``), not one inside a name (``Smith and Sons (B1)``)."""
    if names.startswith("you and "):
        return ["you", names[len("you and ") :]]
    joint = ") and " if ")" in names else " and "  # 'Smith and Sons (B1) and Nile (B2)'
    first, found, rest = names.partition(joint)
    return [first + joint[:-5], rest] if found else [names]


def _who_fr(names: str) -> str:
    """The parties in French: ``vous``, ``X et Y``."""
    return " et ".join("vous" if p == "you" else p for p in _parties(names))


def _two(names: str) -> bool:
    """Whether ``names`` are two parties (:func:`_parties`)."""
    return len(_parties(names)) == 2


def _unavailable_fr(who: str, verb: str) -> str:
    """``X n'est plus disponible`` / ``X et Y ne sont plus disponibles`` / ``vous n'êtes
    plus disponible``."""
    if who == "you":
        return "vous n'êtes plus disponible"
    if who.startswith("you and "):
        return f"{_who_fr(who)} n'êtes plus disponibles"
    plural = verb == "are"
    return f"{_who_fr(who)} " + (
        "ne sont plus disponibles" if plural else "n'est plus disponible"
    )


def _closed_fr(m: re.Match[str]) -> str:
    return f"l'horaire annoncé est désormais fermé aux rendez-vous pour {_WHOM_FR[m['whom']]}"


def _away_fr(m: re.Match[str]) -> str:
    if m.group("gone"):
        return "l'horaire annoncé ne fait plus partie du programme, et "
    if m.group("closed"):
        return f"{_closed_fr(m)}, et "
    away = m.group("away")
    if not away:
        return ""
    return f"{_unavailable_fr(away, m['averb'])} à l'horaire annoncé, et "


#: French for each reason a re-plan gives a change (``replan``'s sentences, in the same
#: order as they are built there); a reason no pattern knows is not shown in French.
_CHANGE_REASONS_FR: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(f"^{pattern}$"), words)
    for pattern, words in (
        ("new meeting", lambda m: "nouveau rendez-vous"),
        (BOOKED_AGAIN, lambda m: "puis reprogrammé à un autre moment"),
        (BOOKED_AGAIN_TABLE, lambda m: "puis reprogrammé à une autre table"),
        (CANCELLED_AFTER_MOVE, lambda m: "puis déplacé à un autre moment, et annulé à ce "
         "nouvel horaire"),
        (MOVED_AGAIN, lambda m: "puis déplacé de nouveau"),
        (REBOOKED_CANCELLED, lambda m: "puis reprogrammé à un autre moment, et annulé à ce "
         "nouvel horaire"),
        ("interpreter now booked", lambda m: "un interprète est désormais réservé"),
        ("interpreter no longer booked", lambda m: "l'interprète n'est plus réservé"),
        ("table changed", lambda m: "changement de table"),
        (
            r"table changed: table (?P<table>\d+) is set for another meeting by the organisers",
            lambda m: f"changement de table : la table {m['table']} est réservée par les "
            "organisateurs à un autre rendez-vous",
        ),
        (
            r"now ends at (?P<end>\d\d:\d\d) \(meetings last (?P<n>\d+) minutes\)",
            lambda m: f"se termine désormais à {m['end']} (rendez-vous de {m['n']} minutes)",
        ),
        ("changed by hand in the agenda", lambda m: "modifié à la main dans l'agenda"),
        (TABLE_BY_HAND, lambda m: "changement de table fait à la main dans l'agenda"),
        (
            "new (?P<field>name|contact person|e-mail|phone|sectors): (?P<value>(?:(?!; ).)+)",
            lambda m: f"{_DETAIL_FR[m['field']][0]} : {m['value']}",
        ),
        (
            "(?P<field>name|contact person|e-mail|phone|sectors) removed",
            lambda m: _DETAIL_FR[m["field"]][1],
        ),
        ("removed by hand from the agenda", lambda m: "retiré à la main de l'agenda"),
        (
            re.escape(REBOOKED_BY_HAND),
            lambda m: "retiré à la main de l'agenda, replanifié à un autre moment (sa "
            "demande est toujours dans la liste)",
        ),
        ("rescheduled by the organisers", lambda m: "reprogrammé par les organisateurs"),
        ("table changed by the organisers", lambda m: "changement de table par les "
         "organisateurs"),
        ("added by the organisers", lambda m: "ajouté par les organisateurs"),
        ("cancelled by the organisers", lambda m: "annulé par les organisateurs"),
        ("added by hand to the agenda", lambda m: "ajouté à la main à l'agenda"),
        (
            "(?P<who>.+) left the mission",
            lambda m: (
                f"{_who_fr(m['who'])} "
                + ("ont" if _two(m["who"]) else "avez" if m["who"] == "you" else "a")
                + " quitté la mission"
            ),
        ),
        (re.escape(WITHDRAWN), lambda m: "la demande de rendez-vous a été retirée"),
        (
            _renamed(RENAMED_CANCEL),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le rendez-vous est annoncé à "
                "nouveau sous celle-ci"
            ),
        ),
        (
            _renamed(RENAMED_ADDED),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le même rendez-vous, annoncé à "
                "nouveau sous celle-ci"
            ),
        ),
        (
            _renamed(RENAMED_MOVED),
            lambda m: (
                f"nouvelle référence pour {_ids_fr(m)} : le rendez-vous est annoncé à "
                "nouveau sous celle-ci, à un autre horaire"
            ),
        ),
        (re.escape(NOT_HELD), lambda m: "le rendez-vous n'a pas eu lieu à l'horaire annoncé"),
        (
            _UNAVAILABLE + r"the two companies have no common available time left after "
            r"(?P<when>\S+ \S+)(?P<notice> \(now \+ notice\))?"
            r"(?: \(changes are announced at least (?P<hours>[\d.]+) hours? ahead\))?",
            lambda m: (
                f"{_away_fr(m)}les deux entreprises n'ont plus de créneau commun après le "
                f"{m['when']}" + (" (maintenant + préavis)" if m["notice"] else "")
                + (f" (les changements sont annoncés au moins {_hours(float(m['hours']), 'fr')}"
                   " à l'avance)" if m["hours"] else "")
            ),
        ),
        (
            _UNAVAILABLE + "the two companies no longer have a common available time",
            lambda m: f"{_away_fr(m)}les deux entreprises n'ont plus de créneau commun",
        ),
        (  # written before session 11
            "dropped to make room for higher-priority meetings",
            lambda m: "annulé pour faire place à des rendez-vous prioritaires",
        ),
        (
            _WHO_IN_PART + r" has reached its maximum number of meetings"
            r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                f"{_who_fr(m['who'])} a atteint son nombre maximal de rendez-vous"
                + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            _AT_MAXIMUM + r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                f"{_who_fr(m['who'])} a déjà son nombre maximal de rendez-vous avec "
                "d'autres entreprises" + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            "you are at your maximum number of meetings with other companies",
            lambda m: (
                "vous avez déjà votre nombre maximal de rendez-vous avec d'autres entreprises"
            ),
        ),
        (
            re.escape(NOT_REBOOKED),
            lambda m: "le nouveau planning n'a trouvé aucun autre horaire pour ce rendez-vous",
        ),
        (
            re.escape(TIME_TAKEN_HEAD),
            lambda m: "son créneau a été attribué à d'autres rendez-vous",
        ),
        (
            "its time went to other meetings, and no other common time is free for it",
            lambda m: (
                "son créneau a été attribué à d'autres rendez-vous, et aucun autre "
                "créneau commun n'est libre"
            ),
        ),
        (
            re.escape(GONE_FROM_PROGRAMME) + ", and no other common time is free for it",
            lambda m: (
                "l'horaire annoncé ne fait plus partie du programme, et aucun autre "
                "créneau commun n'est libre"
            ),
        ),
        (
            re.escape(GONE_FROM_PROGRAMME),
            lambda m: "l'horaire annoncé ne fait plus partie du programme",
        ),
        (
            _closed(CLOSED) + ", and no other common time is free for it",
            lambda m: f"{_closed_fr(m)}, et aucun autre créneau commun n'est libre",
        ),
        (_closed(CLOSED), _closed_fr),
        (
            _closed(CLOSED_THEN) + ", " + re.escape(_HELD),
            lambda m: (
                f"son horaire a été fermé aux rendez-vous pour {_WHOM_FR[m['whom']]}, "
                f"{_HELD_FR}"
            ),
        ),
        (
            "(?P<who>.+) (?P<verb>is|are) no longer available at the published time, and no "
            "other common time is free for it",
            lambda m: (
                f"{_unavailable_fr(m['who'], m['verb'])} à l'horaire annoncé, et aucun "
                "autre créneau commun n'est libre"
            ),
        ),
        (
            "(?P<who>.+) (?P<verb>is|are) no longer available at the published time",
            lambda m: f"{_unavailable_fr(m['who'], m['verb'])} à l'horaire annoncé",
        ),
        (
            "moved to make room for other meetings",
            lambda m: "déplacé pour faire place à d'autres rendez-vous",
        ),
        (
            re.escape(MOVED_FOR_SET),
            lambda m: (
                "déplacé pour faire place à un rendez-vous fixé par les organisateurs à "
                "l'horaire annoncé"
            ),
        ),
        (
            re.escape(TAKES_NONE.replace(" (max_meetings 0)", "")).replace(
                re.escape("{who}"), _WHO_IN_PART
            )
            + r"(?: \(max_meetings 0\))?",
            lambda m: f"{_who_fr(m['who'])} ne prend aucun rendez-vous lors de cette mission",
        ),
        (
            "the organisers planned no meeting for you",
            lambda m: "les organisateurs n'ont prévu aucun rendez-vous pour vous",
        ),
        (
            re.escape(FIXED_MOVED),
            lambda m: "reprogrammé par les organisateurs (feuille Fixed)",
        ),
        (
            re.escape(FIXED_ADDED),
            lambda m: "fixé par les organisateurs (feuille Fixed)",
        ),
        (
            re.escape(FEWER_TABLES) + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "la mission a désormais moins de tables que de rendez-vous à l'horaire "
                "annoncé" + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            re.escape(INTERPRETER_TAKEN) + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "l'interprète prévu à l'horaire annoncé est affecté à un autre rendez-vous"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            f"(?:{re.escape(NEEDS_INTERPRETER)}|{re.escape(NEEDS_INTERPRETER_BEFORE)})"
            "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "les deux entreprises ont désormais besoin d'un interprète, mais aucun n'est "
                "libre à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            re.escape(MOVED_THOUGH_FREE),
            lambda m: (
                "déplacé par le nouveau planning, bien que son horaire fût encore libre pour lui"
            ),
        ),
        (
            re.escape(NOT_KEPT),
            lambda m: (
                "son horaire était encore libre pour lui, mais le nouveau planning ne l'a pas "
                "retenu"
            ),
        ),
        (
            re.escape(FEWER_INTERPRETERS)
            + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                "la mission a désormais moins d'interprètes que de rendez-vous qui en "
                "demandent un à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            FEWER_DELEGATES.format(who="(?P<who>.+)", verb="(?P<verb>sends|send)")
            + "(?P<none>, and no other common time is free for it)?",
            lambda m: (
                f"{_who_fr(m['who'])} "
                + ("envoyez" if m["who"] == "you" or m["who"].startswith("you and ")
                   else "envoient" if m["verb"] == "send" else "envoie")
                + " désormais moins de délégués que de rendez-vous à l'horaire annoncé"
                + (", et aucun autre créneau commun n'est libre" if m["none"] else "")
            ),
        ),
        (
            r"you have reached your maximum number of meetings"
            r"(?: \(max_meetings (?P<n>\d+)\))?",
            lambda m: (
                "vous avez atteint votre nombre maximal de rendez-vous"
                + (f" (max_meetings {m['n']})" if m["n"] else "")
            ),
        ),
        (
            "its time is no longer in the programme, " + re.escape(_HELD),
            lambda m: f"son horaire ne fait plus partie du programme, {_HELD_FR}",
        ),
        (
            "(?P<who>.+?) (?:was|were) declared unavailable then, " + re.escape(_HELD),
            lambda m: (
                f"indisponibilité déclarée pour {_who_fr(m['who'])} à cet horaire, "
                f"{_HELD_FR}"
            ),
        ),
    )
)


def change_reason(
    reason: str,
    lang: str,
    company: Company | None = None,
    counterpart: tuple[str, str] | None = None,
    notice_hours: float | None = None,
) -> str:
    """A change's reason in ``lang`` as the companies read it (:func:`for_company`;
    ``company``, the agenda's reader, is "you"; ``counterpart``, ``(id, name)``, the
    meeting's other party), in French translated (``""`` when the sentence is not one
    of the planner's own, e.g. typed by hand). Reasons joined by ``; `` (an interpreter
    booked and a new end) are translated each. A company reads the planner's times
    (``after 2025-11-11 20:00``) spelled as its agenda's dates are (:func:`_spell_times`).
    On one line, the names in it too: a name typed on two lines gave an unlabelled line
    in the calendar events, and no French at all (a reader)."""
    if company is not None:
        company = replace(company, name=_flat(company.name))
    if counterpart is not None:
        counterpart = (counterpart[0], _flat(counterpart[1]))
    said = _change_reason(_flat(reason), lang, company, counterpart, notice_hours)
    return _spell_times(said, lang) if company is not None else said


#: A time as the planner writes it in a reason (the re-planning horizon).
_PLANNER_TIME = re.compile(r"(?<!\d)(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?!\d)")


def _spell_times(text: str, lang: str) -> str:
    """``2025-11-11 20:00`` as ``Tuesday 11 November 2025 at 20:00`` / ``mardi 11
    novembre 2025 à 20:00``: companies read the raw timestamp beside dates spelled out
    everywhere else in their agenda (a trade-fair tester)."""

    def spelled(m: re.Match[str]) -> str:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return f"{format_date(day, lang)} {'à' if lang == 'fr' else 'at'} {m[4]}:{m[5]}"

    return _PLANNER_TIME.sub(spelled, text)


def _change_reason(
    reason: str,
    lang: str,
    company: Company | None = None,
    counterpart: tuple[str, str] | None = None,
    notice_hours: float | None = None,
) -> str:
    """:func:`change_reason` before the planner's times are spelled (its parts are
    translated by it)."""
    reason = for_company(reason, company, counterpart, notice_hours)
    if lang == "en" or not reason:
        return _your_reference(reason, company, lang)
    renamed = _renamed_then(reason)
    for pattern, words in () if renamed else _CHANGE_REASONS_FR:
        found = pattern.match(reason)
        if found:
            # A name spanning "; " is most likely several reasons joined (a change
            # over two re-plans): read whole, the French said "indisponibilité déclarée
            # pour you are no longer available …; then moved …" (a mission-week
            # tester). Each part is translated when each is a reason of its own.
            if any("; " in part for part in found.groups() if part):
                joined = _each_part(reason.split("; "), lang)
                if joined:
                    return _your_reference(joined, company, lang)
            return _your_reference(words(found), company, lang)
    parts = renamed or reason.split("; ")
    if len(parts) > 1:
        return _your_reference(_each_part(parts, lang), company, lang)
    return ""


#: A counterpart's new detail, its value whole: a contact, phone or e-mail may hold
#: ``; `` of its own (two delegates typed in one cell).
_NEW_DETAIL = re.compile(r"new (?P<field>name|contact person|e-mail|phone|sectors): (?P<value>.+)")


def _values_whole(parts: Sequence[str], lang: str) -> list[str]:
    """``parts`` with a new detail's value put back whole where its own ``; `` split it:
    a piece no reason knows, after a new detail, is the rest of its value ("new contact
    person: Mary; John" left the French column empty; a French-speaking coordinator)."""
    whole: list[str] = []
    for part in parts:
        if whole and _NEW_DETAIL.fullmatch(whole[-1]) and not _change_reason(part, lang):
            whole[-1] = f"{whole[-1]}; {part}"
        else:
            whole.append(part)
    return whole


def _each_part(parts: Sequence[str], lang: str) -> str:
    """Reasons joined by ``; `` translated each, ``""`` unless every one is."""
    french = []
    for part in _values_whole(parts, lang):
        detail = _NEW_DETAIL.fullmatch(part)
        french.append(
            f"{_DETAIL_FR[detail['field']][0]} : {detail['value']}"
            if detail
            else _change_reason(part, lang)
        )
    # French puts a space before ';' (the unscheduled block's ' ; ' did; a reader).
    return " ; ".join(french) if all(french) else ""


def _your_reference(said: str, company: Company | None, lang: str) -> str:
    """A corrected id's sentence as the company itself reads it: "your new reference
    (B7, now B07)", not "new reference for <its own name> (…)" (a cron week's tester)."""
    if company is None:
        return said
    name, cid = re.escape(company.name), re.escape(company.id)
    if lang == "fr":
        pattern = rf"^nouvelle référence pour {name} \((?P<old>[^()]*), désormais {cid}\) : "
        mine = "votre nouvelle référence ({old}, désormais {cid}) : "
    else:
        pattern = rf"^new reference for {name} \((?P<old>[^()]*), now {cid}\): "
        mine = "your new reference ({old}, now {cid}): "
    return re.sub(
        pattern, lambda m: mine.format(old=m["old"], cid=company.id), said, count=1
    )


def unmet_text(
    u: UnmetLine,
    company: Company,
    lang: str,
    holds_any: bool = False,
    notice_hours: float | None = None,
) -> str:
    """Why a request of ``company`` is not in its agenda, as it reads it: the cause of a
    cancelled pin (the planner's sentence, translated, ``you`` for itself; the French
    files said "see the detail" and showed none), or whose maximum was reached (the
    company was named in the third person, and not at all in French); else
    :func:`reason_text`."""
    if u.reason == "pin_cancelled" and u.detail:
        said = change_reason(
            u.detail, lang, company, (u.counterpart_id, u.counterpart), notice_hours
        )
        if said:
            return said
    if u.reason == "at_capacity" and u.counterpart_takes_none and company.max_meetings != 0:
        return (
            f"{u.counterpart} ne prend aucun rendez-vous lors de cette mission"
            if lang == "fr"
            else f"{u.counterpart} takes no meetings at this mission"
        )
    if u.reason == "at_capacity" and company.max_meetings == 0 and not holds_any:
        # "You have reached your maximum" with no meeting at all (a reader).
        return (
            "les organisateurs n'ont prévu aucun rendez-vous pour vous"
            if lang == "fr"
            else "the organisers planned no meeting for you"
        )
    if u.reason == "at_capacity" and u.detail.startswith(MAX_REACHED):
        # the names as the planner joins them, exporter first: not split on ", ", which
        # a name may hold ('Acme, Inc.' was told only of its counterpart; an auditor)
        full = u.detail[len(MAX_REACHED) :]
        both = full in (f"{company.name}, {u.counterpart}", f"{u.counterpart}, {company.name}")
        mine = full == company.name or both
        theirs = (full == u.counterpart or both) and u.counterpart != company.name
        if mine or theirs:
            if lang == "fr":
                parts = (["vous avez atteint votre nombre maximal de rendez-vous"] if mine
                         else []) + ([f"{u.counterpart} a atteint son nombre maximal de "
                                      "rendez-vous"] if theirs else [])  # fmt: skip
                return " ; ".join(parts)
            parts = (["you have reached your maximum number of meetings"] if mine else []) + (
                [f"{u.counterpart} has reached its maximum number of meetings"] if theirs else []
            )
            return "; ".join(parts)
    if u.reason == "no_common_slot" and u.detail.startswith(LEFT_AFTER_HORIZON):
        # Free at a common time, but within the re-planning notice: "no common
        # availability" read as false ("we were both free on Sunday"; a reader).
        return (
            "plus de disponibilité commune qui puisse encore être réservée (les "
            "rendez-vous des prochaines heures sont déjà arrêtés)"
            if lang == "fr"
            else "no common free time left that can still be booked (the next hours' "
            "meetings are already set)"
        )
    # The sentence alone: the detail is the coordinator's (counts of tables taken,
    # 'Mission setting interpreters: 0', the re-planning horizon), kept in the agenda's
    # Unscheduled sheet; English files showed it to members, French ones did not (a
    # reader, against docs/report.md). So is "(see detail)", its column's pointer
    # (a recipients' reader: "see detail" and none shown).
    return reason_text(u.reason, "", lang).removesuffix(" (see detail)")


def reason_text(code: str, detail: str, lang: str) -> str:
    """The sentence of a reason code in ``lang``; the English detail only in English."""
    text = _LABELS[lang].get(code, code) if code in REASONS else code
    if detail and lang == "en":
        text = f"{text} ({detail})"
    return text

"""Plain-language explanations: unscheduled requests and requirement conflicts."""

from __future__ import annotations

from datetime import time

from conftest import assert_valid, fixed_at, make_instance, opts

from asmex_sched.domain import REASONS, Instance, Meeting, PublishedMeeting, Schedule
from asmex_sched.explain import requirement_conflicts, unscheduled
from asmex_sched.model.solve import solve
from asmex_sched.validate import validate


def reasons(inst: Instance, schedule: Schedule) -> dict[tuple[str, str], str]:
    out = {(u.exporter_id, u.buyer_id): u.reason for u in unscheduled(inst, schedule)}
    assert set(out.values()) <= set(REASONS)
    return out


# ------------------------------------------------------------------ unscheduled
def test_nothing_unscheduled_when_everything_is_held() -> None:
    inst = make_instance()
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert unscheduled(inst, r.schedule) == []


def test_no_common_slot() -> None:
    # E1 is away at slot 0, B1 at slot 1: they never share a slot.
    inst = make_instance(
        exporters=1, buyers=2, slots_per_day=2, unavailability=[("E1", 0, 0, 1), ("B1", 0, 1, 2)]
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert reasons(inst, r.schedule) == {("E1", "B1"): "no_common_slot"}


def test_at_capacity_via_max_meetings() -> None:
    # E1 accepts one meeting, wants B1 (priority 1) and B2 (priority 3).
    inst = make_instance(
        exporters=1, buyers=2, requests=[(1, 1, 1), (1, 2, 3)], max_meetings={"E1": 1}
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    (u,) = unscheduled(inst, r.schedule)
    assert ((u.exporter_id, u.buyer_id), u.reason) == (("E1", "B2"), "at_capacity")
    assert "max meetings" in u.detail and "Exporter 1" in u.detail


def test_a_party_taking_no_meetings_is_the_reason_whatever_else_holds() -> None:
    # After a re-plan leaving no common slot, a buyer with max_meetings 0 and its
    # exporter were told "no common free time left" (a proofreader): the company's
    # choice comes first, before the slots and the interpreter.
    inst = make_instance(
        exporters=1, buyers=2, slots_per_day=2, max_meetings={"B1": 0},
        unavailability=[("E1", 0, 0, 1), ("B1", 0, 1, 2)],
    )  # fmt: skip
    r = solve(inst, opts())
    assert_valid(inst, r)
    (u,) = unscheduled(inst, r.schedule)
    assert ((u.exporter_id, u.buyer_id), u.reason) == (("E1", "B1"), "at_capacity")
    assert "max meetings" in u.detail and "Buyer 1" in u.detail


def test_at_capacity_when_every_common_slot_is_taken() -> None:
    # One slot, E1 wants B1 (priority 1) and B2 (priority 3): E1's only slot is taken.
    inst = make_instance(exporters=1, buyers=2, slots_per_day=1, requests=[(1, 1, 1), (1, 2, 3)])
    r = solve(inst, opts())
    assert_valid(inst, r)
    (u,) = unscheduled(inst, r.schedule)
    assert ((u.exporter_id, u.buyer_id), u.reason) == (("E1", "B2"), "at_capacity")
    assert "every common slot" in u.detail


def test_at_capacity_with_each_party_busy_at_a_different_time_is_said_as_such() -> None:
    # Two slots, one table: E2-B2 at one, E1-B1 at the other. E1-B2 has no time where
    # both are free, yet neither has every slot taken: the sentence said "a party is at
    # capacity (max meetings or all its slots taken)", which nobody was (an auditor).
    inst = make_instance(slots_per_day=2, tables=1, requests=[(1, 1, 1), (1, 2, 2), (2, 2, 1)])
    schedule = Schedule((Meeting("E2", "B2", 0, 1), Meeting("E1", "B1", 1, 1)))
    assert validate(inst, schedule) == []
    (u,) = unscheduled(inst, schedule)
    assert ((u.exporter_id, u.buyer_id), u.reason) == (("E1", "B2"), "at_capacity")
    busy = {(cid, m.slot) for m in schedule.meetings for cid in m.key}
    assert not any({(cid, 0), (cid, 1)} <= busy for cid in ("E1", "B2"))  # nobody is full
    said = REASONS[u.reason]
    assert "all its slots taken" not in said and "one of the two" in said


def test_lost_to_priority_with_one_table() -> None:
    # One slot, one table, disjoint pairs: fairness ties (each exporter can get 1,
    # only one meeting fits), so value decides: E1-B1 (6) over E2-B2 (2).
    inst = make_instance(slots_per_day=1, tables=1, requests=[(1, 1, 1), (2, 2, 3)])
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert [m.key for m in r.schedule.meetings] == [("E1", "B1")]
    (u,) = unscheduled(inst, r.schedule)
    assert ((u.exporter_id, u.buyer_id), u.reason) == (("E2", "B2"), "lost_to_priority")
    assert u.detail == "1 common free time(s): every table taken at 1"


def test_lost_to_priority_for_an_interpreter() -> None:
    # Two tables but one interpreter; both meetings need one.
    inst = make_instance(
        slots_per_day=1,
        tables=2,
        interpreters=1,
        requests=[(1, 1, 1), (2, 2, 3)],
        languages={"E1": ["fr"], "E2": ["fr"], "B1": ["sw"], "B2": ["sw"]},
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert reasons(inst, r.schedule) == {("E2", "B2"): "lost_to_priority"}
    [u] = unscheduled(inst, r.schedule)
    assert u.detail == "1 common free time(s): every interpreter taken at 1"


def test_lost_to_priority_counts_each_shortage_and_room_left() -> None:
    # Three slots, two tables, one interpreter; E2-B2 and E3-B3 need the interpreter.
    # Hand-made plans leave E3-B3 out with each shortage in turn, and room elsewhere.
    inst = make_instance(
        exporters=3,
        buyers=3,
        slots_per_day=3,
        tables=2,
        interpreters=1,
        requests=[(1, 1), (2, 2), (3, 3)],
        languages={"E1": ["fr"], "B1": ["fr"], "E2": ["fr"], "B2": ["sw"],
                   "E3": ["fr"], "B3": ["sw"]},
    )
    held = Schedule((Meeting("E1", "B1", 0, 1), Meeting("E2", "B2", 0, 2, interpreter=True)))
    # Slot 0: both tables taken; slots 1 and 2: room.
    [u] = [u for u in unscheduled(inst, held) if (u.exporter_id, u.buyer_id) == ("E3", "B3")]
    assert u.reason == "lost_to_priority"
    assert u.detail == "3 common free time(s): every table taken at 1, room left at 2"
    # Slot 1: one table free, but the interpreter is taken.
    held = Schedule((Meeting("E2", "B2", 1, 1, interpreter=True),))
    [u] = [u for u in unscheduled(inst, held) if (u.exporter_id, u.buyer_id) == ("E3", "B3")]
    assert u.detail == "3 common free time(s): every interpreter taken at 1, room left at 2"


def test_no_interpreter_when_the_mission_has_none() -> None:
    # E1 and B1 share no language and there is no interpreter: the meeting can never be
    # held. It was blamed on "higher-priority meetings", with no other meeting at all.
    inst = make_instance(
        exporters=1,
        buyers=2,
        requests=[(1, 1, 1), (1, 2, 3)],
        languages={"E1": ["fr"], "B1": ["ar"], "B2": ["fr", "en"]},
    )
    r = solve(inst, opts())
    assert_valid(inst, r)
    assert reasons(inst, r.schedule) == {("E1", "B1"): "no_interpreter"}
    [u] = unscheduled(inst, r.schedule)
    assert "fr" in u.detail and "ar" in u.detail
    # Not possible, so not owed: E1's fairness cap counts only its meeting with B2.
    assert inst.fairness_cap["E1"] == 1


def test_unscheduled_on_a_hand_made_schedule() -> None:
    inst = make_instance(exporters=2, buyers=1, slots_per_day=1, requests=[(1, 1), (2, 1)])
    held = Schedule((Meeting("E1", "B1", 0, 1),))
    assert reasons(inst, held) == {("E2", "B1"): "at_capacity"}  # B1's only slot is taken
    assert reasons(inst, Schedule()) == {
        ("E1", "B1"): "lost_to_priority",
        ("E2", "B1"): "lost_to_priority",
    }


# --------------------------------------------------------- requirement conflicts
def test_no_conflict() -> None:
    base = make_instance(tables=2)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0, table=1), fixed_at(base, 2, 2, 0, table=2)))
    assert requirement_conflicts(inst) == []
    assert requirement_conflicts(base, [fixed_at(base, 1, 2, 1, source="locked")]) == []


def test_h2_conflict_names_the_company_and_meetings() -> None:
    base = make_instance()
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0), fixed_at(base, 1, 2, 0)))
    (msg,) = requirement_conflicts(inst)
    assert msg.startswith("H2: E1 has 2 required meetings at 2025-03-10 09:00 but 1 delegate")
    assert "E1 x B1" in msg and "E1 x B2" in msg
    # Two delegates: no conflict.
    two = make_instance(delegates={"E1": 2})
    two = two.replace(fixed=(fixed_at(two, 1, 1, 0), fixed_at(two, 1, 2, 0)))
    assert requirement_conflicts(two) == []


def test_h2_conflict_between_fixed_and_pinned() -> None:
    base = make_instance()
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 2),))
    (msg,) = requirement_conflicts(inst, [fixed_at(base, 2, 1, 2, source="locked")])
    assert msg.startswith("H2: B1 has 2 required meetings at 2025-03-10 10:00")
    assert "E1 x B1" in msg and "E2 x B1" in msg


def test_h4_conflicts_too_many_meetings_and_same_table() -> None:
    base = make_instance(exporters=3, buyers=3, tables=2)
    inst = base.replace(
        fixed=(fixed_at(base, 1, 1, 1), fixed_at(base, 2, 2, 1), fixed_at(base, 3, 3, 1))
    )
    (msg,) = requirement_conflicts(inst)
    assert msg.startswith("H4: 3 required meetings at 2025-03-10 09:30 but 2 tables")
    assert all(p in msg for p in ("E1 x B1", "E2 x B2", "E3 x B3"))
    same = base.replace(fixed=(fixed_at(base, 1, 1, 1, table=2), fixed_at(base, 2, 2, 1, table=2)))
    (msg,) = requirement_conflicts(same)
    assert msg.startswith("H4: table 2 is required twice at 2025-03-10 09:30")
    assert "E1 x B1" in msg and "E2 x B2" in msg


def test_h5_conflict() -> None:
    base = make_instance(
        interpreters=1, languages={"E1": ["fr"], "E2": ["fr"], "B1": ["sw"], "B2": ["en"]}
    )
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 3), fixed_at(base, 2, 2, 3)))
    (msg,) = requirement_conflicts(inst)
    assert msg.startswith("H5: 2 required meetings need an interpreter at 2025-03-10 10:30")
    assert "but the mission has 1 interpreter:" in msg and "E1 x B1" in msg and "E2 x B2" in msg
    # one meeting, no interpreter: in the singular ("1 required meetings need"; a reader)
    none = make_instance(interpreters=0, languages={"E1": ["fr"], "B1": ["sw"]})
    (msg,) = requirement_conflicts(none.replace(fixed=(fixed_at(none, 1, 1, 3),)))
    assert msg.startswith("H5: 1 required meeting needs an interpreter at 2025-03-10 10:30")
    assert "but the mission has 0 interpreters:" in msg


def test_h6_conflict() -> None:
    base = make_instance(max_meetings={"B2": 1})
    inst = base.replace(fixed=(fixed_at(base, 1, 2, 0), fixed_at(base, 2, 2, 1)))
    (msg,) = requirement_conflicts(inst)
    # the meetings named, as exit 3 promises (a hand-editing tester: none were)
    assert msg.startswith("H6: B2 has 2 required meetings but max_meetings 1: E1 x B2 (")
    assert "; E2 x B2 (" in msg


def test_h6_conflict_after_meetings_held_names_the_roster_maximum_and_the_record() -> None:
    # Re-planning, the cap is what the company keeps before the horizon if more than its
    # max_meetings: the message read "max_meetings 5" beside a warning "max_meetings 1"
    # (a reader). B2 (max 1) held two meetings, and a third is locked.
    from conftest import published

    base = make_instance(exporters=3, max_meetings={"B2": 1})
    held = Schedule((Meeting("E1", "B2", 0, 1), Meeting("E2", "B2", 1, 1)))
    inst = base.replace(
        held=published(base, held),
        pinned=(fixed_at(base, 1, 2, 0), fixed_at(base, 2, 2, 1), fixed_at(base, 3, 2, 3)),
    )
    assert inst.max_meetings_of("B2") == 2 and inst.max_meetings_of("B1") is None
    (msg,) = requirement_conflicts(inst, inst.pinned)
    assert msg.startswith(
        "H6: B2 has 3 required meetings but max_meetings 1 (2 kept before the re-planning "
        "horizon): E1 x B2 ("
    )
    # A held meeting this run does not keep (a no-show: not pinned) is not counted.
    assert base.replace(held=inst.held, pinned=inst.pinned[1:]).max_meetings_of("B2") == 1


def test_requirement_not_on_the_grid_unavailable_or_unrequested() -> None:
    base = make_instance(requests=[(1, 1), (2, 2)], unavailability=[("B2", 0, 2, 3)])
    off = fixed_at(base, 1, 1, 0)
    off = off.__class__(off.exporter_id, off.buyer_id, off.day, time(9, 10))
    away = fixed_at(base, 2, 2, 2)
    unrequested = fixed_at(base, 1, 2, 1, source="locked")
    msgs = requirement_conflicts(base.replace(fixed=(off, away)), [unrequested])
    assert len(msgs) == 3
    # Each with its rule id, as the other conflicts (an audit found these without).
    # H7, the rule of a fixed meeting (docs/model.md, and the validator's id for it).
    assert msgs[0].startswith("H7: fixed meeting E1 x B1") and "not a slot start" in msgs[0]
    assert msgs[1].startswith("H3: fixed meeting E2 x B2") and "B2 not available" in msgs[1]
    assert msgs[2].startswith("H1: locked meeting E1 x B2") and "no longer in the roster" in msgs[2]


def test_a_pinned_meeting_off_the_grid_is_h8_a_fixed_one_h7() -> None:
    base = make_instance(requests=[(1, 1), (2, 2)])
    fixed = fixed_at(base, 1, 1, 0)
    locked = fixed_at(base, 2, 2, 1, source="locked")
    off_fixed = fixed.__class__(fixed.exporter_id, fixed.buyer_id, fixed.day, time(9, 10))
    off_locked = locked.__class__(
        locked.exporter_id, locked.buyer_id, locked.day, time(9, 40), None, "locked"
    )
    msgs = requirement_conflicts(base.replace(fixed=(off_fixed,)), [off_locked])
    assert [m.split(":")[0] for m in msgs] == ["H7", "H8"]
    assert all("not a slot start" in m for m in msgs)


def test_same_pair_required_at_two_times() -> None:
    base = make_instance()
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0),))
    (msg,) = requirement_conflicts(inst, [fixed_at(base, 1, 1, 2, source="frozen")])
    assert msg.startswith("H1: frozen meeting E1 x B1")
    assert "also required at 2025-03-10 09:00" in msg
    # The same pair at the same time twice is no conflict.
    assert requirement_conflicts(inst, [fixed_at(base, 1, 1, 0, source="frozen")]) == []


def test_a_frozen_meeting_is_named_as_in_the_agenda_not_announced() -> None:
    # A cron week's tester: a meeting typed by hand within the notice period, never
    # sent, was named "announced, within the notice period" in an exit 3.
    base = make_instance(max_meetings={"B2": 1})
    inst = base.replace(fixed=(fixed_at(base, 1, 2, 0),))
    (msg,) = requirement_conflicts(inst, [fixed_at(base, 2, 2, 1, source="frozen")])
    assert "E2 x B2 (in the agenda, held or within the notice period)" in msg, msg


def test_a_frozen_meeting_already_past_is_not_said_within_the_notice_period() -> None:
    # A cron tester (session 43): a meeting moved by hand onto day 1's busy table, re-planned
    # on day 2 at 15:00, exited 3 naming it "(in the agenda, within the notice period)":
    # its time was already past, not within the notice period. The horizon alone cannot
    # tell the two apart, so the label names both.
    base = make_instance()
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 0, table=1),))
    frozen = fixed_at(base, 2, 2, 0, table=1, source="frozen")
    (msg,) = requirement_conflicts(inst, [frozen])
    assert msg.startswith("H4: table 1 is required twice"), msg
    assert "E2 x B2 (in the agenda, held or within the notice period)" in msg, msg


def test_conflict_messages_state_the_limit_they_compare_with() -> None:
    """Before the re-planning horizon a slot's limit is what was held there, if more
    than the setting (tables_at, interpreters_at): the message names that limit, not
    the setting (an architecture review)."""
    languages = {f"E{i}": ["fr"] for i in range(1, 5)} | {f"B{i}": ["sw"] for i in range(1, 5)}
    base = make_instance(exporters=4, buyers=4, tables=1, interpreters=1, languages=languages)
    slot = base.slots[1]
    held = tuple(
        PublishedMeeting(f"E{i}", f"B{i}", slot.day, slot.start, slot.end, i, interpreter=True)
        for i in (1, 2)
    )
    inst = base.replace(held=held)
    assert inst.tables_at(1) == 2 and inst.interpreters_at(1) == 2
    inst = inst.replace(
        fixed=(
            *(fixed_at(inst, i, i, 1) for i in (1, 2, 3)),
            fixed_at(inst, 4, 4, 1, table=4),
        )
    )
    msgs = requirement_conflicts(inst)
    assert any(m.endswith("table 4 does not exist (2 tables)") for m in msgs), msgs
    assert any(m.startswith("H4: 3 required meetings at ") and " but 2 tables: " in m for m in msgs)
    # (not "the mission has 2", beside a warning that it has 1: a second reader)
    assert any(" but only 2 can have one there (the meetings kept there; Mission "
               "interpreters 1): " in m for m in msgs), msgs  # fmt: skip


def test_conflicts_say_where_each_meeting_is_required_and_count_in_words() -> None:
    # Exit 3 says "unlock or move the named meetings": the agenda's locks and the
    # roster's Fixed rows were not told apart, and "1 tables" read oddly (a capacity
    # tester).
    base = make_instance(exporters=2, buyers=2, tables=1)
    inst = base.replace(fixed=(fixed_at(base, 1, 1, 2),))
    msgs = requirement_conflicts(inst, [fixed_at(base, 2, 2, 2, source="locked")])
    (h4,) = [m for m in msgs if m.startswith("H4")]
    assert " but 1 table: " in h4
    assert "E1 x B1 (Fixed sheet)" in h4 and "E2 x B2 (locked in the agenda)" in h4


def test_meetings_with_an_interpreter_of_several_kinds_of_languages_are_warned_about(
    caplog,
) -> None:
    # 'interpreters' is a count: with one Arabic-English and one French-English
    # interpreter, two Arabic meetings at once and an Arabic-Swahili one were planned
    # without a word (a capacity tester). One kind alone says nothing.
    from asmex_sched import services

    inst = make_instance(
        exporters=2, buyers=2, interpreters=2,
        languages={"E1": ["ar"], "E2": ["ar"], "B1": ["en"], "B2": ["sw"]},
    )  # fmt: skip
    one = Schedule((Meeting("E1", "B1", 0, 1, interpreter=True),
                    Meeting("E2", "B1", 1, 1, interpreter=True)))  # fmt: skip
    two = Schedule((*one.meetings, Meeting("E1", "B2", 2, 1, interpreter=True)))
    with caplog.at_level("WARNING", logger="asmex_sched"):
        services.planning._warn_interpreted_languages(inst, one)
        assert caplog.records == []
        services.planning._warn_interpreted_languages(inst, two)
    (record,) = caplog.records
    assert "join 2 kinds of languages" in record.getMessage()
    assert "ar / en: 2; ar / sw: 1" in record.getMessage()


def test_language_kinds_in_another_order_or_with_more_languages_are_one_kind(caplog) -> None:
    # 'ar; fr' beside 'fr; ar', or 'fr; ar; es', meeting the same buyers are served by the
    # same interpreters: the warning fired on the bundled example for one exporter's
    # order (a second reader).
    from asmex_sched import services

    inst = make_instance(
        exporters=3, buyers=1, interpreters=1,
        languages={"E1": ["fr", "ar"], "E2": ["ar", "fr"], "E3": ["fr", "ar", "es"],
                   "B1": ["en", "sw"]},
    )  # fmt: skip
    schedule = Schedule(tuple(Meeting(f"E{i}", "B1", i, 1, interpreter=True) for i in (1, 2, 3)))
    with caplog.at_level("WARNING", logger="asmex_sched"):
        services.planning._warn_interpreted_languages(inst, schedule)
    assert caplog.records == []



def test_language_kinds_are_listed_as_they_are_not_folded_into_a_narrower_one(caplog) -> None:
    # A 100-company tester: 304 meetings of French-Arabic exporters with English-Swahili
    # buyers were listed under 'ar / en, sw' (an Arabic exporter's kind, within theirs),
    # as if they needed Arabic; a French-English interpreter serves them too.
    from asmex_sched import services

    inst = make_instance(
        exporters=3, buyers=2, interpreters=1,
        languages={"E1": ["fr", "ar"], "E2": ["ar"], "E3": ["ar", "fr"],
                   "B1": ["en", "sw"], "B2": ["en"]},
    )  # fmt: skip
    meetings = (
        *(Meeting("E1", "B1", i, 1, interpreter=True) for i in range(3)),
        Meeting("E2", "B1", 3, 1, interpreter=True),
        Meeting("E3", "B2", 4, 1, interpreter=True),
    )
    with caplog.at_level("WARNING", logger="asmex_sched"):
        services.planning._warn_interpreted_languages(inst, Schedule(meetings))
    (record,) = caplog.records
    said = record.getMessage()
    assert "join 3 kinds of languages" in said
    assert "ar, fr / en, sw: 3; ar / en, sw: 1; ar, fr / en: 1;" in said


def test_french_english_meetings_either_way_round_are_one_kind(caplog) -> None:
    # A French exporter meeting an English buyer and an English exporter meeting a
    # French buyer need the same French-English interpreter: the warning fired on every
    # bilingual mission, "en / fr: 3; fr / en: 2" (a coordinator's tester).
    from asmex_sched import services

    inst = make_instance(
        exporters=2, buyers=3, interpreters=1,
        languages={"E1": ["fr"], "E2": ["en"], "B1": ["en"], "B2": ["fr"], "B3": ["sw"]},
    )  # fmt: skip
    both_ways = Schedule((Meeting("E1", "B1", 0, 1, interpreter=True),
                          Meeting("E2", "B2", 1, 1, interpreter=True)))  # fmt: skip
    with caplog.at_level("WARNING", logger="asmex_sched"):
        services.planning._warn_interpreted_languages(inst, both_ways)
        assert caplog.records == []
        services.planning._warn_interpreted_languages(
            inst, Schedule((*both_ways.meetings, Meeting("E2", "B3", 2, 1, interpreter=True)))
        )
    (record,) = caplog.records
    assert "join 2 kinds of languages" in record.getMessage()
    assert "en / fr: 2; en / sw: 1" in record.getMessage()

"""iCalendar: all-day events with exclusive ends, stable UIDs, filters to a person or a room."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from exchange.sample import sample_plan, sample_schedule
from picturelock.adapters.exports.ical import write_ics
from picturelock.domain.errors import InvalidInput


def _events(path: Path) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(e["uid"]).split("@")[0]: {
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "summary": str(e["summary"]),
            "uid": str(e["uid"]),
            "categories": [str(c) for c in e["categories"].cats] if "categories" in e else [],
            "description": str(e["description"]),
        }
        for e in calendar.walk("VEVENT")
    }


def test_every_task_is_an_all_day_event_ending_the_day_after(tmp_path: Path) -> None:
    path = tmp_path / "post.ics"
    write_ics(sample_plan(), sample_schedule(), path)
    events = _events(path)
    assert len(events) == len(sample_plan().tasks)
    offline = events["ep1-offline"]
    assert (offline["start"], offline["end"]) == (date(2027, 1, 4), date(2027, 1, 23))
    lock = events["ep1-lock"]
    assert (lock["start"], lock["end"]) == (date(2027, 1, 22), date(2027, 1, 23))  # one day
    assert str(lock["summary"]).startswith("◆")
    assert offline["uid"] == "ep1-offline@harbour-lights.picturelock"
    assert "Critical" in offline["categories"] and "Critical" not in events["ep1-grade"]["categories"]
    assert "Owner: Maya Okafor" in str(offline["description"])
    assert "Assistant editor ×0.5" in str(offline["description"])


def test_uids_are_stable_between_exports(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_ics(sample_plan(), sample_schedule(), first)
    write_ics(sample_plan(), sample_schedule(), second)
    assert [e["uid"] for e in _events(first).values()] == [e["uid"] for e in _events(second).values()]


def test_a_person_gets_the_tasks_they_own_or_are_booked_on(tmp_path: Path) -> None:
    path = tmp_path / "sam.ics"
    write_ics(sample_plan(), sample_schedule(), path, person="sam")  # through the editor resource
    assert set(_events(path)) == {"ep1-offline", "ep2-offline"}
    write_ics(sample_plan(), sample_schedule(), path, person="maya")  # as owner
    assert set(_events(path)) == {"ep1-offline"}


def test_a_room_gets_its_bookings(tmp_path: Path) -> None:
    path = tmp_path / "grade.ics"
    write_ics(sample_plan(), sample_schedule(), path, resource="grade-1")
    assert set(_events(path)) == {"ep1-grade", "ep2-grade"}
    assert "Grading Suite 1" in Calendar.from_ical(path.read_bytes())["x-wr-calname"]


@pytest.mark.parametrize(("option", "value"), [("person", "nobody"), ("resource", "stage-z")])
def test_an_unknown_person_or_room_is_refused_naming_the_known_ones(
    tmp_path: Path, option: str, value: str
) -> None:
    path = tmp_path / "x.ics"
    with pytest.raises(InvalidInput) as caught:
        write_ics(sample_plan(), sample_schedule(), path, **{option: value})
    assert value in str(caught.value) and ("sam" in str(caught.value) or "grade-1" in str(caught.value))
    assert not path.exists()

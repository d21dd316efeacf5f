"""Write tests/exchange/fixtures/mpxj_written.xml with MPXJ's MSPDI writer (the library behind
ProjectLibre's MS Project import/export), so the reader is tested on a file a real tool wrote.

    python3 -m venv /tmp/mpxj && /tmp/mpxj/bin/pip install mpxj jpype1   # needs a JVM (17+)
    /tmp/mpxj/bin/python tests/exchange/make_mpxj_fixture.py

The project: a standard calendar with an Easter closure and a working Saturday, an editor whose
calendar has a week of leave, two episodes as summary tasks, SS/FF/SF links, a working and an
elapsed lag, a finish-no-later-than constraint, a deadline, a baseline, then MPXJ's own
Microsoft-style scheduler fills in the dates before it is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jpype  # type: ignore[import-not-found]
import mpxj  # type: ignore[import-not-found]  # noqa: F401  (puts MPXJ's jars on the class path)

OUT = Path(__file__).with_name("fixtures") / "mpxj_written.xml"


def main() -> None:  # noqa: PLR0915 - one straight script
    jpype.startJVM()
    from java.time import LocalDate, LocalDateTime, LocalTime  # type: ignore[import-not-found]
    from org.mpxj import (  # type: ignore[import-not-found]
        ConstraintType,
        Duration,
        LocalTimeRange,
        ProjectFile,
        Relation,
        RelationType,
        ResourceType,
        TimeUnit,
    )
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]

    project = ProjectFile()
    props = project.getProjectProperties()
    props.setProjectTitle("Tide Line")
    props.setStartDate(LocalDateTime.of(2027, 1, 4, 8, 0))
    standard = project.addDefaultBaseCalendar()
    project.setDefaultCalendar(standard)
    easter = standard.addCalendarException(LocalDate.of(2027, 4, 1), LocalDate.of(2027, 4, 2))
    easter.setName("Easter closure")
    saturday = standard.addCalendarException(LocalDate.of(2027, 1, 16), LocalDate.of(2027, 1, 16))
    saturday.setName("Saturday session")
    saturday.add(LocalTimeRange(LocalTime.of(8, 0), LocalTime.of(12, 0)))
    saturday.add(LocalTimeRange(LocalTime.of(13, 0), LocalTime.of(17, 0)))

    editor = project.addResource()
    editor.setName("Editor")
    editor.setType(ResourceType.WORK)
    editor_calendar = project.addDefaultDerivedCalendar()
    editor_calendar.setParent(standard)
    editor_calendar.setName("Editor")
    leave = editor_calendar.addCalendarException(LocalDate.of(2027, 2, 15), LocalDate.of(2027, 2, 19))
    leave.setName("Half-term")
    editor.setCalendar(editor_calendar)

    def days(n: float, unit: object = TimeUnit.DAYS) -> object:
        return Duration.getInstance(float(n), unit)

    def link(
        task: object, before: object, kind: object = RelationType.FINISH_START, lag: object = None
    ) -> None:
        builder = Relation.Builder().predecessorTask(before).type(kind)
        if lag is not None:
            builder = builder.lag(lag)
        task.addPredecessor(builder)

    ep1 = project.addTask()
    ep1.setName("Episode 1")
    offline = ep1.addTask()
    offline.setName("Offline edit")
    offline.setDuration(days(15))
    booking = offline.addResourceAssignment(editor)
    booking.setWork(days(120, TimeUnit.HOURS))
    booking.setActualWork(days(0, TimeUnit.HOURS))
    booking.setRemainingWork(days(120, TimeUnit.HOURS))
    lock = ep1.addTask()
    lock.setName("Picture lock")
    lock.setDuration(days(0))
    lock.setMilestone(True)
    link(lock, offline)
    grade = ep1.addTask()
    grade.setName("Grade")
    grade.setDuration(days(2.5))
    link(grade, lock, lag=days(2))
    mix = ep1.addTask()
    mix.setName("Final mix")
    mix.setDuration(days(2))
    link(mix, lock, RelationType.START_START, days(3, TimeUnit.ELAPSED_DAYS))
    delivery = ep1.addTask()
    delivery.setName("Ep 1 delivered")
    delivery.setDuration(days(0))
    delivery.setMilestone(True)
    link(delivery, grade)
    link(delivery, mix, RelationType.FINISH_FINISH)
    delivery.setConstraintType(ConstraintType.FINISH_NO_LATER_THAN)
    delivery.setConstraintDate(LocalDateTime.of(2027, 3, 5, 17, 0))

    ep2 = project.addTask()
    ep2.setName("Episode 2")
    offline2 = ep2.addTask()
    offline2.setName("Ep 2 offline")
    offline2.setDuration(days(15))
    link(offline2, offline, RelationType.START_START, days(5))
    spotting = ep2.addTask()
    spotting.setName("Music spotting")
    spotting.setDuration(days(1))
    grade2 = ep2.addTask()
    grade2.setName("Ep 2 grade")
    grade2.setDuration(days(2))
    link(grade2, offline2)
    link(grade2, spotting, RelationType.START_FINISH)
    delivery2 = ep2.addTask()
    delivery2.setName("Ep 2 delivered")
    delivery2.setDuration(days(0))
    delivery2.setMilestone(True)
    delivery2.setDeadline(LocalDateTime.of(2027, 3, 26, 17, 0))
    link(delivery2, grade2)

    for task in project.getTasks():
        if not task.getSummary():
            task.setActualDuration(days(0))
            task.setRemainingDuration(task.getDuration())
    MicrosoftScheduler().schedule(project, LocalDateTime.of(2027, 1, 4, 8, 0))
    for task in project.getTasks():
        task.setBaselineStart(task.getStart())
        task.setBaselineFinish(task.getFinish())
    MSPDIWriter().write(project, str(OUT))
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

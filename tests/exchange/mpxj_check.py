"""Read an MSPDI file with MPXJ (the Java library ProjectLibre imports MS Project files with) and
print what it understood as JSON. Run by test_mpxj.py under a Python that has `mpxj` and `jpype1`:

    python3 -m venv /tmp/mpxj && /tmp/mpxj/bin/pip install mpxj jpype1   # needs a JVM (17+)
    MPXJ_PYTHON=/tmp/mpxj/bin/python .venv/bin/pytest tests/exchange/test_mpxj.py
"""

from __future__ import annotations

import json
import sys

import jpype  # type: ignore[import-not-found]
import mpxj  # type: ignore[import-not-found]  # noqa: F401  (puts MPXJ's jars on the class path)


def main(path: str) -> None:
    jpype.startJVM()
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(path)
    text = str
    tasks = [
        {
            "name": text(t.getName()),
            "level": int(t.getOutlineLevel()),
            "summary": bool(t.getSummary()),
            "milestone": bool(t.getMilestone()),
            "duration": text(t.getDuration()),
            "start": text(t.getStart()),
            "finish": text(t.getFinish()),
            "constraint": text(t.getConstraintType()),
            "deadline": text(t.getDeadline()),
            "total_slack": text(t.getTotalSlack()),
            "preds": [[text(r.getPredecessorTask().getName()), text(r.getType()), text(r.getLag())]
                      for r in t.getPredecessors()],
        }
        for t in project.getTasks()
    ]  # fmt: skip
    resources = [
        {
            "name": text(r.getName()),
            "max_units": float(r.getMaxUnits()),
            "calendar": text(r.getCalendar().getName()),
        }
        for r in project.getResources()
    ]
    calendars = {text(c.getName()): int(c.getCalendarExceptions().size()) for c in project.getCalendars()}
    assignments = [[text(a.getTask().getName()), text(a.getResource().getName()), float(a.getUnits())]
                   for a in project.getResourceAssignments()]  # fmt: skip
    print(
        json.dumps(
            {"tasks": tasks, "resources": resources, "calendars": calendars, "assignments": assignments}
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])

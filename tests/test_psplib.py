"""PSPLIB j30 (../shared/testdata/psplib): the reader, and levelling quality against the optima."""

from __future__ import annotations

from pathlib import Path

import pytest

from picturelock.adapters.psplib import read_instance, read_optima
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.levelling import level
from picturelock.domain.schedule.verify import check_schedule

# One instance from every fifth parameter group, and two more from group 13 (NC 1.5, RF 1.0,
# RS 0.2), the hardest, where the published optimum took the branch and bound two hours in 1995.
SAMPLE = [f"j30{group}_1" for group in range(1, 48, 5)] + ["j3013_1", "j3013_9"]


@pytest.fixture
def psplib(testdata: Path) -> Path:
    return testdata / "psplib"


def test_reads_an_instance_as_a_network(psplib: Path) -> None:
    net = read_instance(psplib / "j30" / "j301_1.sm")
    assert len(net) == 32
    assert net.capacity == [1200, 1300, 400, 1200]
    assert net.duration[:4] == [0, 8, 4, 6]
    assert net.milestone[0] and net.milestone[31] and not net.milestone[1]
    assert net.demands[1] == [(0, 400)] and net.demands[3] == [(3, 300)]
    assert sorted(s for s, *_ in net.succs[0]) == [1, 2, 3]
    assert all(kind is LinkType.FS and lag == 0 for links in net.preds for _, kind, lag, _ in links)
    assert sum(len(links) for links in net.succs) == 48
    assert all(net.calendar[0].is_working(slot) for slot in range(0, 40))  # every period works


def test_reads_the_published_optima(psplib: Path) -> None:
    optima = read_optima(psplib / "j30opt.sm")
    assert len(optima) == 480
    assert (optima["j301_1"], optima["j3013_1"], optima["j3048_10"]) == (43, 58, 54)


def test_a_broken_instance_lists_every_problem(tmp_path: Path, psplib: Path) -> None:
    text = (psplib / "j30" / "j301_1.sm").read_text(encoding="latin-1").splitlines()
    text[18] = "   1        1          3           2   3"  # says 3 successors, lists 2
    text[19] = "   2        1          3           6  11  99"  # job 99 does not exist
    broken = tmp_path / "broken.sm"
    broken.write_text("\n".join(text), encoding="latin-1")
    with pytest.raises(InvalidInput) as caught:
        read_instance(broken)
    problems = caught.value.problems
    assert [p.line for p in problems] == [19, 20]
    assert "count of successors" in problems[0].message
    assert "job 99 has no duration" in problems[1].message


def test_a_file_without_sections_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sm"
    empty.write_text("nothing here\n", encoding="latin-1")
    with pytest.raises(InvalidInput) as caught:
        read_instance(empty)
    assert {p.field for p in caught.value.problems} >= {"PRECEDENCE RELATIONS", "REQUESTS/DURATIONS"}


def test_heuristic_schedules_are_valid_and_close_to_the_optimum(psplib: Path) -> None:
    optima = read_optima(psplib / "j30opt.sm")
    gaps = []
    for name in SAMPLE:
        net = read_instance(psplib / "j30" / f"{name}.sm")
        result = level(net, iterations=60)
        assert check_schedule(net, result.start, result.finish) == [], name
        assert result.makespan >= optima[name], f"{name} beats the proven optimum: the checker is wrong"
        gaps.append((result.makespan - optima[name]) / optima[name])
        assert gaps[-1] <= 0.10, f"{name}: {result.makespan} vs {optima[name]}"
    assert sum(gaps) / len(gaps) <= 0.03
    assert sum(1 for g in gaps if g == 0) >= 6

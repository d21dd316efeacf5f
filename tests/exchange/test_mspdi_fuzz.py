"""Whatever a value in an MSPDI file is changed to, reading it gives a plan or InvalidInput with
its problems: never another exception (no traceback may reach a user)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.adapters.msproject import load_mspdi
from picturelock.domain.errors import InvalidInput

FIXTURES = Path(__file__).parent / "fixtures"
NS = "{http://schemas.microsoft.com/project}"
JUNK = st.one_of(
    st.sampled_from(["", "-1", "0", "abc", "1e999999", "NaN", "Infinity", "-PT8H0M0S", "PT", "P1Y",
                     "2027-13-45T00:00:00", "99999999999999999999", "1.5", "-65535", "7", "20", "1000"]),
    st.text(max_size=12),
)  # fmt: skip


def _leaves(path: Path) -> tuple[ET.ElementTree, list[ET.Element]]:
    tree = ET.parse(path)
    return tree, [e for e in tree.iter() if len(e) == 0 and e.tag.startswith(NS)]


@pytest.mark.parametrize("fixture", ["ms_project_post.xml", "mpxj_written.xml"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_value_is_read_or_reported(tmp_path: Path, fixture: str, data: st.DataObject) -> None:
    tree, leaves = _leaves(FIXTURES / fixture)
    for _ in range(data.draw(st.integers(1, 3))):
        leaf = data.draw(st.sampled_from(leaves))
        leaf.text = data.draw(JUNK)
    path = tmp_path / "changed.xml"
    tree.write(path, encoding="utf-8", xml_declaration=True)
    try:
        load_mspdi(path)
    except InvalidInput as error:
        assert error.problems and all(p.place == "changed.xml" for p in error.problems)

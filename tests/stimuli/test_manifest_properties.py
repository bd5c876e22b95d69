"""Property-based tests of the manifest validator against an independent oracle."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogsim.stimuli import read_manifest
from tests.conftest import make_picture

NAMES = st.sampled_from(["a", "b", "c", "dog", "cat", "ねこ", "x,y", 'q"t', "animal", "bird"])
ROW = st.tuples(
    st.sampled_from(["i1", "i2", "i3", "i4", "i5", ""]),  # item_id
    NAMES,  # specific
    NAMES,  # basic
    NAMES,  # domain
)


def oracle_is_valid(rows) -> bool:
    if not rows or any("" in r for r in rows):
        return False
    ids = [r[0] for r in rows]
    specifics = [r[1] for r in rows]
    if len(set(ids)) != len(ids) or len(set(specifics)) != len(specifics):
        return False
    for child, parent in ((1, 2), (2, 3)):
        parents = {}
        for r in rows:
            if parents.setdefault(r[child], r[parent]) != r[parent]:
                return False
    levels = [set(r[k] for r in rows) for k in (1, 2, 3)]
    return not (levels[0] & levels[1] or levels[0] & levels[2] or levels[1] & levels[2])


@pytest.fixture(scope="module")
def picture_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("props")
    make_picture((10, 200, 10)).save(folder / "p.png")
    for k in range(6):  # one picture per row: two items may not share one
        make_picture((10, 200, 10)).save(folder / f"p{k}.png")
    return folder


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=0, max_size=6))
def test_validator_agrees_with_oracle(picture_dir, rows):
    with open(picture_dir / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["item_id", "specific", "basic", "domain", "image"])
        writer.writerows([list(r) + [f"p{k}.png"] for k, r in enumerate(rows)])
    if oracle_is_valid(rows):
        table = read_manifest(picture_dir)
        assert [tuple(r) for r in table[["item_id", "specific", "basic", "domain"]].itertuples(index=False)] == rows
    else:
        with pytest.raises(ValueError, match=r"items\.csv"):
            read_manifest(picture_dir)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=12).filter(lambda s: s.strip() and s.strip() not in {"bird", "animal"}
                                                   and "\r" not in s and "\n" not in s))
def test_any_name_round_trips(picture_dir, name):
    with open(picture_dir / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["item_id", "specific", "basic", "domain", "image"])
        writer.writerow(["i1", name, "bird", "animal", "p.png"])
    table = read_manifest(picture_dir)
    assert table.at[0, "specific"] == name.strip()

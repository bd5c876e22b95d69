"""cogsim._csv.frame_to_csv writes pandas' own CSV text, character for character, on every kind of column."""

import numpy as np
import pandas as pd
import pytest

from cogsim._csv import _fields, frame_to_csv

NASTY = ["duck", "", " lead", "trail ", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "tab\there", "鳥", "Ünïcode",
         '"', ",", "NaN", "nan", "None", "1.0"]
FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 1e-300, 5e-324, 1e300, 1e16, 123456789.125, np.nan, np.inf, -np.inf,
          2.5e-05, 0.999974]


def frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    strings = rng.choice(np.array(NASTY, dtype=object), rows)
    with_missing = strings.copy()
    with_missing[rng.random(rows) < 0.3] = None
    floats = rng.choice(np.array(FLOATS), rows)
    return pd.DataFrame({
        "item": strings,
        "label,with comma": with_missing,
        "score": floats,
        "noise": rng.normal(size=rows) * 10.0 ** rng.integers(-8, 8, rows),
        "trial": rng.integers(-5, 10**12, rows),
        "count": rng.integers(0, 5, rows).astype(np.uint32),
        "correct": rng.random(rows) < 0.5,
        "domain": pd.Categorical(rng.choice(["animal", "artefact", "a,\"b\""], rows)),
        "level": pd.Categorical(rng.choice(["basic", "specific", None], rows), categories=["specific", "basic",
                                                                                           "domain"]),
        "session": pd.Categorical(rng.integers(1, 4, rows)),
        "str_dtype": pd.array(with_missing, dtype="str"),
    })


def test_strings_mixed_with_ints_or_bools_are_written_as_pandas_writes_them():
    rng = np.random.default_rng(4)
    names = rng.choice(np.array(NASTY, dtype=object), 400)
    mixed = names.copy()
    mixed[::3] = [int(v) for v in rng.integers(-3, 10**15, len(mixed[::3]))]  # a trial table's target column
    flags = names.copy()
    flags[::2] = [bool(v) for v in rng.random(len(flags[::2])) < 0.5]
    table = pd.DataFrame({"target": mixed, "flags": flags, "ints": pd.Series([1, 0] * 200, dtype=object)})
    for column in table.columns:
        assert _fields(table[column]) is not None, column
    assert frame_to_csv(table) == table.to_csv(index=False)
    # values equal across types (1 == True == 1.0) would be one unique to pd.factorize: pandas writes them instead
    for odd in ([1, True, "a"] * 5, [1, 1.0, "a"] * 5, ["a", 1, None] * 5, ["a", np.int64(2)] * 5):
        column = pd.Series(odd, dtype=object)
        assert _fields(column) is None, odd
        both = pd.DataFrame({"x": column, "y": 1})
        assert frame_to_csv(both) == both.to_csv(index=False)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_kind_of_column_is_written_as_pandas_writes_it(seed):
    table = frame(500, seed)
    for column in table.columns:
        assert _fields(table[column]) is not None, column  # the fast path, not pandas' fallback
    assert frame_to_csv(table) == table.to_csv(index=False)


def test_columns_pandas_must_format_go_to_pandas_and_still_match():
    table = frame(50, 3)
    odd = table.assign(flags=pd.Series([True, pd.NA] * 25, dtype=object),
                       halves=pd.Categorical(np.tile([0.5, 1.5], 25)),
                       when=pd.date_range("2026-12-06", periods=50, freq="h"))
    for column in ("flags", "halves", "when"):
        assert _fields(odd[column]) is None, column
    assert frame_to_csv(odd) == odd.to_csv(index=False)
    single = table[["item"]]  # the csv writer quotes an empty field alone on its row
    assert frame_to_csv(single) == single.to_csv(index=False)
    assert frame_to_csv(table.iloc[:0]) == table.iloc[:0].to_csv(index=False)


def test_a_replications_own_tables_are_written_as_pandas_writes_them(tmp_path):
    from tests.conftest import write_battery
    from cogsim.replication import ReplicationConfig, replicate

    battery = write_battery(tmp_path / "tiny")
    result = replicate(None, ReplicationConfig(battery=str(battery), backbone="tiny_cnn", severities=(0.0, 0.9),
                                               n_patients=2, n_controls=2, random_state=5),
                       progress=False, log=lambda *a: None)
    for name, table in result.tables().items():
        assert frame_to_csv(table) == table.to_csv(index=False), name
        if name.endswith("trials.csv.gz"):  # the large tables take the fast path, column by column
            slow = [column for column in table.columns if _fields(table[column]) is None]
            assert not slow, (name, slow)

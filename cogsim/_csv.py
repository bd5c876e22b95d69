"""CSV text of a table, the same characters as ``frame.to_csv(index=False)``, about four times faster.

A replication writes about four million trial rows (each patient's part, then the
combined tables); pandas formats every one of them through Python's ``csv`` writer,
which took 25 s of a 190 s ``make run`` on this project's machine.  Here each column
is formatted once per *distinct value* (trial tables repeat a few hundred item names,
a few dozen severities) and the rows are joined in C.  The rules are pandas' own
(``pandas.core.indexes.base.get_values_for_csv`` with its defaults, then
``csv.QUOTE_MINIMAL``):

- float64: numpy's shortest repr (``astype(str)``), a missing value as an empty field;
- int64 / uint: ``str``; bool: ``True`` / ``False``;
- strings (``str``, ``object`` holding only strings and missing values, categorical with
  such categories or integer ones): as they are, a missing value as an empty field, a
  field holding a comma, a double quote or a line feed quoted with its quotes doubled (the
  characters that make the ``csv`` writer quote are probed when the module loads);
- ``object`` holding strings and Python ints (or strings and bools), none missing: ``str`` of each
  (a trial table's ``target``, item names and 0/1 attributes together).

Anything else (objects of other types, float categories, dates, one-column tables, where
the ``csv`` writer quotes an empty field) goes to pandas itself, so the result is
always pandas' text; ``tests/test_csv.py`` compares the two on every kind of column
and on a replication's own tables.
"""

from __future__ import annotations

import csv
import io
import os

import numpy as np
import pandas as pd

__all__ = ["frame_to_csv"]


def _needs_quotes() -> tuple:
    """The characters that make this Python's csv writer quote a field, as pandas calls it (probed, not assumed:
    whether a carriage return does depends on the line terminator and on the Python version)."""
    out = []
    for mark in (",", '"', "\n", "\r", "\t", " ", "\x0b", "\x0c"):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=os.linesep, quoting=csv.QUOTE_MINIMAL).writerow([f"a{mark}b", "c"])
        if buffer.getvalue().startswith('"'):
            out.append(mark)
    return tuple(out)


_SPECIAL = _needs_quotes()


def _quoted(text: str) -> str:
    if any(mark in text for mark in _SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


def _from_codes(codes: np.ndarray, fields: list) -> list:
    """The field of every row from a code per row (-1: missing) and one field per code."""
    table = np.empty(len(fields) + 1, dtype=object)
    table[:-1] = fields
    table[-1] = ""  # code -1
    return table[codes].tolist()


def _string_fields(values) -> list | None:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniques = list(uniques)
    kinds = {type(u) for u in uniques}
    if kinds - {str}:
        # Strings mixed with Python ints or bools (a trial table's ``target``: item names, 0/1 attributes): the
        # csv writer writes ``str()`` of each.  Factorizing compares by equality (1 == True == 1.0), so the types
        # of every value are checked, not only of the uniques; anything else, missing values included, goes to pandas.
        if not kinds <= {str, int, bool} or kinds >= {int, bool}:
            return None
        if (codes < 0).any() or {type(v) for v in values} != kinds:
            return None
    return _from_codes(codes, [_quoted(u) if type(u) is str else str(u) for u in uniques])


def _fields(column: pd.Series) -> list | None:
    """One CSV field per row of *column*, or None where pandas must format it."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = pd.Series(dtype.categories)
        kind = categories.dtype.kind if isinstance(categories.dtype, np.dtype) else ""
        if kind in ("i", "u"):
            fields = [str(int(c)) for c in categories]
        elif isinstance(categories.dtype, pd.StringDtype) or kind == "O":
            if not all(type(c) is str for c in categories):
                return None
            fields = [_quoted(c) for c in categories]
        else:
            return None
        return _from_codes(column.cat.codes.to_numpy(), fields)
    if isinstance(dtype, pd.StringDtype):
        return _string_fields(column.to_numpy(dtype=object, na_value=np.nan))
    if not isinstance(dtype, np.dtype):
        return None
    values = np.ascontiguousarray(column.to_numpy())
    if dtype == np.float64:
        # Distinct bit patterns, so that -0.0 and 0.0 keep their own text and every NaN is one.
        bits, codes = np.unique(values.view(np.int64), return_inverse=True)
        distinct = bits.view(np.float64)
        fields = distinct.astype(str).astype(object)
        fields[np.isnan(distinct)] = ""
        return fields[codes.reshape(-1)].tolist()
    if dtype.kind in ("i", "u"):
        distinct, codes = np.unique(values, return_inverse=True)
        return distinct.astype(str).astype(object)[codes.reshape(-1)].tolist()
    if dtype.kind == "b":
        return np.where(values, "True", "False").astype(object).tolist()
    if dtype.kind == "O":
        return _string_fields(values)
    return None


def frame_to_csv(frame: pd.DataFrame) -> str:
    """``frame.to_csv(index=False)``, character for character (see the module docstring)."""
    if frame.shape[1] < 2 or frame.shape[0] == 0 or not isinstance(frame.columns, pd.Index) \
            or isinstance(frame.columns, pd.MultiIndex):
        return frame.to_csv(index=False)
    header = [str(name) for name in frame.columns]
    if not all(type(name) is str for name in frame.columns):
        return frame.to_csv(index=False)
    columns = []
    for k in range(frame.shape[1]):
        fields = _fields(frame.iloc[:, k])
        if fields is None:
            return frame.to_csv(index=False)
        columns.append(fields)
    newline = os.linesep
    lines = [",".join(_quoted(name) for name in header)]
    lines.extend(map(",".join, zip(*columns)))
    lines.append("")
    return newline.join(lines)

"""Shared argument checks that produce cogsim's error messages.

Every public function validates through these helpers so that messages read
the same everywhere: what was wrong, what was expected, what was got.  One
template per kind of check:

- an option: ``Invalid value for 'x'. Allowed values are 'a' and 'b', but got 'c'.``
- a number or an int: ``The 'x' parameter of Owner must be <expected>. Got <value> instead.``

A value of the wrong type raises TypeError; a value of the right type out of
range raises ValueError.
"""

from __future__ import annotations

import numbers
from typing import Iterable


def _is_real(value) -> bool:
    """A real number: Python's or numpy's (``np.float32(0.5)``, ``np.int64(3)``), never a bool."""
    import numpy as np

    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _join_options(options: Iterable[str]) -> str:
    quoted = [repr(o) for o in sorted(options)]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def check_option(name: str, value, options: Iterable[str]) -> str:
    """Return *value* if it is one of *options*, else raise a ValueError listing them all."""
    options = list(options)
    if value not in options:
        raise ValueError(
            f"Invalid value for {name!r}. Allowed values are {_join_options(options)}, "
            f"but got {value!r}."
        )
    return value


def _number_error(owner: str, name: str, expected: str, value) -> str:
    return f"The {name!r} parameter of {owner} must be {expected}. Got {value!r}"


def check_range(owner: str, name: str, value, *, low: float, high: float) -> float:
    """Return *value* as a float if it is a real number in [low, high]."""
    expected = f"a float in [{low:g}, {high:g}]"
    if not _is_real(value):
        raise TypeError(f"{_number_error(owner, name, expected, value)} of type {type(value).__name__} instead.")
    if not (low <= float(value) <= high):  # also refuses NaN
        raise ValueError(f"{_number_error(owner, name, expected, value)} instead.")
    return float(value)


def check_fraction(owner: str, name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return *value* as a float if it is a proportion in [low, high], a sub-range of [0, 1]."""
    if not (0.0 <= low <= high <= 1.0):
        raise AssertionError(f"check_fraction is for proportions; use check_range for [{low}, {high}]")
    return check_range(owner, name, value, low=low, high=high)


def check_open_fraction(owner: str, name: str, value) -> float:
    """Return *value* as a float if it lies strictly between 0 and 1."""
    expected = "a float in (0, 1)"
    if not _is_real(value):
        raise TypeError(f"{_number_error(owner, name, expected, value)} of type {type(value).__name__} instead.")
    if not (0.0 < float(value) < 1.0):
        raise ValueError(f"{_number_error(owner, name, expected, value)} instead.")
    return float(value)


def check_int(owner: str, name: str, value, *, low: int = 1) -> int:
    """Return *value* if it is an int (not a bool) of at least *low*."""
    import numpy as np

    expected = {0: "a non-negative int", 1: "a positive int"}.get(low, f"an int of at least {low}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{_number_error(owner, name, expected, value)} of type {type(value).__name__} instead.")
    if value < low:
        raise ValueError(f"{_number_error(owner, name, expected, value)} instead.")
    return int(value)


def plain_numbers(obj) -> None:
    """Replace numpy scalars in the fields of dataclass *obj* (and in its tuples) by Python numbers.

    Called first in ``__post_init__`` of configurations, lesions and paradigms, so that
    ``UnitAblation(np.float32(0.5))`` is the same lesion as ``UnitAblation(0.5)``: same
    validation, same JSON, same cache keys.
    """
    import dataclasses

    import numpy as np

    def plain(value):
        if isinstance(value, np.generic) and isinstance(value, (np.integer, np.floating, np.bool_)):
            return value.item()
        if isinstance(value, tuple) and any(isinstance(v, np.generic) for v in value):
            return tuple(plain(v) for v in value)
        return value

    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        new = plain(value)
        if new is not value:
            object.__setattr__(obj, field.name, new)

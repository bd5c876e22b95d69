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

from typing import Iterable


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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{_number_error(owner, name, expected, value)} of type {type(value).__name__} instead.")
    if not (0.0 < float(value) < 1.0):
        raise ValueError(f"{_number_error(owner, name, expected, value)} instead.")
    return float(value)


def check_int(owner: str, name: str, value, *, low: int = 1) -> int:
    """Return *value* if it is an int (not a bool) of at least *low*."""
    import numpy as np

    expected = {0: "a non-negative int", 1: "a positive int"}.get(low, f"an int of at least {low}")
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{_number_error(owner, name, expected, value)} of type {type(value).__name__} instead.")
    if value < low:
        raise ValueError(f"{_number_error(owner, name, expected, value)} instead.")
    return int(value)

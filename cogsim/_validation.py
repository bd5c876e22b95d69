"""Shared argument checks that produce cogsim's error messages.

Every public function validates through these helpers so that messages read
the same everywhere: what was wrong, what was expected, what was got.
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


def check_fraction(owner: str, name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return *value* as float if it lies in [low, high], else raise a ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a float in [{low:g}, {high:g}]. "
            f"Got {value!r} of type {type(value).__name__} instead."
        )
    if not (low <= float(value) <= high):
        raise ValueError(
            f"The {name!r} parameter of {owner} must be a float in [{low:g}, {high:g}]. "
            f"Got {value!r} instead."
        )
    return float(value)


def check_open_fraction(owner: str, name: str, value) -> float:
    """Return *value* as float if it lies strictly between 0 and 1, else raise a ValueError."""
    message = f"The {name!r} parameter of {owner} must be a float in (0, 1). Got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{message} of type {type(value).__name__} instead.")
    if not (0.0 < float(value) < 1.0):
        raise ValueError(f"{message} instead.")
    return float(value)

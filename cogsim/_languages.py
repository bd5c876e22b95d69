"""The languages cogsim speaks, and the one name of the parameter that picks one: ``language``.

Every function that writes words for people (figures, the report, item names,
word frequencies) takes ``language="en"`` or ``language="ja"``.  Earlier
releases called it ``lang`` in some places (and ``names`` in
:func:`cogsim.explain.plot_explanations`); those names still work, with a
:class:`FutureWarning`.

言語の指定は、どの関数でも ``language="en"`` / ``language="ja"``。
"""

from __future__ import annotations

import functools
import warnings

from ._validation import check_option

__all__ = ["LANGUAGES", "check_language", "renamed_keyword"]

#: The languages of cogsim's names, figures and report.
LANGUAGES = ("en", "ja")


def check_language(value, name: str = "language") -> str:
    """*value* if it is one of :data:`LANGUAGES`; else cogsim's "Invalid value for 'language'" error."""
    check_option(name, value, LANGUAGES)
    return value


def renamed_keyword(old: str, new: str):
    """Decorator: accept keyword *old* as the former name of *new*, with a FutureWarning."""

    def wrap(func):
        @functools.wraps(func)
        def call(*args, **kwargs):
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both {old!r} and {new!r}; {old!r} is the former name of "
                                    f"{new!r}: pass only {new!r}.")
                warnings.warn(f"{func.__name__}(): the {old!r} parameter is now called {new!r}; {old!r} will stop "
                              "working in a future release.", FutureWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return call

    return wrap

"""One kind of registry for everything users can name: lesions, paradigms, backbones, presets.

A :class:`Registry` maps names to objects (classes or factories).  The built-in
entries and a user's are the same kind of citizen: ``register`` adds one,
``names`` lists them sorted, ``get`` returns one or raises cogsim's
"Invalid value" error listing every allowed name.
"""

from __future__ import annotations

from typing import Callable, Generic, Iterator, TypeVar

from ._validation import check_option

T = TypeVar("T")


class Registry(Generic[T]):
    """Names to objects, with cogsim's error message for an unknown name.

    Parameters
    ----------
    what : str
        What the names are of, used in error messages (``"lesion"``).
    """

    def __init__(self, what: str):
        self.what = what
        self._entries: dict[str, T] = {}

    def register(self, name: str, value: T, *, replace: bool = False) -> T:
        """Add *value* under *name*; refuse to shadow an existing name unless ``replace=True``."""
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"A {self.what} name must be a Python identifier such as 'my_{self.what}'. "
                             f"Got {name!r} instead.")
        if name in self._entries and self._entries[name] is not value and not replace:
            raise ValueError(f"A {self.what} named {name!r} is already registered ({self._entries[name]!r}). "
                             "Choose another name, or pass replace=True to replace it.")
        self._entries[name] = value
        return value

    def unregister(self, name: str) -> None:
        """Remove *name* (for tests and for replacing a user's entry)."""
        self.get(name)
        del self._entries[name]

    def names(self) -> list[str]:
        return sorted(self._entries)

    def get(self, name: str) -> T:
        check_option(self.what, name, self._entries)
        return self._entries[name]

    def name_of(self, value: T) -> str | None:
        """The name *value* is registered under, or None."""
        for name, entry in self._entries.items():
            if entry is value:
                return name
        return None

    def __contains__(self, name) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def decorator(self, name: str, *, replace: bool = False) -> Callable[[T], T]:
        def wrap(value: T) -> T:
            return self.register(name, value, replace=replace)

        return wrap

"""One kind of registry for everything users can name: lesions, paradigms, backbones, presets.

A :class:`Registry` maps names to objects (classes or factories).  The built-in
entries and a user's are the same kind of citizen: ``register`` adds one,
``names`` lists them sorted, ``get`` returns one or raises cogsim's
"Invalid value" error listing every allowed name.

Installed packages can also contribute entries through entry points (group
``cogsim.lesions``, ``cogsim.paradigms`` or ``cogsim.backbones``; the entry point's name is the
registered name, its object the class), loaded the first time a registry is
read, so a plugin's lesion is known to ``cogsim replicate --lesion`` too.
"""

from __future__ import annotations

import warnings
from typing import Callable, Generic, TypeVar

from ._validation import check_option

T = TypeVar("T")


class Registry(Generic[T]):
    """Names to objects, with cogsim's error message for an unknown name.

    Parameters
    ----------
    what : str
        What the names are of, used in error messages (``"lesion"``).
    entry_points : str, optional
        An entry-point group whose entries are registered on first use.
    check : callable ``(name, value) -> None``, optional
        Raises if *value* may not be registered under *name*.
    convert : callable ``value -> value``, optional
        Applied to every value (entry points' too) before it is checked and stored.
    """

    def __init__(self, what: str, *, entry_points: str | None = None,
                 check: Callable[[str, T], None] | None = None, convert: Callable | None = None):
        self.what = what
        self._convert = convert
        self._entries: dict[str, T] = {}
        self._group = entry_points
        self._check = check
        self._plugins_loaded = entry_points is None

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=self._group):
            if ep.name in self._entries:
                continue
            try:
                self.register(ep.name, ep.load())
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not break cogsim
                warnings.warn(f"cogsim could not load the {self.what} {ep.name!r} from entry point {ep.value!r} "
                              f"(group {self._group!r}): {exc}", RuntimeWarning, stacklevel=3)

    def register(self, name: str, value: T, *, replace: bool = False) -> T:
        """Add *value* under *name*; refuse to shadow an existing name unless ``replace=True``."""
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"A {self.what} name must be a Python identifier such as 'my_{self.what}'. "
                             f"Got {name!r} instead.")
        if self._convert is not None:
            value = self._convert(value)
        if self._check is not None:
            self._check(name, value)
        if name in self._entries and self._entries[name] is not value and not replace:
            raise ValueError(f"A {self.what} named {name!r} is already registered ({self._entries[name]!r}). "
                             "Choose another name, or pass replace=True to replace it.")
        self._entries[name] = value
        return value

    def unregister(self, name: str) -> None:
        """Remove *name* (for tests and for replacing a user's entry)."""
        self.get(name)
        del self._entries[name]

    def snapshot(self) -> dict:
        """The current entries (restore them with :meth:`restore`; for tests that register things)."""
        return dict(self._entries)

    def restore(self, entries: dict) -> None:
        self._entries = dict(entries)

    def names(self) -> list[str]:
        self._load_plugins()
        return sorted(self._entries)

    def get(self, name: str) -> T:
        self._load_plugins()
        check_option(self.what, name, self._entries)
        return self._entries[name]

    def name_of(self, value: T) -> str | None:
        """The name *value* is registered under, or None."""
        for name, entry in self._entries.items():
            if entry is value:
                return name
        return None

    def __contains__(self, name) -> bool:
        self._load_plugins()
        return name in self._entries

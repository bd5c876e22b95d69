"""One convention per thing: argument checks, random_state, registries and plugins."""

from __future__ import annotations

import numpy as np
import pytest

from cogsim._registry import Registry
from cogsim._validation import check_fraction, check_int, check_option, check_range


@pytest.mark.parametrize("call, error, message", [
    (lambda: check_int("f", "n", 0), ValueError, "The 'n' parameter of f must be a positive int. Got 0 instead."),
    (lambda: check_int("f", "n", -1, low=0), ValueError,
     "The 'n' parameter of f must be a non-negative int. Got -1 instead."),
    (lambda: check_int("f", "n", 1, low=2), ValueError, "The 'n' parameter of f must be an int of at least 2. Got 1 instead."),
    (lambda: check_int("f", "n", 2.0), TypeError, "The 'n' parameter of f must be a positive int. Got 2.0 of type float instead."),
    (lambda: check_int("f", "n", True), TypeError, "The 'n' parameter of f must be a positive int. Got True of type bool instead."),
    (lambda: check_range("f", "x", 11, low=0, high=10), ValueError, "The 'x' parameter of f must be a float in [0, 10]. Got 11 instead."),
    (lambda: check_range("f", "x", float("nan"), low=0, high=10), ValueError, "The 'x' parameter of f must be a float in [0, 10]. Got nan instead."),
    (lambda: check_fraction("f", "p", "a"), TypeError, "The 'p' parameter of f must be a float in [0, 1]. Got 'a' of type str instead."),
    (lambda: check_option("kind", "c", ["b", "a"]), ValueError, "Invalid value for 'kind'. Allowed values are 'a' and 'b', but got 'c'."),
])
def test_one_message_template_per_kind_of_check(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_check_fraction_is_only_for_proportions():
    with pytest.raises(AssertionError, match="use check_range"):
        check_fraction("f", "x", 5, high=100)
    assert check_int("f", "n", np.int64(3)) == 3


def test_random_state_none_is_fresh_entropy_everywhere(tiny_patient, tiny_battery):
    """None draws fresh entropy (activation noise differs between two calls); an int is reproducible."""
    from cogsim.lesions import ActivationNoise

    noisy = tiny_patient.lesion(ActivationNoise(0.8), random_state=0)
    fresh = [noisy.probabilities(tiny_battery).item for _ in range(2)]
    assert not np.array_equal(fresh[0].numpy(), fresh[1].numpy())
    fixed = [noisy.probabilities(tiny_battery, random_state=5).item for _ in range(2)]
    assert np.array_equal(fixed[0].numpy(), fixed[1].numpy())
    a, b = (tiny_patient.lesion(ActivationNoise(0.8)) for _ in range(2))
    assert a.lesions[0][1] != b.lesions[0][1]          # two fresh lesion seeds


def test_registry_entry_points(monkeypatch):
    """Installed plugins contribute entries through an entry-point group, loaded on first use."""
    import importlib.metadata as metadata

    class FakeEntryPoint:
        def __init__(self, name, value, obj):
            self.name, self.value, self._obj = name, value, obj

        def load(self):
            if isinstance(self._obj, Exception):
                raise self._obj
            return self._obj

    found = [FakeEntryPoint("ok", "plugin:thing", "thing"), FakeEntryPoint("broken", "plugin:nothing",
                                                                           ImportError("no module named plugin"))]
    monkeypatch.setattr(metadata, "entry_points", lambda group: found if group == "cogsim.things" else [])
    registry = Registry("thing", entry_points="cogsim.things")
    registry.register("builtin", "b")
    with pytest.warns(RuntimeWarning, match="could not load the thing 'broken' from entry point 'plugin:nothing'"):
        assert registry.names() == ["builtin", "ok"]
    assert registry.get("ok") == "thing"
    with pytest.raises(ValueError, match="Invalid value for 'thing'. Allowed values are 'builtin' and 'ok', but got 'x'."):
        registry.get("x")


def test_one_name_per_hierarchy_level():
    """Verification's levels, the battery's columns, the lexicon and the policy thresholds share names."""
    from dataclasses import fields

    from cogsim.paradigms import LEVELS
    from cogsim.paradigms.base import SHARED_COLUMNS
    from cogsim.patients import ResponsePolicy

    assert LEVELS == ("domain", "basic", "specific")
    assert set(LEVELS) <= set(SHARED_COLUMNS)
    assert set(LEVELS) <= {f.name for f in fields(ResponsePolicy)}

"""The public contract checks (cogsim.checks) run on every registered paradigm and lesion, and fail on broken ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from cogsim.checks import LESION_CHECKS, PARADIGM_CHECKS, ContractError, check_lesion, check_paradigm
from cogsim.lesions import Compound, UnitAblation, WeightLesion, WeightNoise, get_lesion, list_lesions
from cogsim.paradigms import Coded, Paradigm, get_paradigm, list_paradigms

#: Lesion families that cannot be made from a severity alone, with an example instance.
EXAMPLES = {"compound": Compound(0.5, parts=(WeightNoise(1.0), UnitAblation(1.0)))}


@pytest.mark.parametrize("name", list_paradigms())
def test_every_registered_paradigm_keeps_the_contract(name):
    assert check_paradigm(get_paradigm(name)) == list(PARADIGM_CHECKS)


@pytest.mark.parametrize("name", list_lesions())
def test_every_registered_lesion_keeps_the_contract(name):
    lesion = EXAMPLES.get(name) or get_lesion(name, severity=0.5)
    assert check_lesion(lesion) == list(LESION_CHECKS)


@dataclass(frozen=True)
class _Sorting(Paradigm):
    """Domain sorting that guesses on every other trial: correct if guesses come from the run's streams."""

    name: ClassVar[str] = "contract_sorting"
    mirrors: ClassVar[str] = "test paradigm"
    own_rng: bool = False         # broken: guesses from a generator of its own, not the patient's stream
    per_patient_design: bool = False

    def design(self, battery, rng):
        items = battery.items
        return pd.DataFrame({"item": items["item_id"], "condition": "domain", "target": items["domain"]})

    def respond(self, beliefs, design, streams, policies):
        b = beliefs["canonical"]
        domains = b.lexicon.domains
        rows = [b.lexicon.item_ids.index(i) for i in design["item"]]
        p = b.domain.numpy()[:, rows, :]
        chosen = p.argmax(-1)
        for k, stream in enumerate(streams):
            rng = np.random.default_rng() if self.own_rng else np.random.default_rng(stream)
            chosen[k, ::2] = rng.integers(len(domains), size=chosen[k, ::2].shape)
        target = np.array([domains.index(d) for d in design["target"]])
        return {"response": Coded(chosen, domains), "correct": (chosen == target).astype(np.int64),
                "score": p.max(-1).astype(np.float64)}


def test_a_correct_plug_in_paradigm_passes():
    assert check_paradigm(_Sorting()) == list(PARADIGM_CHECKS)


def test_a_paradigm_guessing_from_its_own_generator_fails():
    with pytest.raises(ContractError, match=r"_Sorting \('contract_sorting'\) fails the contract check "
                                            r"'same_seed_same_frame'") as info:
        check_paradigm(_Sorting(own_rng=True))
    assert info.value.check == "same_seed_same_frame"


def test_a_paradigm_with_untidy_rows_fails(monkeypatch):
    broken = _Sorting()
    original = Paradigm.run

    def run_without_score(self, *args, **kwargs):
        return original(self, *args, **kwargs).drop(columns=["score"])

    monkeypatch.setattr(_Sorting, "run", run_without_score)
    with pytest.raises(ContractError, match="'tidy'.*score"):
        check_paradigm(broken)


@dataclass(frozen=True)
class _Flip(WeightLesion):
    """Flip the sign of a share 'severity' of the weights; broken variants for the self-tests."""

    damage_at_zero: bool = False

    def damage_weight(self, weight, rng):
        import torch

        share = 0.5 if self.damage_at_zero else self.severity
        flip = np.where(rng.random(weight.numel()) < share, -1.0, 1.0).astype(np.float32)
        return weight * torch.from_numpy(flip).reshape(weight.shape)


@pytest.fixture
def flip_registered():
    from cogsim.lesions import register_lesion
    from cogsim.lesions.base import _LESIONS

    register_lesion("contract_flip", _Flip)
    yield
    _LESIONS.unregister("contract_flip")


def test_a_correct_plug_in_lesion_passes(flip_registered):
    assert check_lesion(_Flip(0.5)) == list(LESION_CHECKS)


def test_a_lesion_that_damages_at_severity_zero_fails(flip_registered):
    with pytest.raises(ContractError, match="'zero_severity_is_intact'"):
        check_lesion(_Flip(0.5, damage_at_zero=True))


def test_a_lesion_without_a_registered_name_cannot_be_stored():
    with pytest.raises(ContractError, match="'serialises'"):
        check_lesion(_Flip(0.5))


def test_checks_refuse_what_is_not_a_paradigm_or_lesion():
    with pytest.raises(TypeError, match="check_paradigm checks a Paradigm instance"):
        check_paradigm("picture_naming")
    with pytest.raises(TypeError, match="check_lesion checks a Lesion instance"):
        check_lesion(UnitAblation)


def test_a_lesion_that_damages_the_premorbid_patient_fails(flip_registered, monkeypatch):
    from cogsim.patients import Patient

    real_lesion = Patient.lesion

    def lesion_in_place(self, lesion, *, random_state=None):
        damaged = real_lesion(self, lesion, random_state=random_state)
        object.__setattr__(self, "lesions", damaged.lesions)   # broken: the premorbid patient is marked as damaged too
        return damaged

    import copy

    from cogsim.checks import contract_patient

    own = copy.deepcopy(contract_patient())          # the broken lesion must not spoil the shared contract patient
    monkeypatch.setattr(Patient, "lesion", lesion_in_place)
    with pytest.raises(ContractError, match="'new_patient_premorbid_untouched'"):
        check_lesion(_Flip(0.5), patient=own)
    monkeypatch.undo()
    assert contract_patient().is_premorbid and check_lesion(_Flip(0.5)) == list(LESION_CHECKS)

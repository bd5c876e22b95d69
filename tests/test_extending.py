"""A user's own lesion family and paradigm are first-class: registered in the test file, they run in
run_paradigms, run_sweep and replicate, and a patient carrying the lesion saves and loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
import torch

from cogsim.lesions import Compound, Lesion, WeightLesion, get_lesion, list_lesions, register_lesion
from cogsim.paradigms import Coded, Paradigm, check_tidy, get_paradigm, list_paradigms, register_paradigm, run_paradigms
from cogsim.patients import load_patient


@dataclass(frozen=True)
class SignFlip(WeightLesion):
    """Flip the sign of a random share ``severity`` of the site's connections (nested across severities)."""

    def damage_weight(self, weight, rng):
        order = rng.permutation(weight.numel())
        flip = torch.ones(weight.numel())
        flip[torch.from_numpy(order[: int(round(self.severity * weight.numel()))])] = -1.0
        return weight * flip.reshape(weight.shape)


@dataclass(frozen=True)
class Silence(Lesion):
    """Silence the listed hub units, whatever the severity above 0: a family with its own ``apply``."""

    units: tuple = ()
    touches: ClassVar[str] = "units"

    def apply(self, network, seed):
        for layer in network.resolve(self.site, self.touches):
            dead = np.zeros(network.n_units(layer), dtype=bool)
            if self.severity > 0:
                dead[list(self.units)] = True
            network.silence(layer, dead)


@dataclass(frozen=True)
class DomainSorting(Paradigm):
    """Sort each picture into its domain: the most probable domain is the answer."""

    name: ClassVar[str] = "domain_sorting"
    mirrors: ClassVar[str] = "Sorting pictures by domain (living / non-living), which survives long in SD."

    def design(self, battery, rng):
        items = battery.items
        return pd.DataFrame({"item": items["item_id"], "condition": "domain", "target": items["domain"]})

    def respond(self, beliefs, design, streams, policies):
        b = beliefs["canonical"]
        domains = b.lexicon.domains
        rows = [b.lexicon.item_ids.index(i) for i in design["item"]]
        p = b.domain.numpy()[:, rows, :]                       # (P, T, n_domains)
        chosen = p.argmax(-1)
        target = np.array([domains.index(d) for d in design["target"]])
        return {"response": Coded(chosen, domains), "correct": (chosen == target).astype(np.int64),
                "score": np.take_along_axis(p, target[None, :, None], -1)[..., 0].astype(np.float64)}


@pytest.fixture(scope="module", autouse=True)
def registered():
    from cogsim.lesions.base import _LESIONS
    from cogsim.paradigms.base import _PARADIGMS

    register_lesion("sign_flip", SignFlip)
    register_lesion("silence", Silence)
    register_paradigm(DomainSorting)
    yield
    for name in ("sign_flip", "silence"):
        _LESIONS.unregister(name)
    _PARADIGMS.unregister("domain_sorting")


def test_registries_know_them():
    assert {"sign_flip", "silence"} <= set(list_lesions())
    assert get_lesion("sign_flip", severity=0.3) == SignFlip(0.3)
    assert "domain_sorting" in list_paradigms() and get_paradigm("domain_sorting") == DomainSorting()
    with pytest.raises(ValueError, match="A lesion named 'sign_flip' is already registered"):
        register_lesion("sign_flip", Silence)
    with pytest.raises(TypeError, match="register_lesion registers subclasses of Lesion"):
        register_lesion("nothing", int)
    with pytest.raises(TypeError, match="register_paradigm registers subclasses of Paradigm"):
        register_paradigm(int)


def test_user_lesions_and_paradigm_keep_the_contract():
    from cogsim.checks import LESION_CHECKS, PARADIGM_CHECKS, check_lesion, check_paradigm

    assert check_lesion(SignFlip(0.5)) == list(LESION_CHECKS)
    assert check_lesion(Silence(0.5, units=(0, 1))) == list(LESION_CHECKS)
    assert check_paradigm(DomainSorting()) == list(PARADIGM_CHECKS)


def test_user_lesion_damages_nests_and_never_touches_the_premorbid(tiny_patient):
    before = tiny_patient.parameter_hash()
    mild = tiny_patient.lesion(SignFlip(0.2), random_state=5)
    severe = tiny_patient.lesion(SignFlip(0.6), random_state=5)
    assert tiny_patient.parameter_hash() == before
    w0 = tiny_patient.hub["hub.hidden1.weight"]
    flipped = [torch.sign(p.hub["hub.hidden1.weight"]) != torch.sign(w0) for p in (mild, severe)]
    assert 0 < int(flipped[0].sum()) < int(flipped[1].sum())
    assert bool((flipped[0] <= flipped[1]).all())          # nested: what flips at 0.2 stays flipped at 0.6
    silenced = tiny_patient.lesion(Silence(1.0, units=(0, 3)), random_state=0)
    assert silenced.unit_masks["hub.hidden1"].nonzero().ravel().tolist() == [0, 3]


def test_user_lesion_saves_and_loads(tiny_patient, tmp_path):
    damaged = (tiny_patient.lesion(SignFlip(0.4, site="conv*"), random_state=2)
               .lesion(Compound(0.5, parts=(SignFlip(0.0), Silence(0.0, units=(1,)))), random_state=3))
    loaded = load_patient(damaged.save(tmp_path / "user.pt"))
    assert loaded.parameter_hash() == damaged.parameter_hash()
    assert [type(l) for l, _ in loaded.lesions] == [SignFlip, Compound]
    assert loaded.lesions[1][0].parts[1] == Silence(0.0, units=(1,))


def test_unregistered_lesion_is_refused_at_save_with_the_fix(tiny_patient, tmp_path):
    @dataclass(frozen=True)
    class Unnamed(WeightLesion):
        def damage_weight(self, weight, rng):
            return weight * 0

    damaged = tiny_patient.lesion(Unnamed(0.5), random_state=0)
    with pytest.raises(ValueError, match=r"Unnamed is not a registered lesion family.*register_lesion\('my_name', Unnamed\)"):
        damaged.save(tmp_path / "x.pt")


def test_user_paradigm_runs_with_the_built_in_ones(tiny_patient, tiny_battery):
    from cogsim.lesions import make_cohort

    cohort = make_cohort(tiny_patient, SignFlip(0.0), severities=[0.0, 0.5], n_patients=2, random_state=1)
    results = run_paradigms([get_paradigm("picture_naming"), DomainSorting()], cohort, tiny_battery, random_state=0)
    sorting = check_tidy(results["domain_sorting"])
    assert len(sorting) == 2 * 2 * len(tiny_battery)
    intact = sorting[sorting["severity"] == 0]
    assert intact["correct"].mean() == 1.0 and set(intact["lesion"]) == {"SignFlip"}
    pd.testing.assert_frame_equal(sorting, DomainSorting().run(cohort, tiny_battery, random_state=0))


def test_user_lesion_and_paradigm_in_a_sweep(tiny_battery):
    from cogsim.patients import HubConfig, TrainingConfig
    from cogsim.sweeps import run_sweep

    table = run_sweep(tiny_battery, backbones=["tiny_cnn"], backbone_weights=None,
                      hubs=[HubConfig(hidden=(16,))], trainings=[TrainingConfig(augmentations=1, epochs=100)],
                      lesions={"flip": SignFlip(0.0), "silence": "silence"}, severities=[0.0, 0.9],
                      paradigms=["domain_sorting", "picture_naming"], random_states=[0])
    assert set(table["lesion"]) == {"flip", "silence"}
    assert set(table["paradigm"]) == {"domain_sorting", "picture_naming"}
    flip = table[(table["lesion"] == "flip") & (table["paradigm"] == "picture_naming")].set_index("severity")
    assert flip.loc[0.9, "accuracy"] < flip.loc[0.0, "accuracy"]


def test_user_lesion_and_paradigm_in_replicate(tmp_path):
    import json

    from tests.conftest import write_battery
    from cogsim.replication import ReplicationConfig, replicate

    battery = write_battery(tmp_path / "b")
    config = ReplicationConfig(battery=str(battery), backbone="tiny_cnn", lesion=SignFlip(0.0, site="hub"),
                               severities=(0.0, 0.5, 0.9), n_patients=2, n_controls=3, random_state=1,
                               paradigms=("picture_naming", "domain_sorting"))
    replicate(tmp_path / "out", config, progress=False, log=lambda *a: None)
    trials = pd.read_csv(tmp_path / "out" / "trials.csv.gz")
    # cued naming joins for the semantic-aphasia contrast (ReplicationConfig.contrasts)
    assert set(trials["paradigm"]) == {"picture_naming", "domain_sorting", "cued_naming"}
    assert set(trials.loc[trials["patient"].str.startswith("P") & (trials["severity"] > 0), "lesion"]) == {"SignFlip"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["lesion"]["type"] == "sign_flip"
    assert {"name": "domain_sorting", "mirrors": DomainSorting.mirrors, "mirrors_ja": "",
            "options": {}} in manifest["paradigms"]
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert DomainSorting.mirrors in page
    with pytest.raises(ValueError, match="must include 'picture_naming'"):
        ReplicationConfig(paradigms=("domain_sorting",))

"""Contract checks for paradigms and lesions, like scikit-learn's ``check_estimator``.

A paradigm or lesion family you write (or install as a plug-in) is a
first-class citizen of cogsim when it keeps the promises the built-in ones
keep.  :func:`check_paradigm` and :func:`check_lesion` test those promises on
a small generated battery and a random-weight ``tiny_cnn`` patient (under a
second to build, nothing downloaded, nothing cached) or on the battery and
patient you pass, and raise :class:`ContractError` naming the first promise
broken.  cogsim's own test suite runs them on every registered paradigm and
lesion, plug-ins included.

>>> from cogsim.checks import check_paradigm               # doctest: +SKIP
>>> check_paradigm(MySorting())                            # doctest: +SKIP
['tidy', 'same_seed_same_frame', ...]

課題・損傷の契約検査（scikit-learn の check_estimator に相当）。
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch

__all__ = ["ContractError", "check_paradigm", "check_lesion", "contract_battery", "contract_patient",
           "PARADIGM_CHECKS", "LESION_CHECKS"]

#: What :func:`check_paradigm` checks, in order.
PARADIGM_CHECKS = ("accepts_battery", "tidy", "same_seed_same_frame", "rows_independent_of_others",
                   "design_shared_by_patients", "premorbid_untouched", "pieces_give_same_rows",
                   "bad_patients_refused")
#: What :func:`check_lesion` checks, in order.
LESION_CHECKS = ("new_patient_premorbid_untouched", "damages", "same_seed_same_patient", "zero_severity_is_intact",
                 "serialises", "saves_and_loads", "progression_runs")

# (item_id, basic, domain, rgb, facing, typicality_domain, attributes)
_ITEMS = [
    ("robin", "bird", "animal", (200, 60, 30), "left", 0.8, ("eyes", "wings", "beak")),
    ("crow", "bird", "animal", (20, 20, 20), "right", 0.6, ("eyes", "wings", "beak")),
    ("cod", "fish", "animal", (90, 120, 200), "left", 0.5, ("eyes", "fins")),
    ("trout", "fish", "animal", (140, 110, 60), "right", 0.3, ("eyes", "fins")),
    ("apple", "fruit", "plant", (210, 20, 20), "front", 0.7, ("round", "stalk")),
    ("lime", "fruit", "plant", (60, 200, 40), "front", 0.4, ("round",)),
    ("hammer", "tool", "artefact", (120, 90, 60), "front", 0.6, ("handle", "metal")),
    ("saw", "tool", "artefact", (160, 160, 160), "front", 0.5, ("handle", "blade", "metal")),
]
_ATTRIBUTES = sorted({a for *_, attrs in _ITEMS for a in attrs})
_MADE: dict = {}


class ContractError(AssertionError):
    """A paradigm or lesion broke one of the promises every paradigm or lesion keeps."""

    def __init__(self, what: str, check: str, message: str):
        self.check = check
        super().__init__(f"{what} fails the contract check {check!r}: {message}")


def _picture(rgb, size: int = 24):
    from PIL import Image

    yy, xx = np.mgrid[:size, :size]
    r = np.hypot(yy - size / 2 + 0.5, xx - size / 2 + 0.5)
    array = np.zeros((size, size, 4), dtype=np.uint8)
    array[r < size * 0.42, :3] = rgb
    array[r < size * 0.42, 3] = 255
    array[(r >= size * 0.36) & (r < size * 0.42), :3] = 0
    return Image.fromarray(array, "RGBA")


def contract_battery():
    """The generated 8-item battery the checks use: 3 domains, item norms included (facing, typicality,
    attributes), so every built-in paradigm can run on it.  Written once per process to a temporary folder."""
    if "battery" not in _MADE:
        from .stimuli import load_battery

        folder = Path(tempfile.mkdtemp(prefix="cogsim-contract-"))
        atexit.register(shutil.rmtree, folder, True)
        (folder / "pics").mkdir()
        rows = []
        for item_id, basic, domain, rgb, facing, typicality, attrs in _ITEMS:
            _picture(rgb).save(folder / "pics" / f"{item_id}.png")
            rows.append({"item_id": item_id, "specific": item_id, "basic": basic, "domain": domain,
                         "image": f"pics/{item_id}.png", "facing": facing, "typicality_domain": typicality,
                         **{f"attr_{a}": int(a in attrs) for a in _ATTRIBUTES}})
        pd.DataFrame(rows).to_csv(folder / "items.csv", index=False)
        _MADE["battery"] = load_battery(folder)
    return _MADE["battery"]


def contract_patient(battery=None):
    """A random-weight ``tiny_cnn`` patient trained on *battery* (default :func:`contract_battery`); not cached."""
    from .patients import HubConfig, TrainingConfig, build_patient

    battery = contract_battery() if battery is None else battery
    key = ("patient", battery.fingerprint)
    if key not in _MADE:
        _MADE[key] = build_patient(battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                                   training=TrainingConfig(augmentations=2, epochs=200), random_state=1,
                                   progress=False, cache=False)
    return _MADE[key]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as strings, to compare results whose category sets differ."""
    return df.astype({c: str for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}).reset_index(
        drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(_plain(a), _plain(b))
    except AssertionError:
        return False
    return True


def _fail(what, check, message):
    raise ContractError(what, check, message)


def _paradigm_tidy(paradigm, patient, battery, what):
    from .paradigms import SHARED_COLUMNS, check_tidy

    df = paradigm.run(patient, battery, random_state=0)
    try:
        check_tidy(df)
    except (TypeError, ValueError) as exc:
        _fail(what, "tidy", str(exc))
    items = battery.items.set_index("item_id")
    problems = [
        (list(df.columns[:len(SHARED_COLUMNS)]) != SHARED_COLUMNS, f"the first columns must be {SHARED_COLUMNS}"),
        (len(df) == 0, "it returned no trials"),
        (not (df["paradigm"] == paradigm.name).all(), f"column 'paradigm' must be {paradigm.name!r} on every row"),
        (df["trial"].tolist() != list(range(1, len(df) + 1)), "a patient-session's trials must be numbered 1..n"),
        (not set(df["item"]) <= set(battery.item_ids), "column 'item' names items the battery does not have"),
    ]
    for broken, message in problems:
        if broken:
            _fail(what, "tidy", message)
    if not (df["basic"].astype(str).to_numpy() == items.loc[df["item"], "basic"].astype(str).to_numpy()).all():
        _fail(what, "tidy", "column 'basic' must be each trial's item's basic category")


def _paradigm_seeds(paradigm, patient, battery, what):
    from .lesions import ActivationNoise

    noisy = patient.lesion(ActivationNoise(0.8, sd=3.0), random_state=3)
    first = paradigm.run([patient, noisy], battery, random_state=11)
    if not _same(first, paradigm.run([patient, noisy], battery, random_state=11)):
        _fail(what, "same_seed_same_frame", "two runs with the same random_state gave different frames")
    alone = paradigm.run([noisy], battery, random_state=5)
    together = paradigm.run([noisy, patient, patient], battery, random_state=5)
    if not _same(alone, together[together["patient"] == "P01"]):
        _fail(what, "rows_independent_of_others",
              "a patient's rows changed when other patients were tested alongside it; draw its guesses and "
              "noise from the stream the run gives each patient-session (Paradigm.respond's 'streams')")
    design = ["trial", "item", "condition", "target"]
    if not _same(first[first["patient"] == "P01"][design], first[first["patient"] == "P02"][design]):
        _fail(what, "design_shared_by_patients", f"columns {design} must be the same for every patient: draw "
                                                 "the design once per run (Paradigm.design), not per patient")


def _paradigm_cohorts(paradigm, patient, battery, what):
    from .lesions import ActivationNoise, Cohort, UnitAblation, make_cohort

    before = patient.parameter_hash()
    noisy = patient.lesion(ActivationNoise(1.0, sd=3.0), random_state=9)
    cohort = make_cohort(noisy, UnitAblation(0.0), severities=[0.3, 0.7], n_patients=3, random_state=2)
    whole = paradigm.run(cohort, battery, random_state=8)
    if patient.parameter_hash() != before:
        _fail(what, "premorbid_untouched", "running it changed the premorbid patient's weights")
    pieces = [paradigm.run(Cohort(tuple(m for m in cohort if m[0] == pid), cohort.lesion), battery, random_state=8)
              for pid in ("P03", "P01", "P02")]
    joined = pd.concat([_plain(p) for p in pieces]).sort_values(["patient", "session", "trial"])
    if not _same(whole, joined):
        _fail(what, "pieces_give_same_rows", "a cohort tested in pieces gave other rows than tested at once")


def check_paradigm(paradigm, *, patient=None, battery=None) -> list[str]:
    """Check that *paradigm* keeps the promises every cogsim paradigm keeps.

    Parameters
    ----------
    paradigm : Paradigm
        An instance (its design parameters as you will use them).
    patient, battery : optional
        Test on these instead of :func:`contract_patient` / :func:`contract_battery`;
        *patient* must have learnt *battery*.

    Returns
    -------
    list of str
        The checks passed (:data:`PARADIGM_CHECKS`).

    Raises
    ------
    ContractError
        Naming the paradigm, the check and what went wrong.
    """
    from .paradigms import Paradigm

    if not isinstance(paradigm, Paradigm):
        raise TypeError(f"check_paradigm checks a Paradigm instance. Got {paradigm!r} instead.")
    battery = contract_battery() if battery is None else battery
    patient = contract_patient(battery) if patient is None else patient
    what = f"Paradigm {type(paradigm).__name__} ({paradigm.name!r})"
    try:
        paradigm.check_battery(battery)
    except ValueError as exc:
        _fail(what, "accepts_battery", f"it refuses the battery it is checked on ({exc}); pass battery= and a "
                                       "patient= that learnt it")
    _paradigm_tidy(paradigm, patient, battery, what)
    _paradigm_seeds(paradigm, patient, battery, what)
    _paradigm_cohorts(paradigm, patient, battery, what)
    try:
        paradigm.run("P01", battery)
    except TypeError:
        pass
    else:
        _fail(what, "bad_patients_refused", "run('P01', battery) must raise a TypeError naming 'patients'")
    return list(PARADIGM_CHECKS)


def _outputs(patient, battery) -> torch.Tensor:
    """What the patient's store holds and what a task answers from (naming's target probabilities, which include
    damage to the control of retrieval, :class:`~cogsim.lesions.RetrievalControl`), as one tensor."""
    from .paradigms import PictureNaming

    store = patient.probabilities(battery, random_state=0).item
    task = torch.tensor(np.array(PictureNaming().run(patient, battery, random_state=0)["score"], dtype=np.float64),
                        dtype=store.dtype)
    return torch.cat([store.flatten(), task])


def _lesion_damage(lesion, patient, battery, what):
    before, before_out, history = patient.parameter_hash(), _outputs(patient, battery), patient.lesions
    damaged = patient.lesion(lesion, random_state=11)
    if damaged is patient or patient.lesions != history or patient.parameter_hash() != before \
            or not torch.equal(_outputs(patient, battery), before_out):
        _fail(what, "new_patient_premorbid_untouched", "Patient.lesion must return a new patient and leave the "
                                                       "premorbid one as it was (weights and outputs)")
    if len(damaged.lesions) != len(history) + 1:
        _fail(what, "new_patient_premorbid_untouched", "the damaged patient must record this lesion after the "
                                                       "patient's own history")
    if lesion.severity > 0 and torch.allclose(_outputs(damaged, battery), before_out):
        _fail(what, "damages", f"at severity {lesion.severity} the patient's outputs did not change")
    again = patient.lesion(lesion, random_state=11)
    if again.parameter_hash() != damaged.parameter_hash() \
            or not torch.equal(_outputs(again, battery), _outputs(damaged, battery)):
        _fail(what, "same_seed_same_patient", "the same random_state gave another damaged patient")
    intact = patient.lesion(dataclasses.replace(lesion, severity=0.0), random_state=11)
    if not np.allclose(_outputs(intact, battery).numpy(), before_out.numpy(), atol=1e-6):
        _fail(what, "zero_severity_is_intact", "at severity 0 the patient's outputs changed")
    return damaged


def _lesion_storage(lesion, damaged, battery, what):
    import json

    from .lesions import lesion_from_dict, lesion_to_dict
    from .patients import load_patient

    try:
        record = json.loads(json.dumps(lesion_to_dict(lesion)))
        back = lesion_from_dict(record)
    except (TypeError, ValueError) as exc:
        _fail(what, "serialises", f"lesion_to_dict/lesion_from_dict failed ({exc})")
    if back != lesion:
        _fail(what, "serialises", f"lesion_from_dict(lesion_to_dict(lesion)) gave {back!r}, not {lesion!r}")
    with tempfile.TemporaryDirectory(prefix="cogsim-contract-") as folder:
        path = damaged.save(Path(folder) / "damaged.pt")
        loaded = load_patient(path)
    if loaded.parameter_hash() != damaged.parameter_hash() \
            or not torch.equal(_outputs(loaded, battery), _outputs(damaged, battery)):
        _fail(what, "saves_and_loads", "a saved and reloaded damaged patient differs from the one saved")


def check_lesion(lesion, *, patient=None, battery=None) -> list[str]:
    """Check that *lesion* keeps the promises every cogsim lesion keeps.

    Parameters
    ----------
    lesion : Lesion
        An instance at a severity above 0 (with its site and parameters as you will use them).
    patient, battery : optional
        Test on these instead of :func:`contract_patient` / :func:`contract_battery`.

    Returns
    -------
    list of str
        The checks passed (:data:`LESION_CHECKS`).

    Raises
    ------
    ContractError
        Naming the lesion, the check and what went wrong.
    """
    from .lesions import Lesion, progression

    if not isinstance(lesion, Lesion):
        raise TypeError(f"check_lesion checks a Lesion instance. Got {lesion!r} instead.")
    battery = contract_battery() if battery is None else battery
    patient = contract_patient(battery) if patient is None else patient
    what = f"Lesion {lesion!r}"
    damaged = _lesion_damage(lesion, patient, battery, what)
    _lesion_storage(lesion, damaged, battery, what)
    try:
        sessions = progression(patient, lesion, [0.3, 0.6], random_state=2)
    except Exception as exc:  # noqa: BLE001 - reported as the broken promise
        _fail(what, "progression_runs", f"progression(patient, lesion, [0.3, 0.6]) failed ({exc!r})")
    if len(sessions.sessions) != 2:
        _fail(what, "progression_runs", "progression over two severities must give two sessions")
    return list(LESION_CHECKS)

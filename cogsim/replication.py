"""The full replication: a cohort with progressive damage through every paradigm, analysed and reported.

``cogsim replicate`` calls :func:`replicate`.  It builds (or loads from the
cache) the virtual patients' premorbid networks and the intact controls, damages
each patient progressively, runs the four paradigms, tests the Figure 2
signatures, compares naming with the patients of Rogers et al. (2004), applies
the case–control statistics, and writes a report folder:

- ``report.html``: figures, verdict table, naming comparison, case–control summary;
- ``figures/*.png``;
- tidy CSVs: ``trials.csv.gz`` (every trial of every patient, control and paradigm),
  ``verdicts.csv`` (with effect sizes, each baseline's outcome and the diagnostic status),
  ``naming_comparison.csv``, ``naming_rmse.csv``, ``naming_rmse_interval.csv``, ``naming_effects.csv``,
  ``baseline_trials.csv.gz``, ``views_trials.csv.gz``, ``views_summary.csv``, ``views_naming_rmse.csv``,
  ``case_control.csv``, ``verification.csv``, ``accuracy.csv``;
- ``manifest.json``: versions, configuration, seeds and hashes of weights,
  battery and premorbid networks, from which every number can be rebuilt.

Each virtual patient's trials are saved in ``parts/`` as soon as they are done
(with a checksum), so an interrupted run resumes without redoing finished
patients.  What the folder guarantees (no user file overwritten, an
``INCOMPLETE`` marker until the report is done, no mixture of runs, one run at
a time) is in :mod:`cogsim._reportdir`.  A folder holding a report, or parts
of a run with another configuration, is never overwritten unless
``overwrite=True``.  Overwriting keeps the finished patients of the same
configuration (they would come out identical) and discards parts of another
configuration; delete the folder for a run from scratch.

再現実行：コホート作成から報告書まで。
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ._version import __version__
from ._cache import key_of
from ._languages import check_language, renamed_keyword
from ._random import child_stream, seed_sequence
from ._validation import plain_numbers, check_fraction, check_int, check_option
from ._threads import CACHE_THREADS

__all__ = ["ReplicationConfig", "Replication", "SeedTree", "SEED_CHILDREN", "replicate", "QUICK", "FIGURE2_PARADIGMS"]

#: Settings of ``--quick``: fewer patients and controls, and five of the preset's severities, evenly spread.
#: Measured on a 2-core x86_64 machine (docs/performance.md): 172 s cold (empty cache: features and 10 hubs
#: to build), 61 s with a warm cache into a new folder, 18 s again into the same folder (parts reused).
QUICK = {"n_patients": 3, "n_controls": 4, "quick": True}
PARTS_VERSION = 3  # 3: cued naming's default cue no longer tells the category (2026-12-05)
#: The paradigms of Patterson et al. (2007) Figure 2 and the severity index, run by default.
FIGURE2_PARADIGMS = ("picture_naming", "category_verification", "colour_judgment", "word_picture_matching",
                     "object_decision", "delayed_copy")
#: The baselines run by default (:data:`cogsim.analysis.baselines.BASELINES`).
BASELINE_NAMES = ("visual", "plain_hub", "undifferentiated")
#: The contrasting disorders run by default: presets whose lesion is applied to the run's own premorbid patients.
CONTRAST_NAMES = ("semantic_aphasia",)


@dataclass(frozen=True)
class ReplicationConfig:
    """Everything that determines a replication's results.

    Attributes
    ----------
    preset : str, default "sd_hub"
        A name from :func:`cogsim.presets.list_presets`: hub training, lesion,
        severities and response policy chosen by the calibration study.
    battery : str or None
        Bundled battery name or a battery folder; None for the bundled default.
    backbone : str, default "efficientnet_lite0"
    lesion : str or Lesion, optional
        Instead of the preset's lesion: a registered lesion family's name
        (:func:`cogsim.lesions.list_lesions`, default parameters) or a lesion
        object (its severity is replaced session by session).
    site : str, optional
        Another site for the lesion.
    hub : HubConfig, optional
        Instead of the preset's hub (its size, and ``homeostasis``), for the
        patients, the controls and the plain-hub baseline alike.
    training : TrainingConfig, optional
        Instead of the preset's hub training (patients, controls, and the
        plain-hub baseline, which drops its name heads).
    policy : ResponsePolicy, optional
        Instead of the preset's response policy (naming rule, thresholds,
        colour fallback), for the patients, the controls and the plain-hub
        baseline alike.  Trained hubs do not depend on it.
    paradigms : tuple of str, default FIGURE2_PARADIGMS
        Registered paradigm names (:func:`cogsim.paradigms.list_paradigms`),
        including your own; the report's figures and signatures use those of
        Figure 2 that are present.  With the default list, a paradigm the
        battery cannot support (object decision and delayed copy need item
        norms, see ``docs/batteries.md``) is skipped, logged and listed in
        ``manifest.json`` (``skipped_paradigms``), and its signatures are
        reported as not testable; named explicitly, it is required.
    baselines : tuple of str, default ("visual", "plain_hub", "undifferentiated")
        Declines that are not SD, run beside the cohort
        (:mod:`cogsim.analysis.baselines`); the verdict table marks which
        signatures each also reproduces, and a signature every baseline
        reproduces is "not diagnostic".  ``()`` runs none.
    contrasts : tuple of str, default ("semantic_aphasia",)
        Contrasting disorders, by preset name: each preset's lesion and
        severities are applied to the run's own premorbid patients, tested on
        the same paradigms (and cued naming), and compared with the SD cohort
        on the measures of :data:`cogsim.analysis.disorders.CONTRASTS`
        (consistency, frequency, cueing; ``contrasts.csv``).  ``()`` runs none.
    new_views : bool, default True
        Also name new views of every item (:func:`cogsim.stimuli.new_views`,
        pictures the hub never trained on) at every patient-session and in the
        controls: premorbid generalisation and the SD decline on other
        versions of known objects.
    explain : bool, default True
        Also draw where the first patient looks (:func:`cogsim.explain.damage_maps`:
        Grad-CAM with pytorch-grad-cam installed, else CAM) for 12 items,
        intact and at two severities of the preset's lesion and of the visual
        preset's lesion, with each map's correlation with the intact map.
    severities : tuple of float, optional
        Instead of the preset's.
    n_patients : int, default 8
        Virtual patients, each with its own premorbid training seed and lesion stream.
    n_controls : int, default 8
        Intact control patients (other training seeds).
    random_state : int, default 0
        The single seed everything derives from (an int: a replication must be reproducible).
    quick : bool, default False
        Five of the preset's severities (with ``QUICK``'s sample sizes from the command line).
    signatures : path, optional
        Your own signature table (a CSV of the columns of
        ``cogsim/data/reference/signatures.csv``; checks from
        :func:`cogsim.analysis.list_signature_checks`, yours included) instead of
        the bundled Figure 2 table.  Checked before anything runs.
    reference : path, optional
        Your own naming reference (the columns of
        ``cogsim/data/reference/rogers2004_naming.csv``: your patients' bins,
        and optionally a model's) instead of Rogers et al. (2004).
    """

    preset: str = "sd_hub"
    battery: str | None = None
    backbone: str = "efficientnet_lite0"
    lesion: object = None
    site: str | None = None
    severities: tuple | None = None
    policy: object = None
    training: object = None
    hub: object = None
    n_patients: int = 8
    n_controls: int = 8
    random_state: int = 0
    quick: bool = False
    paradigms: tuple = FIGURE2_PARADIGMS
    baselines: tuple = BASELINE_NAMES
    contrasts: tuple = CONTRAST_NAMES
    new_views: bool = True
    explain: bool = True
    signatures: str | None = None
    reference: str | None = None

    def __post_init__(self):
        plain_numbers(self)
        from .lesions import Lesion
        from .paradigms import get_paradigm
        from .presets import PRESETS, get_preset

        get_preset(self.preset)
        if self.severities is not None:
            severities = tuple(float(check_fraction("ReplicationConfig", "severities", s)) for s in self.severities)
            if not severities:
                raise ValueError("The 'severities' parameter must name at least one severity.")
            object.__setattr__(self, "severities", severities)
        for name, low in (("n_patients", 1), ("n_controls", 2), ("random_state", 0)):
            check_int("ReplicationConfig", name, getattr(self, name), low=low)
        from .patients import ResponsePolicy, TrainingConfig

        if self.training is not None and not isinstance(self.training, TrainingConfig):
            raise TypeError("The 'training' parameter of ReplicationConfig must be a TrainingConfig or None (the "
                            f"preset's). Got {self.training!r} instead.")
        from .patients.config import HubConfig

        if self.hub is not None and not isinstance(self.hub, HubConfig):
            raise TypeError("The 'hub' parameter of ReplicationConfig must be a HubConfig or None (the preset's). "
                            f"Got {self.hub!r} instead.")
        if self.policy is not None and not isinstance(self.policy, ResponsePolicy):
            raise TypeError("The 'policy' parameter of ReplicationConfig must be a ResponsePolicy or None (the "
                            f"preset's). Got {self.policy!r} instead.")
        if self.lesion is not None and not isinstance(self.lesion, (str, Lesion)):
            raise TypeError("The 'lesion' parameter of ReplicationConfig must be a lesion name or a Lesion. "
                            f"Got {self.lesion!r} instead.")
        paradigms = (self.paradigms,) if isinstance(self.paradigms, str) else tuple(self.paradigms)
        if not paradigms or len(set(paradigms)) != len(paradigms):
            raise ValueError(f"The 'paradigms' parameter must name one or more distinct paradigms. Got {paradigms!r}.")
        for name in paradigms:
            get_paradigm(name)  # validates
        if "picture_naming" not in paradigms:
            raise ValueError("The 'paradigms' of a replication must include 'picture_naming': naming accuracy "
                             "defines the severity stages and the comparison with the patients' bins.")
        object.__setattr__(self, "paradigms", paradigms)
        from .analysis.baselines import list_baselines

        baselines = (self.baselines,) if isinstance(self.baselines, str) else tuple(self.baselines)
        for name in baselines:
            check_option("baselines", name, list_baselines())
        if len(set(baselines)) != len(baselines):
            raise ValueError(f"The 'baselines' parameter must name distinct baselines. Got {baselines!r}.")
        object.__setattr__(self, "baselines", baselines)
        contrasts = (self.contrasts,) if isinstance(self.contrasts, str) else tuple(self.contrasts)
        for name in contrasts:
            check_option("contrasts", name, [n for n, p in PRESETS.items() if p.lesion.touches == "control"])
        if len(set(contrasts)) != len(contrasts):
            raise ValueError(f"The 'contrasts' parameter must name distinct disorders. Got {contrasts!r}.")
        object.__setattr__(self, "contrasts", contrasts)
        self.resolved_lesion()  # validates the lesion name
        for name in ("signatures", "reference"):
            value = getattr(self, name)
            if value is not None:
                if not isinstance(value, (str, os.PathLike)):
                    raise TypeError(f"The {name!r} parameter of ReplicationConfig must be a path to a CSV file or "
                                    f"None. Got {value!r} instead.")
                if not Path(value).is_file():
                    raise ValueError(f"The {name!r} parameter of ReplicationConfig names no file: {str(value)!r}.")
                object.__setattr__(self, name, str(value))

    def signature_table(self) -> pd.DataFrame:
        """The signatures this replication tests (yours or the bundled table), checked against its paradigms."""
        from .analysis import check_signature_table, load_signatures

        if self.signatures is None:  # the bundled table: rows of paradigms not run are reported as not testable
            return check_signature_table(load_signatures(), where="the bundled signature table")
        return check_signature_table(load_signatures(self.signatures), where=self.signatures, paradigms=self.paradigms)

    def reference_table(self) -> pd.DataFrame:
        """The naming reference (yours or Rogers et al. 2004), checked."""
        from .analysis import load_rogers2004

        return load_rogers2004(self.reference)

    def resolved_lesion(self):
        """The lesion (severity 0) this configuration damages patients with."""
        from .lesions import get_lesion
        from .presets import get_preset

        lesion = get_preset(self.preset).lesion
        if isinstance(self.lesion, str):
            lesion = get_lesion(self.lesion, severity=0.0, site=self.site or "hub")
        elif self.lesion is not None:
            lesion = replace(self.lesion, severity=0.0)
        if self.site is not None and not isinstance(self.lesion, str):
            lesion = lesion.at_site(self.site)
        return lesion

    def resolved_policy(self):
        """The response policy of the patients, controls and baselines: *policy*, or the preset's."""
        from .presets import get_preset

        return get_preset(self.preset).policy if self.policy is None else self.policy

    def resolved_training(self):
        """How the hubs learn: *training*, or the preset's (the plain-hub baseline drops its name heads)."""
        from .presets import get_preset

        return get_preset(self.preset).training if self.training is None else self.training

    def resolved_hub(self):
        """The hub of the patients, controls and plain-hub baseline: *hub*, or the preset's."""
        from .presets import get_preset

        return get_preset(self.preset).hub if self.hub is None else self.hub

    def resolved_severities(self) -> tuple:
        from .presets import get_preset

        if self.severities is not None:
            return self.severities
        severities = get_preset(self.preset).severities
        if self.quick:
            picks = np.unique(np.linspace(0, len(severities) - 1, 5).round().astype(int))
            severities = tuple(severities[i] for i in picks)
        return tuple(severities)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severities"] = list(self.resolved_severities())
        d["lesion"] = self.resolved_lesion().to_dict()
        d["paradigms"] = list(self.paradigms)
        d["baselines"] = list(self.baselines)
        d["contrasts"] = list(self.contrasts)
        d["hub"] = asdict(self.resolved_hub())
        from .patients.config import training_to_dict

        d["training"] = training_to_dict(self.resolved_training())
        d["policy"] = asdict(self.resolved_policy())
        for name in ("signatures", "reference"):  # absent when unset: a default run keeps its key
            if d[name] is None:
                del d[name]
        return json.loads(json.dumps(d, default=list))


def _versions() -> dict:
    import scipy
    import statsmodels
    import torch
    import torchvision

    return {"cogsim": __version__, "python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "numpy": np.__version__, "pandas": pd.__version__,
            "scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "platform": platform.platform(),
            # sums can round differently with another thread count: the run's own, and the fixed one of training
            "torch_threads": torch.get_num_threads(), "training_threads": CACHE_THREADS}


# --- stage 1: seeds --------------------------------------------------------------------------------------------
#: The named children of ``SeedSequence(random_state)``: every random stream of a replication is one of them.
SEED_CHILDREN = {"patients": 0, "controls": 1, "lesions": 2, "paradigms": 3, "undifferentiated": 4, "views": 5,
                 "signatures": 6, "naming_interval": 7, "case_control": 8, "explain": 9}


@dataclass(frozen=True)
class SeedTree:
    """One seed tree: each consumer of randomness draws from its own named child of ``SeedSequence(random_state)``.

    The premorbid training seeds, the paradigm seed and the new views' seed are
    ints because they are recorded and keyed as ints (``patient.seed``, cache
    keys, the manifest): each is drawn once from its child.  Everything else
    receives its child :class:`numpy.random.SeedSequence` itself.
    """

    random_state: int

    def stream(self, name: str) -> np.random.SeedSequence:
        """The child *name* of :data:`SEED_CHILDREN`, the same object state at every call."""
        return child_stream(seed_sequence(self.random_state), SEED_CHILDREN[name])

    def ints(self, name: str, n: int) -> list:
        """*n* int seeds, one per spawned grandchild of child *name* (training seeds of patients, controls)."""
        return [int(s.generate_state(1)[0]) for s in self.stream(name).spawn(n)]

    def int(self, name: str) -> int:
        """One int seed from child *name* (the paradigm seed, the new views' seed)."""
        return int(self.stream(name).generate_state(1)[0])

    def describe(self) -> dict:
        return {name: f"SeedSequence(random_state) child ({k},)" for name, k in SEED_CHILDREN.items()}


# --- stage 2: what runs, and the patients --------------------------------------------------------------------------
def select_paradigms(config: ReplicationConfig, battery, log) -> tuple[list, dict]:
    """The paradigms to run; with the default list, those the battery cannot support are skipped and said so."""
    from .paradigms import get_paradigm

    paradigms = [get_paradigm(name) for name in config.paradigms]
    skipped = {}
    if tuple(config.paradigms) == FIGURE2_PARADIGMS:
        for paradigm in list(paradigms):
            try:
                paradigm.check_battery(battery)
            except ValueError as exc:
                skipped[paradigm.name] = str(exc)
                paradigms.remove(paradigm)
                log(f"skipped {paradigm.name}: {exc}")
    if config.contrasts and "cued_naming" not in config.paradigms:  # the contrasts measure the cue's benefit
        paradigms.append(get_paradigm("cued_naming"))
        log(f"added cued_naming for the contrasts with {', '.join(config.contrasts)}")
    return paradigms, skipped


def build_cohort(config: ReplicationConfig, battery, seeds: SeedTree, progress: bool) -> tuple[list, list, dict]:
    """The premorbid patients and the controls (one configuration: the missing hubs train together)."""
    from .patients import build_patients

    ints = {"premorbid": seeds.ints("patients", config.n_patients), "controls": seeds.ints("controls", config.n_controls)}
    everyone = build_patients(battery, ints["premorbid"] + ints["controls"], backbone=config.backbone,
                              hub=config.resolved_hub(),
                              training=config.resolved_training(), policy=config.resolved_policy(),
                              progress=progress)
    return everyone[:config.n_patients], everyone[config.n_patients:], ints


# --- stage 3: damage and test, resumable per patient ---------------------------------------------------------------
class Tester:
    """Damages patients progressively and runs the paradigms, one resumable part per patient (when *folder* is set)."""

    def __init__(self, folder, battery, paradigms, seeds: SeedTree, progress: bool, log):
        self.folder, self.battery, self.paradigms, self.seeds = folder, battery, paradigms, seeds
        self.progress, self.log = progress, log
        self.paradigm_seed = seeds.int("paradigms")

    def _part(self, name: str, compute) -> pd.DataFrame:
        done = None if self.folder is None else self.folder.finished_part(name)
        if done is not None:
            return pd.read_csv(done, low_memory=False), True  # one dtype per column, not per chunk
        part = compute()
        if self.folder is not None:
            self.folder.write_part(name, part)
        return part, False

    def _run(self, tests, patients, on, new_pictures) -> pd.DataFrame:
        from .paradigms import run_paradigms

        return pd.concat(run_paradigms(tests, patients, on, random_state=self.paradigm_seed,
                                       new_pictures=new_pictures).values(), ignore_index=True)

    def cohort(self, patients, lesion, severities, *, prefix: str = "", label: str | None = None, tests=None,
               on=None, new_pictures: bool = False) -> pd.DataFrame:
        """Damage *patients* with *lesion* at *severities* (the same per-patient lesion streams for every cohort)."""
        from .lesions import Cohort, make_cohort

        tests, on = tests or self.paradigms, on or self.battery
        cohort = make_cohort(patients, lesion, severities=severities, random_state=self.seeds.stream("lesions"))
        ids = list(dict.fromkeys(m[0] for m in cohort))
        frames, resumed = [], 0
        for pid in tqdm(ids, desc=f"{label or type(lesion).__name__}: paradigms", unit="patient",
                        disable=not self.progress):
            members = Cohort(tuple(m for m in cohort if m[0] == pid), lesion)
            frame, was_done = self._part(f"{prefix}{pid}.csv.gz", lambda: self._run(tests, members, on, new_pictures))
            frames.append(frame)
            resumed += was_done
        if resumed:
            where = self.folder.parts if self.folder is not None else "memory"
            self.log(f"resumed: {resumed} of {len(ids)} {label or 'virtual patients'} were already done in {where}")
        return pd.concat(frames, ignore_index=True)

    def controls(self, controls, name: str, *, tests=None, on=None, new_pictures: bool = False) -> pd.DataFrame:
        """Run the paradigms on the intact controls (C01, C02, …), one resumable part."""
        tested = {f"C{k + 1:02d}": c for k, c in enumerate(controls)}
        frame, _ = self._part(name, lambda: self._run(tests or self.paradigms, tested, on or self.battery,
                                                      new_pictures))
        return frame

    def intact(self, patients) -> pd.DataFrame:
        """The premorbid patients tested intact (P01, P02, …), not stored."""
        return self._run(self.paradigms, {f"P{k + 1:02d}": p for k, p in enumerate(patients)}, self.battery, False)


def run_views(config: ReplicationConfig, battery, tester: Tester, premorbid, controls, lesion, severities, seeds,
              log):
    """Name new views of every item at every patient-session and in the controls (None without ``new_views``)."""
    if not config.new_views:
        return None, None
    from .paradigms import PictureNaming
    from .stimuli import new_views

    views = new_views(battery, random_state=seeds.int("views"))
    log(f"new views: {views!r}")
    naming = [PictureNaming()]
    trials = pd.concat([
        tester.cohort(premorbid, lesion, severities, prefix="views-", label="new views", tests=naming, on=views,
                      new_pictures=True),
        tester.controls(controls, "views-controls.csv.gz", tests=naming, on=views, new_pictures=True)],
        ignore_index=True)
    return views, trials


# --- stage 4: baselines ----------------------------------------------------------------------------------------
class _Study:
    """What a baseline's ``run`` receives (see :class:`cogsim.analysis.baselines.Baseline`)."""

    def __init__(self, name, config, battery, tester, premorbid, premorbid_seeds, lesion, severities, results, seeds,
                 progress):
        from .presets import get_preset

        self.name, self.config, self.battery, self._tester = name, config, battery, tester
        self.premorbid, self.premorbid_seeds, self.lesion, self.severities = premorbid, premorbid_seeds, lesion, severities
        self.results, self.seeds, self.paradigms, self._progress = results, seeds, tester.paradigms, progress
        self.preset = get_preset(config.preset)

    def test_cohort(self, patients, lesion, severities) -> pd.DataFrame:
        return self._tester.cohort(patients, lesion, severities, prefix=f"baseline-{self.name}-",
                                   label=f"baseline {self.name}")

    def build_patients(self, training) -> list:
        from .patients import build_patients

        return build_patients(self.battery, self.premorbid_seeds, backbone=self.config.backbone,
                              hub=self.config.resolved_hub(), training=training, policy=self.config.resolved_policy(),
                              progress=self._progress)

    def test_intact(self, patients) -> pd.DataFrame:
        return self._tester.intact(patients)


def run_baselines(config, battery, tester, premorbid, premorbid_seeds, lesion, severities, results, seeds,
                  progress, log) -> tuple[dict, dict]:
    """Each configured baseline from the registry (:func:`cogsim.analysis.baselines.get_baseline`)."""
    from .analysis.baselines import get_baseline

    trials, info = {}, {}
    for name in config.baselines:
        baseline = get_baseline(name)
        log(f"baseline {name!r}: {baseline.description}")
        study = _Study(name, config, battery, tester, premorbid, premorbid_seeds, lesion, severities, results, seeds,
                       progress)
        trials[name], extra = baseline.run(study)
        info[name] = {"description": baseline.description, "lesion": repr(lesion), "severities": list(severities),
                      **extra}
    return trials, info


def run_contrasts(config, tester, premorbid, log) -> tuple[dict, dict]:
    """Each contrasting disorder (a preset's lesion and severities) on the run's own premorbid patients."""
    from .presets import get_preset

    trials, info = {}, {}
    for name in config.contrasts:
        preset = get_preset(name)
        log(f"contrast {name!r}: {preset.lesion!r}, severities {', '.join(f'{s:g}' for s in preset.severities)}")
        trials[name] = tester.cohort(premorbid, preset.lesion, preset.severities, prefix=f"contrast-{name}-",
                                     label=f"contrast {name}")
        info[name] = {"description": preset.description, "lesion": repr(preset.lesion),
                      "severities": list(preset.severities)}
    return trials, info


# --- stage 5: analyses -----------------------------------------------------------------------------------------
def analyse(config: ReplicationConfig, battery, results, controls, baseline_trials, view_trials, seeds: SeedTree,
            signatures: pd.DataFrame, reference: pd.DataFrame, contrast_trials: dict | None = None) -> dict:
    """Signatures (with the baselines' verdicts), the naming comparison, case–control statistics, summaries."""
    from .analysis import (case_control_table, compare_naming, evaluate_signatures, naming_effects, naming_rmse,
                           naming_rmse_interval, verification_summary)
    from .analysis.baselines import diagnostic_status
    from .analysis.generalisation import compare_views

    def verdicts_of(trials):  # the same bootstrap stream for every cohort: their verdicts differ by the trials only
        return evaluate_signatures(trials, signatures, items=battery.items, random_state=seeds.stream("signatures"))

    verdicts = diagnostic_status(verdicts_of(results), {name: verdicts_of(frame)
                                                        for name, frame in baseline_trials.items()})
    comparison = compare_naming(results, reference)
    out = {"verdicts": verdicts, "comparison": comparison, "rmse": naming_rmse(comparison),
           "rmse_interval": naming_rmse_interval(results, reference, random_state=seeds.stream("naming_interval")),
           "effects": naming_effects(comparison), "views_summary": None, "views_rmse": None}
    if view_trials is not None:
        out["views_summary"] = compare_views(pd.concat([results, controls], ignore_index=True), view_trials)
        patients_views = view_trials[view_trials["patient"].isin(set(results["patient"]))]
        out["views_rmse"] = naming_rmse(compare_naming(patients_views, reference))
    out["case_control"] = case_control_table(results, controls, random_state=seeds.stream("case_control"))
    out["verification"] = (verification_summary(results, by=["severity", "condition"])
                           if "category_verification" in config.paradigms else pd.DataFrame())
    out["contrasts"] = contrast_table(results, contrast_trials or {}, baseline_trials, battery.items)
    out["accuracy"] = results.groupby(["paradigm", "severity", "condition"], observed=True)["correct"].agg(
        ["mean", "count"]).rename(columns={"mean": "accuracy", "count": "trials"}).reset_index()
    return out


def contrast_table(results, contrast_trials: dict, baseline_trials: dict, items) -> pd.DataFrame | None:
    """The SD-versus-disorder contrasts of every contrasting cohort (None without contrasts).

    Baselines without naming trials (nothing to stage them by) are left out of the comparison.
    """
    if not contrast_trials:
        return None
    from .analysis.disorders import compare_disorders

    from .analysis.disorders import CONTRASTS

    usable = {name: frame for name, frame in baseline_trials.items()
              if "picture_naming" in set(frame["paradigm"]) and frame["patient"].nunique() > 1}
    frames = []
    for name, trials in contrast_trials.items():
        try:
            frames.append(compare_disorders(results, trials, items, baselines=usable).assign(contrast=name))
        except ValueError as exc:  # e.g. a single virtual patient: the contrasts compare groups of patients
            frames.append(CONTRASTS[["signature", "measure", "expected", "description"]].assign(
                reproduced=pd.NA, note=str(exc), contrast=name))
    table = pd.concat(frames, ignore_index=True)
    return table[["contrast"] + [c for c in table.columns if c != "contrast"]]


#: Items whose maps the report shows (when the battery has them); the rest of the 12 are drawn from other categories.
EXPLAIN_SHOWN = ("penguin", "zebra", "banana", "bicycle")


def _explain_items(battery, n: int = 12) -> list:
    """*n* items for the maps: the shown ones first, then one per basic category in turn (battery order)."""
    items = battery.items
    chosen = [i for i in EXPLAIN_SHOWN if i in set(items["item_id"])]
    by_basic = {b: list(g["item_id"]) for b, g in items.groupby("basic", sort=False)}
    while len(chosen) < min(n, len(items)):
        for members in by_basic.values():
            rest = [m for m in members if m not in chosen]
            if rest and len(chosen) < min(n, len(items)):
                chosen.append(rest[0])
    return chosen


def where_it_looks(battery, patient, lesion, severities, seeds: SeedTree, progress) -> dict:
    """Maps of P01 intact, under the cohort's lesion and under the visual preset's, at two severities each."""
    import importlib.util

    from .analysis.baselines import visual_lesion_for
    from .explain import damage_maps
    from .lesions import make_cohort
    from .presets import get_preset

    method = "gradcam" if importlib.util.find_spec("pytorch_grad_cam") else "cam"
    items = _explain_items(battery)
    visual = get_preset("visual")
    damage, chosen = {}, {}
    for label, cohort_lesion, levels in (("hub", lesion, severities),
                                         ("visual", visual_lesion_for(visual.lesion, patient), visual.severities)):
        positive = [s for s in levels if s > 0]
        picks = sorted({positive[len(positive) // 2], positive[int(len(positive) * 0.85)]})
        cohort = make_cohort([patient], cohort_lesion, severities=picks, random_state=seeds.stream("lesions"))
        damage[label] = [(s, p) for _, s, p in cohort]
        chosen[label] = {"lesion": repr(cohort_lesion), "severities": picks}
    frame, explanations, labels = damage_maps(patient, damage, battery, items, method=method,
                                              random_state=seeds.stream("explain"), progress=progress)
    return {"frame": frame, "explanations": explanations, "labels": labels, "method": method,
            "manifest": {"patient": "P01", "method": method, "target": "the pictured item", "items": items,
                         "lesions": chosen, "random_state": seeds.describe()["explain"],
                         "note": "P01's damage as in its cohort (the same lesion stream)"}}


# --- stage 6: the result and its outputs ----------------------------------------------------------------------------
def _options(paradigm) -> dict:
    """The paradigm's own settings that are plain values (e.g. cued naming's ``categories``), for the manifest."""
    from dataclasses import fields, is_dataclass

    values = {f.name: getattr(paradigm, f.name) for f in fields(paradigm)} if is_dataclass(paradigm) else {}
    return {k: v for k, v in values.items() if v is None or isinstance(v, (str, int, float, bool))}


def build_manifest(config, battery, lesion, premorbid, controls, ints, paradigms, skipped, seeds, baseline_info,
                   views, n_trials, signatures_path, reference_path) -> dict:
    """Versions, configuration, seeds and hashes: what every number of the run can be rebuilt from."""
    from ._cache import file_sha256
    from .presets import get_preset

    def table(path):
        return None if path is None else {"path": str(path), "sha256": file_sha256(path)}

    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(sys.argv) if sys.argv and sys.argv[0].endswith("cogsim") else "cogsim.replicate",
        "versions": _versions(),
        "config": config.to_dict(),
        "preset": config.preset,
        "preset_version": get_preset(config.preset).name,
        "lesion": repr(lesion),
        "seeds": {"random_state": config.random_state, "premorbid": ints["premorbid"], "controls": ints["controls"],
                  "paradigms": seeds.int("paradigms"),
                  "lesions": "SeedSequence(random_state) child (2,), spawned per patient: the same for the cohort, "
                             "the baselines and the maps",
                  "tree": seeds.describe()},
        "battery": {"name": battery.name, "root": str(battery.root), "items": len(battery),
                    "fingerprint": battery.fingerprint},
        "backbone": {"name": premorbid[0].backbone.name, "weights": premorbid[0].backbone.weights_id},
        "premorbid_parameter_hashes": {f"P{k + 1:02d}": p.parameter_hash() for k, p in enumerate(premorbid)},
        "control_parameter_hashes": {f"C{k + 1:02d}": p.parameter_hash() for k, p in enumerate(controls)},
        "policy": asdict(premorbid[0].policy),
        "paradigms": [{"name": p.name, "mirrors": p.mirrors, "mirrors_ja": p.mirrors_ja, "options": _options(p)}
                      for p in paradigms],
        "skipped_paradigms": skipped,
        "trials": int(n_trials),
        "baselines": baseline_info,
        "new_views": None if views is None else {
            "battery": views.name, "root": str(views.root), "fingerprint": views.fingerprint,
            "random_state": seeds.int("views"), "transformation": "cogsim.stimuli.new_views (NEW_VIEWS ranges)"},
        "signatures": table(signatures_path) or "bundled (cogsim/data/reference/signatures.csv)",
        "reference": table(reference_path) or "bundled (cogsim/data/reference/rogers2004_naming.csv)",
    }


class _PlainFolder:
    """Writes products into a folder of one's choice (``Replication.save``), never over a file unasked."""

    def __init__(self, path, overwrite: bool):
        from ._reportdir import PRODUCTS

        self.root = Path(path)
        self.root.mkdir(parents=True, exist_ok=True)
        self.written: list = []
        clash = sorted(n for n in PRODUCTS if n != "figures" and (self.root / n).exists())
        if clash and not overwrite:
            raise FileExistsError(f"{str(self.root)!r} already holds {', '.join(clash)}; pass overwrite=True to "
                                  "replace them, or save into another folder. Nothing was written.")

    def _path(self, name):
        self.written.append(name)
        return self.root / name

    def write_csv(self, name, frame):
        from ._reportdir import write_table

        write_table(self._path(name), frame)

    def write_text(self, name, text):
        from ._reportdir import atomic_write

        atomic_write(self._path(name), lambda tmp: tmp.write_text(text, encoding="utf-8"))


@dataclass(eq=False)
class Replication:
    """The results of a replication, in memory: tables, trials and manifest, like a statsmodels results object.

    Attributes
    ----------
    verdicts : DataFrame
        One row per signature: estimate, interval, p, effect size, verdict,
        each baseline's outcome and estimate, and whether it is diagnostic.
    comparison, rmse, rmse_interval, effects : DataFrame
        The naming profile against the patients' bins (:func:`cogsim.analysis.compare_naming` and after).
    case_control : DataFrame
        Each patient-session against the controls (Crawford–Howell, Bayesian).
    results, controls : DataFrame
        The cohort's and the controls' tidy trials (:attr:`trials`: both).
    baseline_trials : dict of str to DataFrame
    contrast_trials : dict of str to DataFrame
        The contrasting disorders' trials (semantic aphasia), by preset name.
    contrasts : DataFrame or None
        SD against each contrasting disorder (:func:`cogsim.analysis.disorders.compare_disorders`).
    view_trials, views_summary, views_rmse : DataFrame or None
        Naming of new views (None with ``new_views=False``).
    verification, accuracy : DataFrame
    maps : dict or None
        "Where does the patient look" (None with ``explain=False``).
    manifest : dict
        Versions, configuration, seeds and hashes.
    report_path : Path or None
        The ``report.html`` that :func:`replicate` wrote, if it wrote one.
    """

    config: ReplicationConfig
    battery: object
    results: pd.DataFrame
    controls: pd.DataFrame
    baseline_trials: dict
    view_trials: pd.DataFrame | None
    verdicts: pd.DataFrame
    comparison: pd.DataFrame
    rmse: pd.DataFrame
    rmse_interval: pd.DataFrame
    effects: pd.DataFrame
    views_summary: pd.DataFrame | None
    views_rmse: pd.DataFrame | None
    case_control: pd.DataFrame
    verification: pd.DataFrame
    accuracy: pd.DataFrame
    maps: dict | None
    manifest: dict
    reference: pd.DataFrame | None = None
    report_path: Path | None = None
    contrast_trials: dict = field(default_factory=dict)
    contrasts: pd.DataFrame | None = None

    @property
    def naming_comparison(self) -> pd.DataFrame:
        """The naming profile beside the reference, bin by bin (``naming_comparison.csv``; also ``.comparison``)."""
        return self.comparison

    @property
    def trials(self) -> pd.DataFrame:
        """Every trial of the patients and the controls (``trials.csv.gz``)."""
        return pd.concat([self.results, self.controls], ignore_index=True)

    def tables(self) -> dict:
        """Every product table by its file name, in the order they are written."""
        out = {"explain.csv": None if self.maps is None else self.maps["frame"], "trials.csv.gz": self.trials}
        if self.baseline_trials:
            out["baseline_trials.csv.gz"] = pd.concat(
                [frame.assign(baseline=name) for name, frame in self.baseline_trials.items()], ignore_index=True)
        if self.contrast_trials:
            out["contrast_trials.csv.gz"] = pd.concat(
                [frame.assign(contrast=name) for name, frame in self.contrast_trials.items()], ignore_index=True)
        if self.view_trials is not None:
            out.update({"views_trials.csv.gz": self.view_trials, "views_summary.csv": self.views_summary,
                        "views_naming_rmse.csv": self.views_rmse})
        out.update({"verdicts.csv": self.verdicts, "naming_comparison.csv": self.comparison,
                    "naming_rmse.csv": self.rmse, "naming_rmse_interval.csv": self.rmse_interval,
                    "naming_effects.csv": self.effects, "case_control.csv": self.case_control,
                    "verification.csv": self.verification, "accuracy.csv": self.accuracy,
                    "contrasts.csv": self.contrasts})
        return {name: frame for name, frame in out.items() if frame is not None}

    def save(self, path, *, overwrite: bool = False, _writer=None) -> Path:
        """Write the tidy CSVs and ``manifest.json`` into folder *path*; return it.

        Existing products there are refused unless ``overwrite=True``.
        """
        writer = _writer if _writer is not None else _PlainFolder(path, overwrite)
        for name, frame in self.tables().items():
            writer.write_csv(name, frame)
        manifest = dict(self.manifest)
        # What this run writes at the top of the folder (the report adds the figures and the page).
        manifest["products"] = writer.written + ["manifest.json", "figures", "report.html"]
        self.manifest = manifest
        writer.write_text("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
        return writer.root

    def report(self, path, *, language: str = "en") -> Path:
        """Write ``report.html`` and ``figures/`` into folder *path* (``language``: "en" or "ja"); return the page."""
        from .analysis import report as report_module

        self.manifest = dict(self.manifest, report_language=language)
        self.report_path = report_module.write_report(Path(path), self, language=language)
        return self.report_path

    def summary(self) -> list:
        """The run's headline numbers, as lines of text (what ``cogsim replicate`` prints at the end)."""
        from .analysis import describe_naming_fit

        reproduced = self.verdicts["reproduced"]
        tested = reproduced.notna()
        lines = [f"signatures reproduced: {int(reproduced[tested].astype(bool).sum())} of {int(tested.sum())} tested "
                 f"({int((~tested).sum())} not testable)"]
        if self.config.baselines:
            status = self.verdicts["diagnostic"].value_counts()
            lines.append(f"against the baselines ({', '.join(self.config.baselines)}): "
                         f"{int(status.get('diagnostic', 0))} diagnostic, {int(status.get('not diagnostic', 0))} not "
                         f"diagnostic, {int(status.get('undetermined', 0))} undetermined")
        lines.append(describe_naming_fit(self.rmse, self.rmse_interval))
        if self.contrasts is not None and len(self.contrasts):
            for name, rows in self.contrasts.groupby("contrast", sort=False):
                done = rows["reproduced"].fillna(False).astype(bool)
                untested = int(rows["reproduced"].isna().sum())
                lines.append(f"SD against {name}: {int(done.sum())} of {len(rows) - untested} contrasts reproduced "
                             f"({', '.join(rows.loc[done, 'signature']) or 'none'})"
                             + (f", {untested} not testable (contrasts.csv says why)" if untested else ""))
        return lines

    def __repr__(self) -> str:
        return (f"<Replication {self.config.preset!r}: {self.config.n_patients} patients, "
                f"{len(self.trials)} trials; {self.summary()[0]}>")


def preset_for_battery(config: ReplicationConfig, battery, log=print) -> ReplicationConfig:
    """*config* with its preset alias (``sd_hub``) replaced by the version *battery* can train, when that is not
    the alias's usual version (:func:`cogsim.presets.resolve_preset`: no word frequencies for a default whose hubs
    train with them, or no coded attributes for a default whose semantic spoke is fitted to them); said through
    *log*.  A version named by itself is kept, and so is a run with its own ``training``, unless the default's
    response policy names with word frequencies (``name_prior``) the battery lacks: then its policy, hub, lesion
    and sessions are the frequency-free version's, with the run's own training."""
    from .presets import ALIASES, PRESETS, WITHOUT_ATTRIBUTES, WITHOUT_FREQUENCIES, resolve_preset
    from .stimuli.norms import FREQUENCY_COLUMNS

    if config.preset not in ALIASES:
        return config
    version = resolve_preset(config.preset, battery)
    default = ALIASES[config.preset]
    if version == default:
        return config
    if config.training is not None:
        if not (PRESETS[default].policy.name_prior and version == WITHOUT_FREQUENCIES.get(config.preset)):
            return config
        log(f"preset {config.preset!r} is {version!r} on battery {battery.name!r} (with the run's own training): not "
            f"every item has a word frequency ({FREQUENCY_COLUMNS['en']}), and {default!r}, the default, names with a "
            "prior on them (ResponsePolicy(name_prior)). Add them to run the default's policy (docs/batteries.md, "
            "'Item norms').")
        return replace(config, preset=version)
    if version == WITHOUT_ATTRIBUTES.get(config.preset):
        log(f"preset {config.preset!r} is {version!r} on battery {battery.name!r}: it codes no attributes (attr_ "
            f"columns), which {default!r}, the default, fits its semantic spoke to; {version!r} has the same hubs, "
            "draws by look-up and names without the default's prior on names. Add them to run the default itself (docs/batteries.md, 'Item norms').")
        return replace(config, preset=version)
    column = FREQUENCY_COLUMNS[PRESETS[default].training.frequency_language]
    log(f"preset {config.preset!r} is {version!r} on battery {battery.name!r}: not every item has a word frequency "
        f"({column}), and {default!r}, the default, trains its hubs with them. Add them to run the default itself "
        "(docs/batteries.md, 'Item norms').")
    return replace(config, preset=version)


def _check_before_disk(config: ReplicationConfig, battery) -> tuple:
    """Everything that can be refused, refused before the disk is touched: backbone, lesion site, tables."""
    from .patients import get_backbone
    from .patients.network import check_sites
    from .presets import get_preset

    backbone = get_backbone(config.backbone)
    lesion = config.resolved_lesion()
    check_sites(lesion, backbone.visual_layers, config.resolved_hub().layers)
    training, policy = config.resolved_training(), config.resolved_policy()
    from .patients.build import _item_weights

    _item_weights(battery, training)  # a training that needs frequencies the battery lacks: refused here
    if policy.object_decision == "evidence" and training.name_readout != "prototype":
        raise ValueError("The run's policy says object_decision='evidence', which needs hubs with the prototype "
                         f"read-out, but its training has name_readout={training.name_readout!r}: pass "
                         "training=TrainingConfig(name_readout='prototype', ...) or a policy with "
                         "object_decision='recalled'.")
    if policy.colour_rule == "spoke" and not training.colour_spoke:
        raise ValueError("The run's policy says colour_rule='spoke', which needs hubs with the colour spoke, but its "
                         "training has colour_spoke=False: pass training=TrainingConfig(colour_spoke=True, ...) or a "
                         "policy with colour_rule='names'.")
    if policy.matching == "hub" and not training.name_spoke:
        raise ValueError("The run's policy says matching='hub', which needs hubs with the name spoke, but its "
                         "training has name_spoke=False: pass training=TrainingConfig(name_spoke=True, ...) or a "
                         "policy with matching='names'.")
    return lesion, config.signature_table(), config.reference_table()


def _study(config, battery, lesion, signatures, reference, folder, progress, log) -> Replication:
    """Stages 1–5: seeds, patients, damage and tests, baselines, analyses; the result in memory."""
    from .presets import get_preset

    log(f"battery: {battery!r}")
    seeds = SeedTree(config.random_state)
    paradigms, skipped = select_paradigms(config, battery, log)
    premorbid, controls, ints = build_cohort(config, battery, seeds, progress)
    log(f"patients: {config.n_patients} virtual patients and {config.n_controls} controls on "
        f"{premorbid[0].backbone.name} ({premorbid[0].backbone.describe()})")
    severities = config.resolved_severities()
    log(f"preset {get_preset(config.preset).name!r}: {lesion!r}, severities {', '.join(f'{s:g}' for s in severities)}")
    tester = Tester(folder, battery, paradigms, seeds, progress, log)
    results = tester.cohort(premorbid, lesion, severities)
    control_results = tester.controls(controls, "controls.csv.gz")
    views, view_trials = run_views(config, battery, tester, premorbid, controls, lesion, severities, seeds, log)
    baseline_trials, baseline_info = run_baselines(config, battery, tester, premorbid, ints["premorbid"], lesion,
                                                   severities, results, seeds, progress, log)
    contrast_trials, contrast_info = run_contrasts(config, tester, premorbid, log)
    log("analysing: signatures, naming profile, case-control statistics, contrasts")
    tables = analyse(config, battery, results, control_results, baseline_trials, view_trials, seeds, signatures,
                     reference, contrast_trials)
    manifest = build_manifest(config, battery, lesion, premorbid, controls, ints, paradigms, skipped, seeds,
                              baseline_info, views, len(results) + len(control_results), config.signatures,
                              config.reference)
    maps = where_it_looks(battery, premorbid[0], lesion, severities, seeds, progress) if config.explain else None
    if maps is not None:
        manifest["explain"] = maps["manifest"]
    manifest["contrasts"] = contrast_info
    return Replication(config=config, battery=battery, results=results, controls=control_results,
                       baseline_trials=baseline_trials, contrast_trials=contrast_trials, view_trials=view_trials,
                       maps=maps, manifest=manifest, reference=reference, **tables)


@renamed_keyword("lang", "language")
def replicate(output: str | os.PathLike | None = "cogsim-report", config: ReplicationConfig = ReplicationConfig(), *,
              overwrite: bool = False, progress: bool = True, log=print, language: str = "en") -> Replication:
    """Run the full replication; write the report folder (unless *output* is None); return the :class:`Replication`.

    Parameters
    ----------
    output : path or None, default "cogsim-report"
        The report folder (resumable: finished patients are kept in its
        ``parts/``).  None runs in memory only; save it later with
        :meth:`Replication.save` and :meth:`Replication.report`.
    config : ReplicationConfig
    overwrite : bool, default False
        Replace an existing report; parts of the same configuration are reused,
        parts of another configuration discarded.
    progress : bool, default True
        Progress bars for building patients and running paradigms.
    log : callable, default print
        Where progress messages go (``lambda *a: None`` for silence).
    language : {"en", "ja"}, default "en"
        The language of the report and its figures.  Results do not depend on
        it: a report folder of the same configuration is reused in either language.

    Examples
    --------
    >>> # result = cogsim.replicate(None, ReplicationConfig(n_patients=3, n_controls=4, quick=True))
    >>> # result.verdicts[["signature", "reproduced"]]; result.save("out"); result.report("out", language="ja")
    """
    from .stimuli import load_battery

    check_language(language)
    started = time.perf_counter()
    battery = load_battery(config.battery)
    asked = config.preset
    config = preset_for_battery(config, battery, log)
    lesion, signatures, reference = _check_before_disk(config, battery)
    folder = None
    try:  # assigned before it is opened: a signal at any step still leaves `folder` for the finally to release
        if output is not None:
            from ._reportdir import ReportFolder

            key = key_of({"v": PARTS_VERSION, "config": config.to_dict(), "battery": battery.fingerprint,
                          "cogsim": __version__})
            folder = ReportFolder(output, key, config.to_dict(), overwrite=overwrite)
            folder.open()
        result = _study(config, battery, lesion, signatures, reference, folder, progress, log)
        if asked != config.preset:
            result.manifest["preset_requested"] = asked
        result.manifest["seconds"] = round(time.perf_counter() - started, 1)
        if folder is not None:
            result.manifest["report_language"] = language
            result.save(folder.root, _writer=folder)
            log("writing the report and figures")
            result.report(folder.root, language=language)
            folder.finish()
    finally:
        if folder is not None:
            folder.release()
    for line in result.summary():
        log(line)
    if result.report_path is not None:
        log(f"report: {result.report_path} ({time.perf_counter() - started:.0f} s)")
    return result

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
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from . import __version__
from ._cache import key_of
from ._random import child_stream, seed_sequence, spawn
from ._validation import plain_numbers, check_fraction, check_int, check_option

__all__ = ["ReplicationConfig", "replicate", "QUICK"]

#: Settings of ``--quick``: fewer patients and controls, and five of the preset's severities, evenly spread.
#: Measured on a 2-core x86_64 machine (docs/performance.md): 172 s cold (empty cache: features and 10 hubs
#: to build), 61 s with a warm cache into a new folder, 18 s again into the same folder (parts reused).
QUICK = {"n_patients": 3, "n_controls": 4, "quick": True}
PARTS_VERSION = 2
#: The paradigms of Patterson et al. (2007) Figure 2 and the severity index, run by default.
FIGURE2_PARADIGMS = ("picture_naming", "category_verification", "colour_judgment", "word_picture_matching",
                     "object_decision", "delayed_copy")
#: The baselines run by default (:data:`cogsim.analysis.baselines.BASELINES`).
BASELINE_NAMES = ("visual", "plain_hub", "undifferentiated")


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
    """

    preset: str = "sd_hub"
    battery: str | None = None
    backbone: str = "efficientnet_lite0"
    lesion: object = None
    site: str | None = None
    severities: tuple | None = None
    n_patients: int = 8
    n_controls: int = 8
    random_state: int = 0
    quick: bool = False
    paradigms: tuple = FIGURE2_PARADIGMS
    baselines: tuple = BASELINE_NAMES
    new_views: bool = True
    explain: bool = True

    def __post_init__(self):
        plain_numbers(self)
        from .lesions import Lesion
        from .paradigms import get_paradigm
        from .presets import get_preset

        get_preset(self.preset)
        if self.severities is not None:
            severities = tuple(float(check_fraction("ReplicationConfig", "severities", s)) for s in self.severities)
            if not severities:
                raise ValueError("The 'severities' parameter must name at least one severity.")
            object.__setattr__(self, "severities", severities)
        for name, low in (("n_patients", 1), ("n_controls", 2), ("random_state", 0)):
            check_int("ReplicationConfig", name, getattr(self, name), low=low)
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
        baselines = (self.baselines,) if isinstance(self.baselines, str) else tuple(self.baselines)
        for name in baselines:
            check_option("baselines", name, BASELINE_NAMES)
        if len(set(baselines)) != len(baselines):
            raise ValueError(f"The 'baselines' parameter must name distinct baselines. Got {baselines!r}.")
        object.__setattr__(self, "baselines", baselines)
        self.resolved_lesion()  # validates the lesion name

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
        from .presets import get_preset

        d = asdict(self)
        d["severities"] = list(self.resolved_severities())
        d["lesion"] = self.resolved_lesion().to_dict()
        d["paradigms"] = list(self.paradigms)
        d["baselines"] = list(self.baselines)
        preset = get_preset(self.preset)
        d["hub"] = asdict(preset.hub)
        from .patients.config import training_to_dict

        d["training"] = training_to_dict(preset.training)
        d["policy"] = asdict(preset.policy)
        return json.loads(json.dumps(d, default=list))


def _versions() -> dict:
    import scipy
    import statsmodels
    import torch
    import torchvision

    return {"cogsim": __version__, "python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "numpy": np.__version__, "pandas": pd.__version__,
            "scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "platform": platform.platform()}


def replicate(output: str | os.PathLike = "cogsim-report", config: ReplicationConfig = ReplicationConfig(), *,
              overwrite: bool = False, progress: bool = True, log=print, lang: str = "en") -> Path:
    """Run the full replication and write the report folder; return its ``report.html``.

    Parameters
    ----------
    output : path, default "cogsim-report"
    config : ReplicationConfig
    overwrite : bool, default False
        Replace an existing report; parts of the same configuration are reused,
        parts of another configuration discarded.
    progress : bool, default True
        Progress bars for building patients and running paradigms.
    log : callable, default print
        Where progress messages go (``lambda *a: None`` for silence).
    lang : {"en", "ja"}, default "en"
        The language of the report and its figures (``"ja"``: Japanese text,
        verdicts, figure labels and item names).  Results do not depend on it:
        a report folder of the same configuration is reused in either language.
    """
    from .analysis.i18n import LANGUAGES
    from ._reportdir import ReportFolder
    from .patients import get_backbone
    from .patients.network import check_sites
    from .presets import get_preset
    from .stimuli import load_battery

    check_option("lang", lang, LANGUAGES)
    started = time.perf_counter()
    output = Path(output)
    battery = load_battery(config.battery)
    # Everything that can be refused is refused before the disk is touched.
    backbone = get_backbone(config.backbone)
    lesion = config.resolved_lesion()
    check_sites(lesion, backbone.visual_layers, get_preset(config.preset).hub.layers)
    key = key_of({"v": PARTS_VERSION, "config": config.to_dict(), "battery": battery.fingerprint,
                  "cogsim": __version__})
    folder = ReportFolder(output, key, config.to_dict(), overwrite=overwrite)
    try:
        report = _run(folder, config, battery, lesion, started, progress, log, lang)
    finally:
        folder.release()
    return report


def _visual_lesion(lesion, patient):
    """The visual preset's lesion, at the last visual layer when its blocks do not exist in this backbone."""
    from .patients.network import check_sites

    try:
        check_sites(lesion, patient.backbone.visual_layers, patient.hub_config.layers)
    except ValueError:
        return lesion.at_site(patient.backbone.visual_layers[-1])
    return lesion


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


def _where_it_looks(battery, patient, lesion, severities, lesion_streams, progress) -> dict:
    """Maps of P01 intact, under the cohort's lesion and under the visual preset's, at two severities each."""
    import importlib.util

    from .explain import damage_maps
    from .lesions import make_cohort
    from .presets import get_preset

    method = "gradcam" if importlib.util.find_spec("pytorch_grad_cam") else "cam"
    items = _explain_items(battery)
    visual = get_preset("visual")
    damage, chosen = {}, {}
    for label, cohort_lesion, levels in (("hub", lesion, severities),
                                         ("visual", _visual_lesion(visual.lesion, patient), visual.severities)):
        positive = [s for s in levels if s > 0]
        picks = sorted({positive[len(positive) // 2], positive[int(len(positive) * 0.85)]})
        cohort = make_cohort([patient], cohort_lesion, severities=picks, random_state=lesion_streams())
        damage[label] = [(s, p) for _, s, p in cohort]
        chosen[label] = {"lesion": repr(cohort_lesion), "severities": picks}
    frame, explanations, labels = damage_maps(patient, damage, battery, items, method=method, progress=progress)
    return {"frame": frame, "explanations": explanations, "labels": labels, "method": method,
            "manifest": {"patient": "P01", "method": method, "target": "the pictured item", "items": items,
                         "lesions": chosen, "random_state": 0,
                         "note": "P01's damage as in its cohort (the same lesion stream)"}}


def _run(folder, config, battery, lesion, started, progress, log, lang="en") -> Path:
    from .analysis import (case_control_table, compare_naming, describe_naming_fit, evaluate_signatures,
                           naming_effects, naming_rmse, naming_rmse_interval, verification_summary)
    from .analysis.baselines import BASELINES, diagnostic_status, undifferentiated_decline
    from .analysis.generalisation import compare_views
    from .analysis.i18n import japanese_names
    from .analysis.report import write_report
    from .lesions import Cohort, make_cohort
    from .paradigms import get_paradigm, run_paradigms
    from .patients import build_patients
    from .patients.config import training_to_dict
    from .presets import get_preset

    output = folder.root
    log(f"battery: {battery!r}")

    patient_seeds, control_seeds, cohort_stream, paradigm_stream = spawn(config.random_state, 4)
    premorbid_seeds = [int(s.generate_state(1)[0]) for s in patient_seeds.spawn(config.n_patients)]
    controls_seeds = [int(s.generate_state(1)[0]) for s in control_seeds.spawn(config.n_controls)]
    paradigm_seed = int(paradigm_stream.generate_state(1)[0])
    paradigms = [get_paradigm(name) for name in config.paradigms]
    skipped = {}
    if tuple(config.paradigms) == FIGURE2_PARADIGMS:  # the default list: run what the battery allows, say what not
        for paradigm in list(paradigms):
            try:
                paradigm.check_battery(battery)
            except ValueError as exc:
                skipped[paradigm.name] = str(exc)
                paradigms.remove(paradigm)
                log(f"skipped {paradigm.name}: {exc}")

    preset = get_preset(config.preset)
    # Patients and controls share one configuration: the hubs missing from the cache train together.
    everyone = build_patients(battery, premorbid_seeds + controls_seeds, backbone=config.backbone, hub=preset.hub,
                              training=preset.training, policy=preset.policy, progress=progress)
    premorbid, controls = everyone[:config.n_patients], everyone[config.n_patients:]
    log(f"patients: {config.n_patients} virtual patients and {config.n_controls} controls on "
        f"{premorbid[0].backbone.name} ({premorbid[0].backbone.describe()})")

    severities = config.resolved_severities()
    log(f"preset {preset.name!r}: {lesion!r}, severities {', '.join(f'{s:g}' for s in severities)}")

    def lesion_streams():  # the same per-patient lesion streams for the cohort and every baseline
        return child_stream(seed_sequence(config.random_state), 2)

    def run_cohort(patients, cohort_lesion, cohort_severities, prefix="", label=None, tests=paradigms,
                   on=battery, new_pictures=False):
        """Damage *patients* progressively and run *tests* on *on*, one resumable part per patient."""
        cohort = make_cohort(patients, cohort_lesion, severities=cohort_severities, random_state=lesion_streams())
        frames, resumed = [], 0
        ids = list(dict.fromkeys(m[0] for m in cohort))
        bar = tqdm(ids, desc=f"{label or type(cohort_lesion).__name__}: paradigms", unit="patient",
                   disable=not progress)
        for pid in bar:
            done = folder.finished_part(f"{prefix}{pid}.csv.gz")
            if done is not None:
                frames.append(pd.read_csv(done))
                resumed += 1
                continue
            members = Cohort(tuple(m for m in cohort if m[0] == pid), cohort_lesion)
            part = pd.concat(run_paradigms(tests, members, on, random_state=paradigm_seed,
                                           new_pictures=new_pictures).values(), ignore_index=True)
            folder.write_part(f"{prefix}{pid}.csv.gz", part)
            frames.append(part)
        if resumed:
            log(f"resumed: {resumed} of {len(ids)} {label or 'virtual patients'} were already done in {folder.parts}")
        return pd.concat(frames, ignore_index=True)

    def run_controls(name, tests=paradigms, on=battery, new_pictures=False):
        """Run *tests* on the intact controls, one resumable part."""
        done = folder.finished_part(name)
        if done is not None:
            return pd.read_csv(done)
        tested = {f"C{k + 1:02d}": c for k, c in enumerate(controls)}
        part = pd.concat(run_paradigms(tests, tested, on, random_state=paradigm_seed,
                                       new_pictures=new_pictures).values(), ignore_index=True)
        folder.write_part(name, part)
        return part

    results = run_cohort(premorbid, lesion, severities)
    control_results = run_controls("controls.csv.gz")

    views, view_results = None, None
    if config.new_views:
        from .paradigms import PictureNaming
        from .stimuli import new_views

        views = new_views(battery, random_state=config.random_state)
        log(f"new views: {views!r}")
        naming = [PictureNaming()]
        view_results = pd.concat([
            run_cohort(premorbid, lesion, severities, prefix="views-", label="new views", tests=naming, on=views,
                       new_pictures=True),
            run_controls("views-controls.csv.gz", tests=naming, on=views, new_pictures=True)], ignore_index=True)

    baseline_results, baseline_info = {}, {}
    for name in config.baselines:
        log(f"baseline {name!r}: {BASELINES[name]}")
        info = baseline_info[name] = {"description": BASELINES[name], "lesion": repr(lesion),
                                      "severities": list(severities)}
        if name == "visual":
            visual = get_preset("visual")
            visual_lesion = _visual_lesion(visual.lesion, premorbid[0])
            info.update(lesion=repr(visual_lesion), severities=list(visual.severities))
            baseline_results[name] = run_cohort(premorbid, visual_lesion, visual.severities,
                                                prefix="baseline-visual-", label="baseline visual")
        elif name == "plain_hub":
            plain = replace(preset.training, basic_name_weight=0.0, domain_name_weight=0.0)
            patients = build_patients(battery, premorbid_seeds, backbone=config.backbone, hub=preset.hub,
                                      training=plain, policy=preset.policy, progress=progress)
            info.update(training=training_to_dict(plain),
                        premorbid_parameter_hashes={f"P{k + 1:02d}": p.parameter_hash()
                                                    for k, p in enumerate(patients)})
            baseline_results[name] = run_cohort(patients, lesion, severities, prefix="baseline-plain_hub-",
                                                label="baseline plain_hub")
        else:
            intact = results[results["severity"] == 0]
            if intact.empty:  # the severities skip 0: test the premorbid patients intact
                tested = {f"P{k + 1:02d}": p for k, p in enumerate(premorbid)}
                intact = pd.concat(run_paradigms(paradigms, tested, battery, random_state=paradigm_seed).values(),
                                   ignore_index=True)
            info.update(lesion="none (answers replaced at random)",
                        random_state="SeedSequence(random_state) child (4,)")
            baseline_results[name] = undifferentiated_decline(
                intact, severities, random_state=child_stream(seed_sequence(config.random_state), 4))

    log("analysing: signatures, naming profile, case-control statistics")
    verdicts = evaluate_signatures(results, items=battery.items, random_state=config.random_state)
    verdicts = diagnostic_status(verdicts, {name: evaluate_signatures(frame, items=battery.items,
                                                                      random_state=config.random_state)
                                            for name, frame in baseline_results.items()})
    comparison = compare_naming(results)
    rmse = naming_rmse(comparison)
    rmse_interval = naming_rmse_interval(results, random_state=config.random_state)
    effects = naming_effects(comparison)
    views_summary, views_rmse = None, None
    if view_results is not None:
        views_summary = compare_views(pd.concat([results, control_results], ignore_index=True), view_results)
        patients_views = view_results[view_results["patient"].isin(set(results["patient"]))]
        views_rmse = naming_rmse(compare_naming(patients_views))
    case_control = case_control_table(results, control_results, random_state=config.random_state)
    verification = (verification_summary(results, by=["severity", "condition"])
                    if "category_verification" in config.paradigms else pd.DataFrame())
    accuracy = results.groupby(["paradigm", "severity", "condition"], observed=True)["correct"].agg(
        ["mean", "count"]).rename(columns={"mean": "accuracy", "count": "trials"}).reset_index()

    manifest = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(sys.argv) if sys.argv and sys.argv[0].endswith("cogsim") else "cogsim.replicate",
        "versions": _versions(),
        "config": config.to_dict(),
        "preset": config.preset,
        "lesion": repr(lesion),
        "seeds": {"random_state": config.random_state, "premorbid": premorbid_seeds, "controls": controls_seeds,
                  "paradigms": paradigm_seed, "lesions": "SeedSequence(random_state).spawn(4)[2].spawn(n_patients), the same for the cohort and baselines"},
        "battery": {"name": battery.name, "root": str(battery.root), "items": len(battery),
                    "fingerprint": battery.fingerprint},
        "backbone": {"name": premorbid[0].backbone.name, "weights": premorbid[0].backbone.weights_id},
        "premorbid_parameter_hashes": {f"P{k + 1:02d}": p.parameter_hash() for k, p in enumerate(premorbid)},
        "control_parameter_hashes": {f"C{k + 1:02d}": p.parameter_hash() for k, p in enumerate(controls)},
        "policy": asdict(premorbid[0].policy),
        "paradigms": [{"name": p.name, "mirrors": p.mirrors, "mirrors_ja": p.mirrors_ja} for p in paradigms],
        "skipped_paradigms": skipped,
        "trials": int(len(results) + len(control_results)),
        "baselines": baseline_info,
        "new_views": None if views is None else {
            "battery": views.name, "root": str(views.root), "fingerprint": views.fingerprint,
            "random_state": config.random_state, "transformation": "cogsim.stimuli.new_views (NEW_VIEWS ranges)"},
    }
    maps = None
    if config.explain:
        maps = _where_it_looks(battery, premorbid[0], lesion, severities, lesion_streams, progress)
        manifest["explain"] = maps["manifest"]
        folder.write_csv("explain.csv", maps["frame"])
    all_trials = pd.concat([results, control_results], ignore_index=True)
    folder.write_csv("trials.csv.gz", all_trials)
    if baseline_results:
        folder.write_csv("baseline_trials.csv.gz", pd.concat(
            [frame.assign(baseline=name) for name, frame in baseline_results.items()], ignore_index=True))
    if view_results is not None:
        folder.write_csv("views_trials.csv.gz", view_results)
        folder.write_csv("views_summary.csv", views_summary)
        folder.write_csv("views_naming_rmse.csv", views_rmse)
    for name, frame in (("verdicts", verdicts), ("naming_comparison", comparison), ("naming_rmse", rmse),
                        ("naming_rmse_interval", rmse_interval), ("naming_effects", effects),
                        ("case_control", case_control), ("verification", verification), ("accuracy", accuracy)):
        folder.write_csv(f"{name}.csv", frame)
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    manifest["report_language"] = lang
    # What this run writes at the top of the folder (write_report adds the figures and the page).
    manifest["products"] = folder.written + ["manifest.json", "figures", "report.html"]
    folder.write_text("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    log("writing the report and figures")
    report = write_report(output, results=results, controls=control_results, verdicts=verdicts,
                          comparison=comparison, rmse=rmse, case_control=case_control, manifest=manifest,
                          rmse_interval=rmse_interval, effects=effects, views=views_summary,
                          views_rmse=views_rmse, maps=maps, lang=lang, names=japanese_names(battery.items),
                          battery=battery)
    folder.finish()
    reproduced = verdicts["reproduced"]
    tested = reproduced.notna()
    log(f"signatures reproduced: {int(reproduced[tested].astype(bool).sum())} of {int(tested.sum())} tested "
        f"({int((~tested).sum())} not testable)")
    if config.baselines:
        status = verdicts["diagnostic"].value_counts()
        log(f"against the baselines ({', '.join(config.baselines)}): {int(status.get('diagnostic', 0))} diagnostic, "
            f"{int(status.get('not diagnostic', 0))} not diagnostic, {int(status.get('undetermined', 0))} "
            "undetermined")
    log(describe_naming_fit(rmse, rmse_interval))
    log(f"report: {report} ({time.perf_counter() - started:.0f} s)")
    return report

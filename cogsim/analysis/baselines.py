"""Baselines: which signatures would a decline that is *not* semantic dementia also show?

A signature is diagnostic of SD only if something other than SD can fail it.
``cogsim replicate`` therefore runs baselines beside the SD cohort and marks,
for every signature, which baselines also reproduce it
(:func:`diagnostic_status`):

====================  ==========================================================
baseline              what it is
====================  ==========================================================
``visual``            the same premorbid patients with the ``visual`` preset's
                      lesion (weight noise in the last visual blocks, the hub
                      intact): a perceptual decline
``plain_hub``         the same lesion, severities and policy on hubs trained on
                      item names only (no names at every level)
``undifferentiated``  the premorbid patients' own answers, each replaced by a
                      random answer (:func:`undifferentiated_decline`) with
                      the probability that gives each patient-session the SD
                      cohort's naming accuracy (:func:`matched_replacement`):
                      the same decline without any structure
====================  ==========================================================

ベースライン：SD以外の低下でも再現される徴候は診断的ではない。
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd

from .._random import check_random_state
from .._registry import Registry
from .._validation import check_fraction

__all__ = ["BASELINES", "BASELINES_JA", "Baseline", "register_baseline", "list_baselines", "get_baseline",
           "undifferentiated_decline", "matched_replacement", "diagnostic_status", "visual_lesion_for"]

#: The baselines of ``cogsim replicate`` and what each one is.
BASELINES = {
    "visual": "the same premorbid patients with the visual preset's lesion (late visual layers, hub intact)",
    "plain_hub": "the same lesion, severities and policy on hubs trained on item names only",
    "undifferentiated": ("the premorbid patients' answers, each replaced by a random answer (naming: 'don't know' "
                         "or a random item's name, half each; other tasks: a random choice) with the probability "
                         "that gives each patient-session the SD cohort's naming accuracy"),
}

#: The same, in Japanese (for ``cogsim replicate --language ja``).
BASELINES_JA = {
    "visual": "同じ病前の患者に視覚プリセットの損傷（後期の視覚層、ハブは無傷）",
    "plain_hub": "同じ損傷・重さ・応答方針を、項目名だけで訓練したハブに",
    "undifferentiated": ("病前の患者の答えを、ランダムな答えに置き換える（呼称：半々で「わからない」かランダムな"
                         "項目名、他の課題：ランダムな選択）。置き換えの確率は、各患者・各回の呼称正答率がSD群と"
                         "同じになるように決める"),
}

#: Chance of a random answer in the choice tasks (word–picture matching reads it from its condition, "4AFC").
_CHANCE = {"category_verification": 0.5, "colour_judgment": 0.5}
_OMISSION_SHARE = 0.5


def _choice_chance(paradigm: str, condition: pd.Series) -> np.ndarray | None:
    if paradigm in _CHANCE:
        return np.full(len(condition), _CHANCE[paradigm])
    if paradigm == "word_picture_matching":
        choices = condition.astype(str).str.extract(r"^(\d+)AFC$", flags=re.IGNORECASE)[0].astype(float)
        if choices.isna().any():
            raise ValueError("word_picture_matching trials need a condition of the form '{n}AFC' for a random "
                             f"answer; got {sorted(set(condition[choices.isna()]))[:3]}.")
        return 1.0 / choices.to_numpy()
    return None


def undifferentiated_decline(intact: pd.DataFrame, severities, *, random_state=None,
                             replacement: pd.DataFrame | None = None) -> pd.DataFrame:
    """The undifferentiated baseline: intact answers replaced at random, more often with severity.

    For each patient, its intact trials (severity 0) are repeated once per
    severity *s*; each trial is, independently with probability *s* (or the
    patient-session's probability in *replacement*), replaced by a random
    answer:

    - picture naming: "don't know" (an omission) or, with equal probability,
      the name of an item drawn uniformly from the items named in the
      results, scored against the hierarchy (the same item: correct; the
      same basic category: a coordinate semantic error; the same domain: a
      within-domain semantic error; otherwise cross-domain);
    - category verification, colour judgment: a random choice (correct with
      probability 0.5); word–picture matching: a random picture (1/n for
      "nAFC");
    - object decision: a random one of the two pictures (correct with
      probability 0.5);
    - delayed copy: a whole drawing at a time (one per patient-session and
      item), replaced by the patient's own intact drawing of an item drawn
      uniformly from the battery, scored against the target item's
      attributes (so omissions and intrusions follow no domain or typicality);
    - any other paradigm is left out (its chance level is unknown here).

    Object decision and delayed copy draw from their own child stream of
    *random_state*, so the other paradigms' replacements are those of a run
    without them.

    Replaced trials get ``score`` equal to the chance of a correct answer
    (0 for naming) and ``replaced`` = 1; a replaced drawing's ``level`` and a
    replaced object decision's ``real_level``, ``chimera_level``,
    ``real_top_item`` and ``chimera_top_item`` say ``"replaced"``.  Such a decline has no structure:
    it knows nothing of typicality, levels or neighbours.

    Parameters
    ----------
    intact : DataFrame
        Tidy results with a severity-0 session per patient.
    severities : sequence of float in [0, 1]
    random_state : None, int or Generator
    replacement : DataFrame, optional
        ``patient``, ``severity``, ``replacement``: the probability of a
        random answer for each patient at each of *severities* (as
        :func:`matched_replacement` gives), instead of the severity itself.
        The random draws are the same either way; only the probabilities
        they are compared with change.

    Returns
    -------
    DataFrame
        The same columns plus ``replaced`` and ``replacement`` (the
        probability used); ``lesion`` is ``"undifferentiated"``.
    """
    severities = [float(check_fraction("undifferentiated_decline", "severities", s)) for s in severities]
    if not severities:
        raise ValueError("The 'severities' parameter of undifferentiated_decline must name at least one severity.")
    base = intact[intact["severity"] == 0]
    if base.empty:
        raise ValueError("undifferentiated_decline needs the intact (severity 0) trials of each patient; "
                         "the results have none.")
    probability = _replacement_lookup(replacement, severities, base["patient"].unique())
    rng = check_random_state(random_state)
    extra_rng = rng.spawn(1)[0]                   # spawning draws nothing from rng: the other paradigms' draws stay
    extra = base[base["paradigm"].isin(["object_decision", "delayed_copy"])]
    naming = base[base["paradigm"] == "picture_naming"]
    items = naming.drop_duplicates("item")[["item", "basic", "domain", "specific"]].reset_index(drop=True)
    frames = []
    kept = [p for p in base["paradigm"].unique()
            if p in ("picture_naming", "word_picture_matching") or p in _CHANCE]
    base = base[base["paradigm"].isin(kept)]
    for session, s in enumerate(severities, start=1):
        frame = base.copy()
        frame["session"], frame["severity"] = session, s
        frame["lesion"] = "none" if s == 0 else "undifferentiated"
        chance_of = probability(frame["patient"], s)
        replaced = rng.random(len(frame)) < chance_of
        frame["replaced"] = replaced.astype(int)
        frame["replacement"] = chance_of
        for paradigm in kept:
            rows = (frame["paradigm"] == paradigm).to_numpy() & replaced
            if not rows.any():
                continue
            if paradigm == "picture_naming":
                _random_names(frame, rows, items, rng)
                continue
            chance = _choice_chance(paradigm, frame.loc[rows, "condition"])
            correct = rng.random(rows.sum()) < chance
            frame.loc[rows, "correct"] = correct.astype(int)
            frame.loc[rows, "score"] = chance
            frame.loc[rows, "response"] = np.where(correct, "random (right)", "random (wrong)")
            if paradigm == "category_verification" and "label_matches" in frame.columns:
                matches = frame.loc[rows, "label_matches"].astype(bool).to_numpy()
                frame.loc[rows, "response"] = np.where(correct == matches, "yes", "no")
        frames.append(frame)
    frames.extend(_undifferentiated_choices_and_drawings(extra, severities, extra_rng, probability))
    return pd.concat(frames, ignore_index=True)


def _replacement_lookup(replacement, severities, patients):
    """``(patients Series, severity) -> probabilities``: the severity itself, or *replacement*'s values."""
    if replacement is None:
        return lambda who, s: np.full(len(who), s)
    missing = [c for c in ("patient", "severity", "replacement") if c not in replacement.columns]
    if missing:
        raise ValueError(f"The 'replacement' table of undifferentiated_decline needs column(s) {missing}.")
    table: dict = {}  # severity -> {patient: probability}
    for p, s, r in replacement[["patient", "severity", "replacement"]].itertuples(index=False):
        table.setdefault(round(float(s), 9), {})[str(p)] = check_fraction("undifferentiated_decline", "replacement",
                                                                          float(r))
    absent = [(str(p), s) for p in patients for s in severities if str(p) not in table.get(round(float(s), 9), {})]
    if absent:
        raise ValueError(f"The 'replacement' table of undifferentiated_decline has no probability for patient "
                         f"{absent[0][0]!r} at severity {absent[0][1]:g} ({len(absent)} patient-sessions missing).")
    return lambda who, s: pd.Series(who).astype(str).map(table[round(float(s), 9)]).to_numpy(dtype=float)


def matched_replacement(results: pd.DataFrame, severities=None) -> pd.DataFrame:
    """For each patient-session of *results*, the probability of a random answer that gives an undifferentiated
    decline the same naming accuracy.

    A replaced naming trial is right with probability ``c = 0.5 / n_items``
    (half "don't know", half a uniformly drawn item); an intact one as often
    as the patient's own intact session ``a0``.  So the probability ``r``
    with ``a0 (1 − r) + r c = a`` is ``(a0 − a) / (a0 − c)``, clipped to
    [0, 1], where ``a`` is the session's naming accuracy.  The baseline then
    declines exactly as fast as the cohort it is compared with, whatever
    scale the cohort's severities are on.

    Parameters
    ----------
    results : DataFrame
        Tidy results of the cohort, with picture naming at severity 0 and at
        each severity.
    severities : sequence of float, optional
        The sessions to match (default: every severity in *results*).

    Returns
    -------
    DataFrame
        ``patient``, ``severity``, ``naming_accuracy``, ``replacement``.

    Examples
    --------
    >>> rows = [{"paradigm": "picture_naming", "patient": "P01", "severity": s, "item": i, "correct": int(ok)}
    ...         for s, right in ((0.0, 4), (0.5, 2)) for i, ok in zip("abcd", [k < right for k in range(4)])]
    >>> matched_replacement(pd.DataFrame(rows)).round(3).to_dict("records")[1]
    {'patient': 'P01', 'severity': 0.5, 'naming_accuracy': 0.5, 'replacement': 0.571}
    """
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty:
        raise ValueError("matched_replacement needs the cohort's picture naming trials.")
    accuracy = naming.groupby(["patient", "severity"], observed=True)["correct"].mean()
    accuracy = accuracy.rename("naming_accuracy").reset_index()
    chance = _OMISSION_SHARE / naming["item"].nunique()
    intact = accuracy[accuracy["severity"] == 0].set_index("patient")["naming_accuracy"]
    missing = sorted(set(accuracy["patient"]) - set(intact.index))
    if missing:
        raise ValueError(f"matched_replacement needs each patient's intact (severity 0) naming; {missing[:3]} "
                         "have none.")
    if severities is not None:
        wanted = {round(float(s), 9) for s in severities}
        accuracy = accuracy[accuracy["severity"].map(lambda s: round(float(s), 9) in wanted)]
    a0 = accuracy["patient"].map(intact).to_numpy(dtype=float)
    a = accuracy["naming_accuracy"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(a0 > chance, (a0 - a) / (a0 - chance), 1.0)
    accuracy["replacement"] = np.clip(r, 0.0, 1.0)
    return accuracy.reset_index(drop=True)


#: Object decision's columns of what retrieval reached from each picture: "replaced" where the choice was random.
_PICTURE_RETRIEVAL = ("real_level", "chimera_level", "real_top_item", "chimera_top_item")


def _undifferentiated_choices_and_drawings(base: pd.DataFrame, severities, rng, probability) -> list:
    """Object decision (a random picture) and delayed copy (another item's intact drawing), per severity."""
    from ..paradigms.delayed_copy import OUTCOMES, score_drawing

    if base.empty:
        return []
    copies = base[base["paradigm"] == "delayed_copy"]
    if copies.empty:  # object decision alone: its drawing columns need not exist
        copies = pd.DataFrame(columns=["patient", "item", "attribute", "drawn"])
    intact = copies[["patient", "item", "attribute", "drawn"]]
    intact = intact.rename(columns={"item": "_copied_from", "drawn": "_copied_drawn"})
    drawings = copies[["patient", "item"]].drop_duplicates()
    battery_items = np.asarray(sorted(drawings["item"].unique()))
    frames = []
    for session, s in enumerate(severities, start=1):
        frame = base.copy().reset_index(drop=True)
        for column in ("response", "level") + _PICTURE_RETRIEVAL:  # categorical in memory: replacing adds categories
            if column in frame and isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = frame[column].astype(object)
        frame["session"], frame["severity"] = session, s
        frame["lesion"] = "none" if s == 0 else "undifferentiated"
        frame["replaced"] = 0
        frame["replacement"] = probability(frame["patient"], s)
        choice = (frame["paradigm"] == "object_decision").to_numpy()
        rows = choice & (rng.random(len(frame)) < frame["replacement"].to_numpy())
        correct = rng.random(int(rows.sum())) < 0.5
        frame.loc[rows, "correct"] = correct.astype(int)
        frame.loc[rows, "score"] = 0.5
        frame.loc[rows, "response"] = np.where(correct, "real", "chimera")
        frame.loc[rows, "replaced"] = 1
        for column in _PICTURE_RETRIEVAL:  # a random choice retrieved nothing from either picture
            if column in frame:
                frame.loc[rows, column] = "replaced"
        if len(battery_items):
            swaps = drawings.assign(swap=rng.random(len(drawings)) < probability(drawings["patient"], s),
                                    _copied_from=battery_items[rng.integers(0, len(battery_items), len(drawings))])
            swaps = swaps[swaps["swap"]].drop(columns="swap")
            target = frame[~choice].reset_index().merge(swaps, on=["patient", "item"])
            target = target.merge(intact, on=["patient", "_copied_from", "attribute"], how="left")
            if len(target):
                rows = target["index"].to_numpy()
                drawn = target["_copied_drawn"].fillna(0.0).to_numpy(float)
                outcome = score_drawing(target["target"].astype(int).to_numpy(), drawn)
                frame.loc[rows, "drawn"] = drawn
                frame.loc[rows, "response"] = np.asarray(OUTCOMES)[outcome]
                frame.loc[rows, "correct"] = np.isin(outcome, [0, 3]).astype(int)
                frame.loc[rows, "score"] = drawn
                frame.loc[rows, "level"] = "replaced"
                frame.loc[rows, "replaced"] = 1
        frames.append(frame)
    return frames


def _random_names(frame: pd.DataFrame, rows: np.ndarray, items: pd.DataFrame, rng) -> None:
    n = int(rows.sum())
    omit = rng.random(n) < _OMISSION_SHARE
    drawn = items.iloc[rng.integers(0, len(items), n)].reset_index(drop=True)
    own = frame.loc[rows, ["item", "basic", "domain"]].reset_index(drop=True)
    same_item = drawn["item"].to_numpy() == own["item"].to_numpy()
    same_basic = drawn["basic"].to_numpy() == own["basic"].to_numpy()
    same_domain = drawn["domain"].to_numpy() == own["domain"].to_numpy()
    detail = np.select([omit, same_item, same_basic, same_domain],
                       ["omission", "correct", "coordinate", "within_domain"], default="cross_domain")
    error = np.select([omit, same_item, same_basic | same_domain], ["omission", "correct", "semantic"],
                      default="cross_domain")
    frame.loc[rows, "correct"] = (detail == "correct").astype(int)
    frame.loc[rows, "error"] = error
    if "error_detail" in frame.columns:
        frame.loc[rows, "error_detail"] = detail
    frame.loc[rows, "response"] = np.where(omit, "don't know", drawn["specific"].to_numpy())
    if "response_id" in frame.columns:  # the item named (as PictureNaming records it), for item-level analyses
        frame.loc[rows, "response_id"] = np.where(omit, "", drawn["item"].to_numpy())
    if "response_level" in frame.columns:
        frame.loc[rows, "response_level"] = np.where(omit, "none", "specific")
    frame.loc[rows, "score"] = 0.0


def diagnostic_status(verdicts: pd.DataFrame, baselines: dict) -> pd.DataFrame:
    """*verdicts* with one column per baseline (its outcome) and a ``diagnostic`` column.

    Parameters
    ----------
    verdicts : DataFrame
        :func:`~cogsim.analysis.evaluate_signatures` of the SD cohort.
    baselines : dict of str to DataFrame
        The same for each baseline's results.

    Returns
    -------
    DataFrame
        ``baseline_<name>`` columns (True, False, or missing when untestable),
        ``estimate_<name>`` columns (the baseline's estimate, in the
        signature's unit, so that the SD cohort's size can be set beside it)
        and ``diagnostic``:

        - ``"diagnostic"``: reproduced by the cohort and failed by at least one baseline;
        - ``"not diagnostic"``: reproduced by the cohort and by every baseline;
        - ``"undetermined"``: reproduced, but no baseline failed it and some could not be tested;
        - ``""``: the cohort itself does not reproduce it, or it was not tested.
    """
    out = verdicts.copy()
    outcomes = []
    for name, table in baselines.items():
        column = f"baseline_{name}"
        outcome = table.set_index("signature")["reproduced"].reindex(out["signature"])
        out[column] = outcome.to_numpy()
        if "estimate" in table.columns:
            out[f"estimate_{name}"] = table.set_index("signature")["estimate"].reindex(out["signature"]).to_numpy()
        outcomes.append(column)

    def status(row):
        if pd.isna(row["reproduced"]) or not bool(row["reproduced"]) or not outcomes:
            return ""
        values = [row[c] for c in outcomes]
        if any(pd.notna(v) and not bool(v) for v in values):
            return "diagnostic"
        if all(pd.notna(v) for v in values):
            return "not diagnostic"
        return "undetermined"

    out["diagnostic"] = out.apply(status, axis=1)
    return out


# --- the registry of baselines that cogsim replicate runs -----------------------------------------------------
@dataclass(frozen=True)
class Baseline:
    """A decline that is not SD, run beside the cohort by ``cogsim replicate``.

    Attributes
    ----------
    name : str
    description, description_ja : str
        What it is, for the report (English, Japanese).
    run : callable ``(study) -> (trials, info)``
        *study* offers what the replication has built: ``premorbid`` (the
        patients), ``premorbid_seeds``, ``lesion`` and ``severities`` (the
        cohort's), ``preset``, ``config``, ``battery``, ``paradigms``, ``results``
        (the cohort's trials), ``seeds`` (the named seed tree), and
        ``test_cohort(patients, lesion, severities)`` (damage and test, one
        resumable part per patient), ``build_patients(training)`` and
        ``test_intact(patients)``.  It returns the baseline's tidy trials and a
        dict the manifest records beside the description.
    """

    name: str
    description: str
    description_ja: str
    run: Callable


def _check_baseline(name: str, value) -> None:
    if not isinstance(value, Baseline) or not callable(value.run):
        raise TypeError(f"register_baseline needs a callable run(study); got {value!r}.")


_BASELINE_REGISTRY: Registry = Registry("baseline", check=_check_baseline)


def register_baseline(name: str, run: Callable, description: str, description_ja: str = "", *,
                      replace: bool = False) -> Baseline:
    """Register a baseline: ``ReplicationConfig(baselines=(..., name))`` and ``--baselines`` then run it.

    See :class:`Baseline` for what *run* receives and returns.
    """
    return _BASELINE_REGISTRY.register(name, Baseline(name, description, description_ja or description, run),
                                       replace=replace)


def list_baselines() -> list[str]:
    """The registered baselines, sorted."""
    return _BASELINE_REGISTRY.names()


def get_baseline(name: str) -> Baseline:
    """The baseline *name*; an unknown name gets cogsim's "Invalid value" error listing them all."""
    return _BASELINE_REGISTRY.get(name)


def visual_lesion_for(lesion, patient):
    """*lesion* (the visual preset's), moved to the last visual layer when its blocks do not exist in this backbone."""
    from ..patients.network import check_sites

    try:
        check_sites(lesion, patient.backbone.visual_layers, patient.hub_config.layers)
    except ValueError:
        return lesion.at_site(patient.backbone.visual_layers[-1])
    return lesion


def _visual(study):
    from ..patients.presets import get_preset

    visual = get_preset("visual")
    lesion = visual_lesion_for(visual.lesion, study.premorbid[0])
    trials = study.test_cohort(study.premorbid, lesion, visual.severities)
    return trials, {"lesion": repr(lesion), "severities": list(visual.severities)}


def _plain_hub(study):
    from ..patients.config import training_to_dict

    plain = replace(study.config.resolved_training(), basic_name_weight=0.0, domain_name_weight=0.0)
    patients = study.build_patients(plain)
    hashes = {f"P{k + 1:02d}": p.parameter_hash() for k, p in enumerate(patients)}
    trials = study.test_cohort(patients, study.lesion, study.severities)
    return trials, {"training": training_to_dict(plain), "premorbid_parameter_hashes": hashes}


def _undifferentiated(study):
    intact = study.results[study.results["severity"] == 0]
    if intact.empty:  # the severities skip 0: test the premorbid patients intact
        intact = study.test_intact(study.premorbid)
    naming = study.results["paradigm"].eq("picture_naming").any()
    matched = None
    if naming and study.results["severity"].eq(0).any():  # match each patient-session's naming accuracy
        matched = matched_replacement(study.results, study.severities)
    trials = undifferentiated_decline(intact, study.severities, random_state=study.seeds.stream("undifferentiated"),
                                      replacement=matched)
    info = {"lesion": "none (answers replaced at random)", "random_state": "SeedSequence(random_state) child (4,)"}
    info["replacement"] = ("matched to each SD patient-session's naming accuracy (matched_replacement)"
                           if matched is not None else "the severity (no naming to match)")
    return trials, info


for _name, _run in (("visual", _visual), ("plain_hub", _plain_hub), ("undifferentiated", _undifferentiated)):
    register_baseline(_name, _run, BASELINES[_name], BASELINES_JA[_name])

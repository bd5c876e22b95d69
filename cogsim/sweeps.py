"""Parameter sweeps: backbones × hubs × trainings × lesions × sites × random states, in parallel.

A sweep is a grid of *cells*.  One cell is one (backbone, hub, training,
lesion, site, random_state): it builds (or loads from the cache) the premorbid
patients of ``premorbid_random_states``, damages them as a cohort over the
severities (nested damage within each patient, one stream per patient from
the cell's random_state), runs the paradigms, and scores the trials once per
response policy.  Cells are independent and each is fully determined by its
parameters, so the result is the same, bit for bit, in one process, on
several joblib workers, or on a Dask cluster; rows come back in grid order.

=====================  =========================================================
where                  how
=====================  =========================================================
this process           ``run_sweep(..., n_jobs=1)`` (the default)
this machine's cores   ``run_sweep(..., n_jobs=2)`` (joblib, separate processes)
a Dask cluster         ``run_sweep(..., client=Client(...))`` (dask.distributed)
=====================  =========================================================

Every grid dimension takes a sequence (labels are the names, or the objects'
reprs) or a dict ``{label: value}``; lesions may be registered names or
:class:`~cogsim.lesions.Lesion` objects.  ``score`` turns one cell's trials
into rows (default :func:`summarise_cell`); pass your own to score cells by
anything, e.g. the Figure 2 signatures (``studies/calibration.py`` does).

Workers read trained patients and backbone features from the cache folder
(``COGSIM_CACHE_DIR``); the premorbid patients are built in the calling
process first, so workers never race to write the same cache entry.  On a
cluster, point every worker at a shared cache.

パラメータ掃引：joblib または Dask で並列に。
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import pandas as pd

from ._validation import check_fraction, check_int

__all__ = ["SweepTask", "sweep_tasks", "cell_trials", "run_task", "run_tasks", "run_sweep", "summarise_cell", "LABELS"]


@dataclass(frozen=True)
class SweepTask:
    """One cell of a sweep grid: its parameters, with the labels its rows carry."""

    backbone: str
    backbone_weights: str | None
    hub_label: str
    hub: object
    training_label: str
    training: object
    lesion_label: str
    lesion: object
    site: str | None
    random_state: int
    policies: tuple          # ((label, ResponsePolicy or None), ...)
    severities: tuple
    paradigms: tuple         # Paradigm objects
    premorbid_random_states: tuple
    battery: object
    score: Callable

    def premorbid_kwargs(self) -> dict:
        return dict(backbone=self.backbone, backbone_weights=self.backbone_weights, hub=self.hub,
                    training=self.training, progress=False)


def summarise_cell(results: pd.DataFrame) -> pd.DataFrame:
    """The default score of a cell: one row per severity × paradigm × condition.

    Columns ``severity, paradigm, condition, trials, accuracy, score``, and for
    picture naming the shares of the five response classes.
    """
    from .paradigms import ERROR_CLASSES

    rows = []
    for name, frame in results.groupby("paradigm", observed=True, sort=False):
        g = frame.groupby(["severity", "condition"], observed=True, sort=True)
        summary = g.agg(trials=("correct", "size"), accuracy=("correct", "mean"), score=("score", "mean"))
        if name == "picture_naming":
            shares = pd.crosstab([frame["severity"], frame["condition"]], frame["error"], normalize="index")
            summary = summary.join(shares.reindex(columns=list(ERROR_CLASSES), fill_value=0.0))
        summary = summary.reset_index()
        summary.insert(1, "paradigm", name)
        rows.append(summary)
    out = pd.concat(rows, ignore_index=True)
    out["condition"] = out["condition"].astype(str)
    return out


def _labelled(values, what: str, label=repr) -> list[tuple[str, object]]:
    if isinstance(values, Mapping):
        items = [(str(k), v) for k, v in values.items()]
    elif isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"The {what!r} parameter of run_sweep must be a sequence or a dict of labels to values. "
                        f"Got {values!r} instead.")
    else:
        items = [(v if isinstance(v, str) else label(v), v) for v in values]
    if not items:
        raise ValueError(f"The {what!r} parameter of run_sweep must hold at least one value.")
    return items


def _supports(paradigm, battery) -> bool:
    try:
        paradigm.check_battery(battery)
    except ValueError:
        return False
    return True


def sweep_tasks(battery=None, *, backbones: Sequence[str] = ("efficientnet_lite0",), hubs=None, trainings=None,
                lesions=("unit_ablation",), sites: Sequence[str | None] = (None,),
                severities: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.9), random_states: Sequence[int] = (0,),
                policies=(None,), paradigms=None, premorbid_random_states: Sequence[int] = (0,),
                backbone_weights="DEFAULT", score: Callable = summarise_cell) -> list[SweepTask]:
    """The grid as a list of cells, in order: backbone, hub, training, lesion, site, random_state.

    Parameters
    ----------
    battery : Battery, name or folder, optional
    backbones : sequence of str
    hubs : sequence or dict of HubConfig, optional
        Default ``[HubConfig()]``; labels default to the hidden sizes ("256").
    trainings : sequence or dict of TrainingConfig, optional
        Default ``[TrainingConfig()]``.
    lesions : sequence or dict of str or Lesion
        Registered names (default parameters) or lesion objects (their severity is replaced).
    sites : sequence of str or None
        None keeps each lesion's own site.
    severities : sequence of float in [0, 1]
    random_states : sequence of int
        One cell per value: it seeds the cohort's lesion streams and the paradigms.
    policies : sequence or dict of ResponsePolicy or None
        Every cell scores its trials once per policy (None: the patients' own).
    paradigms : sequence of str or Paradigm, optional
        Default: every registered paradigm the battery supports (object
        decision and delayed copy need item norms, see ``docs/batteries.md``).
    premorbid_random_states : sequence of int, default (0,)
        The premorbid patients of each cell's cohort (patients P01, P02, …).
    backbone_weights : "DEFAULT", path or None
    score : callable, default :func:`summarise_cell`
        ``score(trials) -> DataFrame or dict`` for one cell and policy.
    """
    from .lesions import Lesion, get_lesion
    from .paradigms import Paradigm, get_paradigm, list_paradigms
    from .patients import HubConfig, ResponsePolicy, TrainingConfig, get_backbone
    from .stimuli.battery import as_battery

    battery = as_battery(battery)
    severities = tuple(check_fraction("run_sweep", "severities", s) for s in severities)
    if not severities:
        raise ValueError("The 'severities' parameter must name at least one severity.")
    if paradigms is None:  # every registered paradigm the battery supports (some need item norms)
        paradigms = tuple(p for p in map(get_paradigm, list_paradigms()) if _supports(p, battery))
    paradigms = tuple(p if isinstance(p, Paradigm) else get_paradigm(p) for p in paradigms)
    hubs = _labelled([HubConfig()] if hubs is None else hubs, "hubs",
                     lambda h: "+".join(map(str, h.hidden)) if isinstance(h, HubConfig) else repr(h))
    trainings = _labelled([TrainingConfig()] if trainings is None else trainings, "trainings")
    for what, values, cls in (("hubs", hubs, HubConfig), ("trainings", trainings, TrainingConfig)):
        for label, value in values:
            if not isinstance(value, cls):
                raise TypeError(f"run_sweep's {what!r} must hold {cls.__name__} objects; {label!r} is {value!r}.")
    lesion_items = []
    for label, lesion in _labelled(lesions, "lesions"):
        lesion = get_lesion(lesion, severity=0.0) if isinstance(lesion, str) else lesion
        if not isinstance(lesion, Lesion):
            raise TypeError(f"run_sweep's 'lesions' must hold lesion names or Lesion objects; got {lesion!r}.")
        lesion_items.append((label, lesion))
    sites = tuple(sites)
    for site in sites:
        if site is not None and (not isinstance(site, str) or not site):
            raise TypeError(f"Sites must be non-empty strings or None. Got {site!r}.")
    policy_items = tuple(_labelled(policies, "policies", lambda p: "own" if p is None else repr(p)))
    for label, policy in policy_items:
        if policy is not None and not isinstance(policy, ResponsePolicy):
            raise TypeError(f"run_sweep's 'policies' must hold ResponsePolicy objects or None; {label!r} is {policy!r}.")
    random_states = tuple(check_int("run_sweep", "random_states", r, low=0) for r in random_states)
    premorbid = tuple(check_int("run_sweep", "premorbid_random_states", r, low=0) for r in premorbid_random_states)
    if not random_states or not premorbid:
        raise ValueError("The 'random_states' and 'premorbid_random_states' parameters must each hold at least "
                         "one int.")
    weights = None if backbone_weights is None else str(backbone_weights)
    tasks = []
    for b, (hl, h), (tl, t), (ll, lesion), site, rs in itertools.product(
            backbones, hubs, trainings, lesion_items, sites, random_states):
        if site is not None:
            lesion = lesion.at_site(site)
        tasks.append(SweepTask(b, weights, hl, h, tl, t, ll, lesion, site, rs, policy_items, severities, paradigms,
                               premorbid, battery, score))
    # Validate every backbone and site before any work: an unknown site fails here, not in a worker.
    from .patients.network import check_sites

    for t in tasks:
        bb = get_backbone(t.backbone, weights=weights, random_state=0 if weights is None else None)
        check_sites(t.lesion, bb.visual_layers, t.hub.layers)
    return tasks


def cell_trials(task: SweepTask):
    """Yield ``(policy label, trials)`` of one cell: the tidy trials of every paradigm, concatenated.

    This is what :func:`run_task` scores; use it to keep a cell's trials (e.g. for figures).
    """
    from .lesions import make_cohort
    from .paradigms import run_paradigms
    from .patients import build_patients

    premorbids = build_patients(task.battery, task.premorbid_random_states, **task.premorbid_kwargs())
    for label, policy in task.policies:
        patients = [p if policy is None else p.with_policy(policy) for p in premorbids]
        cohort = make_cohort(patients, task.lesion, severities=task.severities, random_state=task.random_state)
        results = run_paradigms(task.paradigms, cohort, task.battery, random_state=task.random_state)
        yield label, pd.concat(results.values(), ignore_index=True)


#: Columns that label a cell's rows in a sweep's result.
LABELS = ("backbone", "hub", "training", "lesion", "site", "random_state", "policy")


def run_task(task: SweepTask) -> pd.DataFrame:
    """Run one cell: its score rows for each policy, labelled with the cell's parameters (:data:`LABELS`)."""
    parts = []
    for label, trials in cell_trials(task):
        scored = task.score(trials)
        frame = pd.DataFrame([scored]) if isinstance(scored, Mapping) else scored.reset_index(drop=True)
        clash = [c for c in LABELS if c in frame.columns]
        if clash:
            raise ValueError(f"A sweep's score must not return the label column(s) {', '.join(map(repr, clash))}; "
                             "to keep a cell's trials, use cogsim.sweeps.cell_trials(task).")
        frame.insert(0, "policy", label)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    for column, value in (("random_state", task.random_state), ("site", task.lesion.site),
                          ("lesion", task.lesion_label), ("training", task.training_label),
                          ("hub", task.hub_label), ("backbone", task.backbone)):
        out.insert(0, column, value)
    return out


@contextmanager
def _torch_threads(n: int):
    """Run with *n* torch threads, then restore the caller's setting."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _run_task_in_worker(task: SweepTask, threads: int) -> pd.DataFrame:
    # Matrix products can round differently with another number of threads, so every
    # task runs with the same count wherever it runs: that is what makes results identical.
    with _torch_threads(threads):
        return run_task(task)


def _prebuild(tasks, threads: int, progress: bool) -> None:
    """Build (or load) every premorbid patient once, here, before workers start.

    Patients of one configuration (backbone, hub, training, battery) are built
    by one :func:`cogsim.patients.build_patients` call, so the missing hubs
    train together.
    """
    from .patients import build_patients

    groups: dict = {}
    for t in tasks:
        key = (t.backbone, t.backbone_weights, t.hub, t.training, id(t.battery))
        _, seeds = groups.setdefault(key, (t, {}))
        seeds.update((s, None) for s in t.premorbid_random_states)
    with _torch_threads(threads):
        for t, seeds in groups.values():
            build_patients(t.battery, list(seeds), **dict(t.premorbid_kwargs(), progress=progress))


def run_tasks(tasks: Sequence[SweepTask], *, n_jobs: int = 1, client=None, threads_per_task: int = 1,
              progress: bool = False) -> pd.DataFrame:
    """Run sweep cells (from one or several :func:`sweep_tasks` calls); rows in task order.

    See :func:`run_sweep` for the parameters.
    """
    check_int("run_sweep", "n_jobs", n_jobs)
    threads = check_int("run_sweep", "threads_per_task", threads_per_task)
    tasks = list(tasks)
    _prebuild(tasks, threads, progress)
    if client is not None:
        futures = client.map(_run_task_in_worker, tasks, [threads] * len(tasks), pure=False)
        parts = client.gather(futures)
    elif n_jobs == 1:
        from tqdm.auto import tqdm

        parts = [_run_task_in_worker(t, threads) for t in tqdm(tasks, desc="sweep", unit="cell",
                                                               disable=not progress)]
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=n_jobs, backend="loky", verbose=5 if progress else 0)(
            delayed(_run_task_in_worker)(t, threads) for t in tasks)
    return pd.concat(parts, ignore_index=True)


def run_sweep(battery=None, *, n_jobs: int = 1, client=None, threads_per_task: int = 1, progress: bool = False,
              **grid) -> pd.DataFrame:
    """Run a sweep grid and return one DataFrame, rows in grid order.

    Parameters
    ----------
    battery : Battery, name or folder, optional
    n_jobs : int, default 1
        Worker processes on this machine (joblib); 1 runs in this process.
    client : dask.distributed.Client, optional
        Run the cells on this Dask cluster instead.
    threads_per_task : int, default 1
        Torch threads of each cell.  Results are identical across 1 process,
        joblib workers and Dask for the same value (floating-point sums can
        round differently with another thread count).  Patients and backbone
        features are built with ``cogsim._threads.CACHE_THREADS`` threads
        whatever this says, so the cache holds the same entries whoever fills
        it.  The caller's torch setting is restored afterwards.
    progress : bool, default False
    **grid
        ``backbones``, ``hubs``, ``trainings``, ``lesions``, ``sites``,
        ``severities``, ``random_states``, ``policies``, ``paradigms``,
        ``premorbid_random_states``, ``backbone_weights``, ``score`` (see
        :func:`sweep_tasks`).

    Returns
    -------
    DataFrame
        Columns ``backbone, hub, training, lesion, site, random_state,
        policy``, then the score's columns.

    Examples
    --------
    >>> # from cogsim.lesions import UnitAblation, WeightNoise
    >>> # run_sweep(lesions={"ablation": UnitAblation(0.0), "noise": WeightNoise(0.0, sd=2.0)},
    >>> #           severities=[0, 0.5, 0.9], random_states=[0, 1], n_jobs=2)
    """
    check_int("run_sweep", "n_jobs", n_jobs)
    return run_tasks(sweep_tasks(battery, **grid), n_jobs=n_jobs, client=client,
                     threads_per_task=threads_per_task, progress=progress)

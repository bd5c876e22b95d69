"""Parameter sweeps: backbones × lesions × sites × severities × seeds, in parallel.

One task per (backbone, lesion, site, seed) cell: it builds (or loads from the
cache) the premorbid patient, damages it progressively over the severities
with one lesion stream (nested damage), runs the paradigms and returns a
summary.  Tasks are independent and each is fully determined by its
parameters, so the result is the same, bit for bit, run in one process, on
several joblib workers, or on a Dask cluster; rows come back in grid order.

=====================  =========================================================
where                  how
=====================  =========================================================
this process           ``run_sweep(..., n_jobs=1)`` (the default)
this machine's cores   ``run_sweep(..., n_jobs=2)`` (joblib, separate processes)
a Dask cluster         ``run_sweep(..., client=Client(...))`` (dask.distributed)
=====================  =========================================================

Workers read trained patients and backbone features from the cache folder
(``COGSIM_CACHE_DIR``); on a cluster, point every worker at a shared cache, or
let each build what it needs (the same inputs give the same patient anywhere).

パラメータ掃引：joblib または Dask で並列に。
"""

from __future__ import annotations

import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ._validation import check_fraction

__all__ = ["SweepTask", "sweep_tasks", "run_task", "run_sweep"]


@dataclass(frozen=True)
class SweepTask:
    """One cell of a sweep grid (all its severities are one progression)."""

    backbone: str
    backbone_weights: str | None
    lesion: str
    site: str
    seed: int
    severities: tuple
    paradigms: tuple
    battery: object
    premorbid_seed: int = 0
    hub_hidden: tuple = (256,)


def sweep_tasks(battery=None, *, backbones: Sequence[str] = ("efficientnet_lite0",),
                lesions: Sequence[str] = ("unit_ablation",), sites: Sequence[str] = ("hub",),
                severities: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.9), seeds: Sequence[int] = (0,),
                paradigms: Sequence[str] | None = None, backbone_weights="DEFAULT", premorbid_seed: int = 0,
                hub_hidden: tuple = (256,)) -> list[SweepTask]:
    """The grid as a list of tasks, in order: backbone, lesion, site, seed (slowest to fastest)."""
    from .lesions import get_lesion
    from .paradigms import list_paradigms
    from .patients import list_backbones
    from .stimuli import load_battery

    battery = load_battery(battery) if battery is None or isinstance(battery, (str, os.PathLike)) else battery
    severities = tuple(check_fraction("run_sweep", "severities", s) for s in severities)
    if not severities:
        raise ValueError("The 'severities' parameter must name at least one severity.")
    paradigms = tuple(list_paradigms() if paradigms is None else paradigms)
    from .paradigms import get_paradigm

    for name in paradigms:
        get_paradigm(name)  # validates
    for name in backbones:
        if name not in list_backbones():
            from ._validation import check_option

            check_option("backbone", name, list_backbones())
    for name in lesions:
        for site in sites:
            get_lesion(name, severity=0.0, site=site)
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"Seeds must be non-negative ints. Got {seed!r}.")
    return [SweepTask(b, None if backbone_weights is None else str(backbone_weights), l, s, int(seed), severities,
                      paradigms, battery, premorbid_seed, tuple(hub_hidden))
            for b, l, s, seed in itertools.product(backbones, lesions, sites, seeds)]


def run_task(task: SweepTask) -> pd.DataFrame:
    """Run one cell: a summary with one row per severity × paradigm × condition.

    Columns: ``backbone, lesion, site, seed, severity, paradigm, condition,
    trials, accuracy, score``, and for picture naming the shares of the five
    response classes.
    """
    from .lesions import get_lesion, progression
    from .paradigms import get_paradigm, run_paradigms
    from .patients import HubConfig, build_patient

    patient = build_patient(task.battery, backbone=task.backbone, backbone_weights=task.backbone_weights,
                            hub=HubConfig(hidden=task.hub_hidden), random_state=task.premorbid_seed, progress=False)
    lesion = get_lesion(task.lesion, severity=0.0, site=task.site)
    sessions = progression(patient, lesion, task.severities, random_state=task.seed)
    results = run_paradigms([get_paradigm(p) for p in task.paradigms], sessions, task.battery,
                            random_state=task.seed)
    rows = []
    for name, frame in results.items():
        g = frame.groupby(["severity", "condition"], observed=True, sort=True)
        summary = g.agg(trials=("correct", "size"), accuracy=("correct", "mean"), score=("score", "mean"))
        if name == "picture_naming":
            shares = pd.crosstab([frame["severity"], frame["condition"]], frame["error"], normalize="index")
            from .paradigms import ERROR_CLASSES

            summary = summary.join(shares.reindex(columns=list(ERROR_CLASSES), fill_value=0.0))
        summary = summary.reset_index()
        summary.insert(0, "paradigm", name)
        rows.append(summary)
    out = pd.concat(rows, ignore_index=True)
    out["condition"] = out["condition"].astype(str)
    for column, value in (("seed", task.seed), ("site", task.site), ("lesion", task.lesion),
                          ("backbone", task.backbone)):
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


def run_sweep(battery=None, *, n_jobs: int = 1, client=None, threads_per_task: int = 1, progress: bool = False,
              **grid) -> pd.DataFrame:
    """Run a sweep grid and return one summary DataFrame, rows in grid order.

    Parameters
    ----------
    battery : Battery, name or folder, optional
    n_jobs : int, default 1
        Worker processes on this machine (joblib); 1 runs in this process.
    client : dask.distributed.Client, optional
        Run the tasks on this Dask cluster instead.
    threads_per_task : int, default 1
        Torch threads of each task.  Results are identical across 1 process,
        joblib workers and Dask for the same value (floating-point sums can
        round differently with another thread count).  The caller's torch
        setting is restored afterwards.
    progress : bool, default False
    **grid
        ``backbones``, ``lesions``, ``sites``, ``severities``, ``seeds``,
        ``paradigms``, ``backbone_weights``, ``premorbid_seed``, ``hub_hidden``
        (see :func:`sweep_tasks`).

    Returns
    -------
    DataFrame
        :func:`run_task` summaries of every cell, concatenated in grid order.
    """
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"The 'n_jobs' parameter must be a positive int. Got {n_jobs!r} instead.")
    tasks = sweep_tasks(battery, **grid)
    if isinstance(threads_per_task, bool) or not isinstance(threads_per_task, int) or threads_per_task < 1:
        raise ValueError(f"The 'threads_per_task' parameter must be a positive int. Got {threads_per_task!r} instead.")
    threads = threads_per_task
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


"""Sweeps give the same rows, bit for bit, in one process, on joblib workers and on a local Dask cluster."""

import pandas as pd
import pytest

from cogsim.sweeps import run_sweep, sweep_tasks

from cogsim.patients import HubConfig

GRID = dict(backbones=["tiny_cnn"], backbone_weights=None, lesions=["unit_ablation", "weight_noise"],
            sites=["hub", "conv2"], severities=[0.0, 0.5, 0.9], random_states=[0, 1], hubs=[HubConfig(hidden=(16,))])


@pytest.fixture(scope="module")
def serial(tiny_battery):
    return run_sweep(tiny_battery, **GRID)


def test_grid_order_and_content(serial, tiny_battery):
    tasks = sweep_tasks(tiny_battery, **GRID)
    assert len(tasks) == 1 * 2 * 2 * 2
    cells = serial[["lesion", "site", "random_state"]].drop_duplicates().values.tolist()
    assert cells == [[t.lesion_label, t.site, t.random_state] for t in tasks]
    assert set(serial["paradigm"]) == {"category_verification", "colour_judgment", "cued_naming", "picture_naming",
                                       "word_picture_matching"}
    naming = serial[serial["paradigm"] == "picture_naming"]
    shares = naming[["correct", "semantic", "superordinate", "cross_domain", "omission"]].sum(axis=1)
    assert (shares.round(9) == 1).all()
    assert (naming["correct"] == naming["accuracy"]).all()


def test_joblib_workers_give_identical_rows(serial, tiny_battery):
    parallel = run_sweep(tiny_battery, n_jobs=2, **GRID)
    pd.testing.assert_frame_equal(serial, parallel)


def test_dask_cluster_gives_identical_rows(serial, tiny_battery):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        on_dask = run_sweep(tiny_battery, client=client, **GRID)
    pd.testing.assert_frame_equal(serial, on_dask)


def test_bad_grid_errors(tiny_battery):
    with pytest.raises(ValueError, match="Allowed values are 'activation_noise'"):
        sweep_tasks(tiny_battery, lesions=["stroke"])
    with pytest.raises(ValueError, match="'n_jobs' parameter of run_sweep must be a positive int"):
        run_sweep(tiny_battery, n_jobs=0)
    with pytest.raises(ValueError, match="Invalid value for 'backbone'"):
        sweep_tasks(tiny_battery, backbones=["resnet999"])


def test_policies_and_objects_are_grid_dimensions(tiny_battery):
    """Lesion objects, training configs and response policies sweep like names; each policy rescores a cell."""
    from cogsim.lesions import Compound, UnitAblation, WeightNoise
    from cogsim.patients import ResponsePolicy, TrainingConfig
    from cogsim.sweeps import cell_trials

    grid = dict(backbones=["tiny_cnn"], backbone_weights=None, hubs={"h16": HubConfig(hidden=(16,))},
                trainings={"short": TrainingConfig(augmentations=1, epochs=150)},
                lesions={"both": Compound(0.0, parts=(WeightNoise(0.0), UnitAblation(0.0)))},
                policies={"loose": ResponsePolicy(specific=0.2), "strict": ResponsePolicy(specific=0.95)},
                severities=[0.0, 0.6], paradigms=["picture_naming"], premorbid_random_states=[0, 1])
    table = run_sweep(tiny_battery, **grid)
    assert list(table.columns[:7]) == ["backbone", "hub", "training", "lesion", "site", "random_state", "policy"]
    assert set(table["policy"]) == {"loose", "strict"} and set(table["hub"]) == {"h16"}
    accuracy = table.pivot_table(index="severity", columns="policy", values="accuracy")
    assert (accuracy["strict"] <= accuracy["loose"]).all() and (accuracy["strict"] < accuracy["loose"]).any()
    [task] = sweep_tasks(tiny_battery, **grid)
    trials = dict(cell_trials(task))
    assert set(trials) == {"loose", "strict"} and set(trials["loose"]["patient"]) == {"P01", "P02"}
    with pytest.raises(ValueError, match="must not return the label column\\(s\\) 'lesion', 'site'"):
        run_sweep(tiny_battery, **dict(grid, score=lambda trials: trials))
    with pytest.raises(ValueError, match="Invalid value for 'site'"):
        sweep_tasks(tiny_battery, **dict(grid, sites=["amygdala"]))

"""Hostile use, second round (issue 29): each case failed on main before the fixes and passes after.

The cases: a finished ``--overwrite`` leaving an earlier, larger run's products behind; an interrupted one
doing the same; SIGTERM stopping without a word; picture files far larger than their pixels; unreadable and
missing patient files; numpy scalars refused as parameters; a "decline" whose severities fall; a paradigm with
too few trials of a condition; notebooks without cell ids.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from cogsim._reportdir import MARKER, PRODUCTS, ReportFolder
from cogsim.replication import ReplicationConfig, replicate

# the contrasting disorder runs through the same resumable cohort code as the baselines (tests/test_replicate.py)
CONFIG = dict(backbone="tiny_cnn", severities=(0.0, 0.9), n_patients=2, n_controls=2, random_state=5, contrasts=())
#: The smallest run: what it does not write, a larger run does.
SMALL = dict(new_views=False, baselines=(), explain=False, paradigms=("picture_naming",))
ONLY_LARGE = {"baseline_trials.csv.gz", "explain.csv", "views_trials.csv.gz", "views_summary.csv",
              "views_naming_rmse.csv"}


@pytest.fixture(scope="module")
def battery_dir(tmp_path_factory):
    from tests.conftest import write_battery

    return write_battery(tmp_path_factory.mktemp("round2") / "tiny")


@pytest.fixture(scope="module")
def large_run(battery_dir, tmp_path_factory):
    """A finished run with every product (baselines, new views, maps), kept as a template."""
    out = tmp_path_factory.mktemp("large") / "report"
    replicate(out, _config(battery_dir), progress=False, log=lambda *a: None)
    return out


def _config(battery_dir, **changes):
    return ReplicationConfig(battery=str(battery_dir), **dict(CONFIG, **changes))


def _copy(folder: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(folder, to)
    return to


def _top(folder: Path) -> set:
    return {p.name for p in folder.iterdir()}


# --- the bad case: a finished --overwrite leaves old results behind --------------------------------------------
def test_every_product_of_a_full_run_is_known_to_the_cleaner(large_run):
    manifest = json.loads((large_run / "manifest.json").read_text())
    written = _top(large_run) - {"parts"}
    assert ONLY_LARGE <= written                                  # the template really is the larger run
    assert written <= set(PRODUCTS), written - set(PRODUCTS)     # nothing written that --overwrite would not remove
    assert set(manifest["products"]) == written                   # and the manifest says exactly what is there


def test_a_product_the_cleaner_does_not_know_cannot_be_written(tmp_path):
    import pandas as pd

    folder = ReportFolder(tmp_path / "f", "key", {}, overwrite=False)
    try:
        folder.open()
        with pytest.raises(RuntimeError, match=r"'extra\.csv' is not in cogsim\._reportdir\.PRODUCTS"):
            folder.write_csv("extra.csv", pd.DataFrame({"a": [1]}))
        with pytest.raises(RuntimeError, match="not in cogsim._reportdir.PRODUCTS"):
            folder.write_text("notes.txt", "x")
        assert not (tmp_path / "f" / "extra.csv").exists() and not (tmp_path / "f" / "notes.txt").exists()
    finally:
        folder.release()


def test_a_smaller_overwrite_leaves_nothing_of_the_larger_run(battery_dir, large_run, tmp_path):
    out = _copy(large_run, tmp_path / "r")
    replicate(out, _config(battery_dir, **SMALL), overwrite=True, progress=False, log=lambda *a: None)
    left = _top(out)
    assert not left & ONLY_LARGE, left & ONLY_LARGE
    manifest = json.loads((out / "manifest.json").read_text())
    assert left - {"parts"} == set(manifest["products"]) and MARKER not in left
    assert manifest["config"]["baselines"] == [] and manifest["config"]["paradigms"] == ["picture_naming"]


def test_overwrite_also_removes_what_an_earlier_manifest_lists(battery_dir, large_run, tmp_path):
    out = _copy(large_run, tmp_path / "older")
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "retired_table.csv").write_text("a product of another cogsim version\n")
    manifest["products"].append("retired_table.csv")
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / "my_notes.txt").write_text("the user's own file, never listed: kept")
    replicate(out, _config(battery_dir, **SMALL), overwrite=True, progress=False, log=lambda *a: None)
    assert not (out / "retired_table.csv").exists()
    assert (out / "my_notes.txt").read_text() == "the user's own file, never listed: kept"


# --- poor 1: an interrupted --overwrite ----------------------------------------------------------------------------
def test_an_overwrite_interrupted_at_once_leaves_no_old_product(battery_dir, large_run, tmp_path, monkeypatch):
    import cogsim.replication as rep

    out = _copy(large_run, tmp_path / "i")

    def stop(*args, **kwargs):      # as a Ctrl-C seconds into the run, before it has written anything
        raise KeyboardInterrupt

    monkeypatch.setattr(rep, "_study", stop)
    with pytest.raises(KeyboardInterrupt):
        replicate(out, _config(battery_dir, **SMALL), overwrite=True, progress=False, log=lambda *a: None)
    assert _top(out) == {"parts", MARKER}


# --- poor 2: SIGTERM says what SIGINT says ------------------------------------------------------------------------
def _cogsim(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-c", "import sys; from cogsim.cli import main; "
                             "raise SystemExit(main(sys.argv[1:]))", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _wait_stopped(pid: int, timeout: float = 10.0) -> None:
    """Until process *pid* is stopped (state T in /proc), so that what its files show is where it stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state in ("T", "t"):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not stop within {timeout} s")


def test_sigterm_stops_a_run_with_the_same_advice_as_ctrl_c(battery_dir, tmp_path):
    out = tmp_path / "t"
    run = _cogsim("replicate", "--battery", str(battery_dir), "--backbone", "tiny_cnn", "--severities", "0,0.9",
                  "--patients", "2", "--controls", "2", "--output", str(out), "--no-progress")
    deadline = time.monotonic() + 120
    while not (out / MARKER).exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, run.communicate()
    # Freeze the run, check from its files that it is mid-run (marker written after the handler is installed,
    # report not yet), then signal it: a signal that lands after the run has finished proves nothing, and under
    # load the run could finish before a plain SIGTERM arrived (CI once saw exit 0 that way).
    run.send_signal(signal.SIGSTOP)
    try:
        _wait_stopped(run.pid)
        mid_run = (out / MARKER).exists() and not (out / "report.html").exists()
        run.send_signal(signal.SIGTERM)
    finally:
        run.send_signal(signal.SIGCONT)
    _, err = run.communicate(timeout=120)
    assert mid_run, "the run had finished before it could be stopped"
    assert run.returncode == 143, err
    assert "cogsim: terminated (SIGTERM)." in err and "marked INCOMPLETE" in err
    assert "run the same command again to resume" in err and "Traceback" not in err
    assert (out / MARKER).is_file() and not (out / ".cogsim-lock").exists()   # the lock released on the way out


@pytest.mark.parametrize("where", ["as the lock file appears", "as open() returns"])
def test_a_signal_while_the_folder_is_opened_still_releases_the_lock(battery_dir, tmp_path, monkeypatch, where):
    """CI once saw the lock left behind: SIGTERM raised after the lock was taken, before `folder` was assigned.

    Python raises a signal's exception between two steps; here it is raised at the two riskiest steps.
    """
    import cogsim.replication as rep
    from cogsim.cli import Terminated

    def signalled(real):
        def step(*args, **kwargs):
            real(*args, **kwargs)
            raise Terminated()
        return step

    if where == "as the lock file appears":
        monkeypatch.setattr(os, "link", signalled(os.link))
    else:
        monkeypatch.setattr(ReportFolder, "open", signalled(ReportFolder.open))
    monkeypatch.setattr(rep, "_study", lambda *a, **k: pytest.fail("the signal should have stopped the run first"))
    out = tmp_path / "s"
    with pytest.raises(Terminated):
        replicate(out, _config(battery_dir, **SMALL), progress=False, log=lambda *a: None)
    assert not (out / ".cogsim-lock").exists()
    assert [p.name for p in out.rglob("*.tmp")] == []        # the lock's draft is gone too
    monkeypatch.undo()
    replicate(out, _config(battery_dir, **SMALL), progress=False, log=lambda *a: None)   # and the next run goes on
    assert (out / "report.html").is_file() and not (out / MARKER).exists()


def test_a_file_system_without_hard_links_still_gets_a_lock(battery_dir, tmp_path, monkeypatch):
    """The lock is a hard link of a finished draft; where links are refused it is created in place."""
    def no_links(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "n"
    first = ReportFolder(out, "key", {}, overwrite=False).open()
    try:
        assert json.loads((out / ".cogsim-lock").read_text())["pid"] == os.getpid()
        with pytest.raises(ValueError, match=r"Another cogsim replicate \(process"):
            ReportFolder(out, "key", {}, overwrite=False).open()    # one run at a time, still
    finally:
        first.release()
    assert not (out / ".cogsim-lock").exists() and [p.name for p in out.rglob("*.tmp")] == []


# --- poor 3: what --quick costs ------------------------------------------------------------------------------------
def test_quick_claims_no_more_than_was_measured():
    from cogsim.cli import build_parser

    root = Path(__file__).resolve().parents[2]
    replicate_parser = build_parser()._subparsers._group_actions[0].choices["replicate"]
    quick = next(a for a in replicate_parser._actions if "--quick" in a.option_strings)
    texts = {"--help": quick.help, "replication.md": (root / "docs" / "replication.md").read_text(),
             "QUICK": (root / "cogsim" / "replication.py").read_text()}
    for where, text in texts.items():
        assert "under a minute" not in text, where
    performance = (root / "docs" / "performance.md").read_text()
    section = performance[performance.index("## What `--quick` costs"):]
    assert "cold" in section and "warm" in section and "x86_64" in section
    assert "cold" in quick.help and "warm" in quick.help


# --- poor 4: a picture file far larger than its pixels -------------------------------------------------------------
def test_a_padded_picture_file_is_refused_before_it_is_read(tmp_path):
    from cogsim.stimuli import load_battery
    from tests.conftest import write_battery

    folder = write_battery(tmp_path / "padded")
    picture = folder / "pics" / "cod.png"
    with open(picture, "r+b") as f:                  # sparse: 256 MB on paper, nothing on disk
        f.truncate(256 << 20)
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"pics/cod\.png.*is a file of 268,435,456 bytes for a picture of "
                                         r"24 x 24 pixels, far more than its pixels need"):
        load_battery(folder)
    assert time.perf_counter() - started < 30
    load_battery(write_battery(tmp_path / "plain"))  # ordinary pictures pass


# --- poor 5 and 6: patient files -----------------------------------------------------------------------------------
def test_random_bytes_are_not_a_patient_file_and_no_unsafe_advice_is_given(tmp_path):
    from cogsim.patients import load_patient

    path = tmp_path / "random.pt"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(ValueError) as info:
        load_patient(path)
    text = str(info.value)
    assert text.startswith(f"{path} is not a cogsim patient file") and "weights_only" not in text
    assert "pickle" not in text.replace("never unpickles", "")


@pytest.mark.parametrize("value", [None, 3, ["a.pt"]])
def test_load_patient_names_its_parameter(value):
    from cogsim.patients import load_patient

    with pytest.raises(TypeError, match=r"The 'path' parameter of load_patient must be a file path \(str or Path\)"):
        load_patient(value)


# --- poor 7: numpy scalars wherever a number is accepted --------------------------------------------------------
def _numeric_fields(obj) -> dict:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)
            if isinstance(getattr(obj, f.name), (int, float)) and not isinstance(getattr(obj, f.name), bool)}


def _as_numpy(value):
    return np.int64(value) if isinstance(value, int) else np.float64(value)  # float64: the same number exactly


def _numpy_twin(obj):
    from dataclasses import replace

    return replace(obj, **{k: _as_numpy(v) for k, v in _numeric_fields(obj).items()})


def test_numpy_scalars_are_accepted_by_every_lesion():
    from cogsim.lesions import UnitAblation, get_lesion, lesion_to_dict, list_lesions

    assert UnitAblation(np.float32(0.5)) == UnitAblation(0.5)
    for name in list_lesions():
        if name == "compound":
            continue
        lesion = get_lesion(name, severity=0.5)
        twin = _numpy_twin(lesion)
        assert lesion_to_dict(twin) == lesion_to_dict(lesion), name
        assert all(type(v) in (int, float) for v in _numeric_fields(twin).values()), name
        assert type(get_lesion(name, severity=np.float32(0.25)).severity) is float, name


def test_numpy_scalars_are_accepted_by_every_configuration():
    from cogsim._cache import key_of
    from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig
    from cogsim.patients.config import training_to_dict
    from cogsim.patients.features import Augmentation

    for config in (TrainingConfig(), ResponsePolicy(), Augmentation()):
        twin = _numpy_twin(config)
        assert twin == config, type(config).__name__
    assert key_of(training_to_dict(_numpy_twin(TrainingConfig()))) == key_of(training_to_dict(TrainingConfig()))
    assert HubConfig(hidden=(np.int64(32), np.int32(16))).hidden == (32, 16)
    replication = ReplicationConfig(n_patients=np.int64(2), n_controls=np.int64(2), random_state=np.int64(3),
                                    severities=(np.float32(0.0), np.float64(0.5)))
    assert replication.to_dict() == ReplicationConfig(n_patients=2, n_controls=2, random_state=3,
                                                      severities=(0.0, 0.5)).to_dict()


def test_numpy_scalars_are_accepted_by_every_paradigm():
    from cogsim.paradigms import get_paradigm, list_paradigms

    for name in list_paradigms():
        paradigm = get_paradigm(name)
        if not _numeric_fields(paradigm):
            continue
        assert _numpy_twin(paradigm) == paradigm, name


# --- poor 8: a decline must not reverse ----------------------------------------------------------------------------
def test_progression_refuses_a_decreasing_order(tiny_battery_dir):
    from cogsim.lesions import UnitAblation, progression
    from cogsim.patients import build_patient

    patient = build_patient(tiny_battery_dir, backbone="tiny_cnn", random_state=0)
    with pytest.raises(ValueError, match=r"'severities' parameter of progression .* must not decrease; got "
                                         r"\[0\.9, 0\.1\]\. Sort it"):
        progression(patient, UnitAblation(0.0), [0.9, 0.1], random_state=0)
    assert len(progression(patient, UnitAblation(0.0), [0.1, 0.1, 0.9], random_state=0)) == 3


# --- poor 9: too few trials of a condition -------------------------------------------------------------------------
def test_a_condition_with_too_few_trials_is_warned_about(tmp_path):
    import cogsim
    from cogsim.paradigms import ColourJudgment, FewTrialsWarning, PictureNaming

    bundled = cogsim.load_battery()
    items = bundled.items
    picks = list(items[items["colour_typicality"] == "typical"]["item_id"][:2]) + \
        list(items[items["colour_typicality"] == "atypical"]["item_id"][:2])
    small = bundled.subset(picks)
    patient = cogsim.build_patient(small, backbone="tiny_cnn", random_state=0)
    with pytest.warns(FewTrialsWarning, match=r"colour_judgment on battery .* fewer than 5 trials per "
                                              r"patient-session in condition\(s\) 'atypical' \d, 'typical' \d"):
        ColourJudgment().run(patient, small, random_state=0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", FewTrialsWarning)
        PictureNaming().run(cogsim.build_patient(backbone="tiny_cnn", random_state=0), bundled, random_state=0)


# --- notebooks: cell ids (one exported notebook runs through a real kernel in tests/test_labs.py) ------------------------------------------------------
def test_exported_notebooks_are_valid_nbformat_with_cell_ids(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from cogsim.labs import export_labs

    for path in export_labs(tmp_path / "class", version="student", format="ipynb"):
        with open(path, encoding="utf-8") as f:
            notebook = json.load(f)
        ids = [cell.get("id") for cell in notebook["cells"]]
        assert all(ids) and len(set(ids)) == len(ids), path.name
        nbformat.validate(nbformat.reads(json.dumps(notebook), as_version=4))   # raises on a missing id

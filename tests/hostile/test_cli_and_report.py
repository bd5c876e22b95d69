"""Hostile report folders and command lines: nothing of the user's is lost, nothing silently mixed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from cogsim.cli import main
from cogsim.replication import ReplicationConfig, replicate

# the contrasting disorder runs through the same resumable cohort code as the baselines (tests/test_replicate.py)
CONFIG = dict(backbone="tiny_cnn", severities=(0.0, 0.9), n_patients=2, n_controls=2, random_state=5, contrasts=())


@pytest.fixture(scope="module")
def battery_dir(tmp_path_factory):
    from tests.conftest import write_battery

    return write_battery(tmp_path_factory.mktemp("hostile") / "tiny")


def _config(battery_dir, **changes):
    return ReplicationConfig(battery=str(battery_dir), **dict(CONFIG, **changes))


def _run(out, config, **kwargs):
    return replicate(out, config, progress=False, log=lambda *a: None, **kwargs)


class Interrupt(KeyboardInterrupt):
    pass


def _interrupt_at_report(monkeypatch):
    import cogsim.analysis.report as report

    def stop(*args, **kwargs):
        raise Interrupt()

    monkeypatch.setattr(report, "write_report", stop)


def test_user_files_are_never_overwritten(battery_dir, tmp_path):
    out = tmp_path / "u"
    (out / "figures").mkdir(parents=True)
    mine = {"verdicts.csv": b"my verdicts", "trials.csv.gz": b"my trials", "figures/x.png": b"my figure"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    with pytest.raises(ValueError, match=r"'.*u' is not empty and is not a cogsim report folder: it holds figures/, "
                                         r"trials.csv.gz, verdicts.csv\. .*choose another --output"):
        _run(out, _config(battery_dir), overwrite=True)
    assert {n: (out / n).read_bytes() for n in mine} == mine
    assert sorted(p.name for p in out.iterdir()) == ["figures", "trials.csv.gz", "verdicts.csv"]


def test_an_interrupted_run_is_marked_and_resumes(battery_dir, tmp_path, monkeypatch):
    out = tmp_path / "r"
    _interrupt_at_report(monkeypatch)
    with pytest.raises(Interrupt):
        _run(out, _config(battery_dir))
    assert (out / "INCOMPLETE").is_file() and not (out / "report.html").exists()
    assert not (out / ".cogsim-lock").exists()                   # the lock is released even when interrupted
    monkeypatch.undo()
    messages = []
    replicate(out, _config(battery_dir), progress=False, log=messages.append)   # no --overwrite needed
    assert any("resumed: 2 of 2" in m for m in messages)
    assert (out / "report.html").is_file() and not (out / "INCOMPLETE").exists()


def test_an_interrupted_overwrite_never_leaves_a_mixture(battery_dir, tmp_path, monkeypatch):
    out = tmp_path / "ow"
    _run(out, _config(battery_dir))
    old_manifest = json.loads((out / "manifest.json").read_text())
    _interrupt_at_report(monkeypatch)
    new = _config(battery_dir, severities=(0.0, 0.5))
    with pytest.raises(Interrupt):
        _run(out, new, overwrite=True)
    monkeypatch.undo()
    assert not (out / "report.html").exists() and not (out / "figures").exists()
    assert (out / "INCOMPLETE").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["severities"] == [0.0, 0.5] != old_manifest["config"]["severities"]
    trials = pd.read_csv(out / "trials.csv.gz")
    assert sorted(trials.loc[trials["patient"].str.startswith("P"), "severity"].unique()) == [0.0, 0.5]
    _run(out, new)                                                   # not refused as "already holds a report"
    assert (out / "report.html").is_file() and not (out / "INCOMPLETE").exists()


def test_an_edited_part_is_refused(battery_dir, tmp_path):
    out = tmp_path / "e"
    _run(out, _config(battery_dir))
    (out / "report.html").unlink()
    part = out / "parts" / "P02.csv.gz"
    frame = pd.read_csv(part)
    frame.loc[0, "correct"] = 1 - frame.loc[0, "correct"]
    frame.to_csv(part, index=False, compression="gzip")
    with pytest.raises(ValueError, match=r"parts/P02\.csv\.gz differs from what cogsim wrote .*edited or truncated\. "
                                         r"Delete it to recompute"):
        _run(out, _config(battery_dir))
    part.write_bytes(part.read_bytes()[:40])                         # truncated: the same refusal, before reading
    with pytest.raises(ValueError, match="differs from what cogsim wrote"):
        _run(out, _config(battery_dir))
    part.unlink()
    _run(out, _config(battery_dir))
    assert (out / "report.html").is_file()


def test_a_part_without_a_recorded_checksum_is_recomputed(battery_dir, tmp_path):
    out = tmp_path / "c"
    _run(out, _config(battery_dir))
    reference = pd.read_csv(out / "trials.csv.gz")
    config_path = out / "parts" / "config.json"
    config = json.loads(config_path.read_text())
    del config["parts"]["P01.csv.gz"]                                # as if interrupted between the two writes
    config_path.write_text(json.dumps(config))
    (out / "parts" / "P01.csv.gz").write_bytes(b"half-written")
    (out / "report.html").unlink()
    _run(out, _config(battery_dir))
    pd.testing.assert_frame_equal(pd.read_csv(out / "trials.csv.gz"), reference)


def test_two_runs_into_one_folder(battery_dir, tmp_path):
    out = tmp_path / "two"
    out.mkdir()
    (out / "parts").mkdir()
    (out / "parts" / "config.json").write_text(json.dumps({"key": "x"}))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (out / ".cogsim-lock").write_text(json.dumps({"pid": other.pid, "host": os.uname().nodename}))
        with pytest.raises(ValueError, match=rf"Another cogsim replicate \(process {other.pid} on .*\) is writing "
                                             r"into .*Wait for it to finish or choose another --output"):
            _run(out, _config(battery_dir), overwrite=True)
    finally:
        other.kill()
        other.wait()
    _run(out, _config(battery_dir), overwrite=True)                  # a stale lock (dead process) is taken over
    assert (out / "report.html").is_file() and not (out / ".cogsim-lock").exists()


@pytest.mark.parametrize("option, value, message", [
    ("--site", "nonexistent", "Invalid value for 'site'"),
    ("--backbone", "nope", "Invalid value for 'backbone'"),
    ("--lesion", "stroke", "Invalid value for 'lesion'"),
    ("--paradigms", "colour_judgment", "must include 'picture_naming'"),
    ("--severities", "0,x", "--severities must be comma-separated numbers"),
])
def test_bad_configuration_touches_no_disk(battery_dir, tmp_path, capsys, option, value, message):
    out = tmp_path / "never"
    code = main(["replicate", "--battery", str(battery_dir), "--backbone", "tiny_cnn", option, value,
                 "--output", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_cli_errors_are_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("COGSIM_CACHE_DIR", str(tmp_path / "file"))
    argv = ["sweep", "--backbone", "tiny_cnn", "--severities", "0.5", "--no-progress"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cogsim: error: cogsim's cache folder") and err.count("\n") == 1
    with pytest.raises(ValueError, match="is a file, not a folder"):
        main(["--debug", *argv])


def test_os_errors_name_the_file(monkeypatch, capsys):
    import cogsim.cli as cli

    def fail(args):
        raise PermissionError(13, "Permission denied", "/some/where/items.csv")

    monkeypatch.setattr(cli, "_battery_summary", fail)
    assert main(["battery"]) == 2
    assert capsys.readouterr().err == "cogsim: error: /some/where/items.csv: Permission denied\n"


def test_ctrl_c_says_how_to_resume(monkeypatch, capsys, tmp_path):
    import cogsim.replication as rep

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(rep, "replicate", stop)
    assert main(["replicate", "--output", str(tmp_path / "x"), "--no-progress"]) == 130
    err = capsys.readouterr().err
    assert "cogsim: interrupted." in err and "run the same command again to resume" in err


def test_bugs_still_show_a_traceback(monkeypatch):
    import cogsim.cli as cli

    def bug(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli, "_battery_summary", bug)
    with pytest.raises(ZeroDivisionError):
        main(["battery"])

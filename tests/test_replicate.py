"""`cogsim replicate` end to end on a generated battery with the tiny random-weight backbone."""

import json

import pandas as pd
import pytest

from cogsim.analysis import load_signatures
from cogsim.cli import main
from cogsim.replication import ReplicationConfig, replicate

CONFIG = dict(backbone="tiny_cnn", severities=(0.0, 0.5, 0.9), n_patients=2, n_controls=3, random_state=3)


@pytest.fixture(scope="module")
def battery_dir(tmp_path_factory):
    from tests.conftest import write_battery

    return write_battery(tmp_path_factory.mktemp("rep") / "tiny")


@pytest.fixture(scope="module")
def report(battery_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "report"
    replicate(out, ReplicationConfig(battery=str(battery_dir), **CONFIG), progress=False, log=lambda *a: None)
    return out


def test_report_folder_has_everything(report):
    for name in ("report.html", "trials.csv.gz", "verdicts.csv", "naming_comparison.csv", "naming_rmse.csv",
                 "naming_rmse_interval.csv", "naming_effects.csv", "baseline_trials.csv.gz",
                 "views_trials.csv.gz", "views_summary.csv", "views_naming_rmse.csv",
                 "case_control.csv", "verification.csv", "accuracy.csv", "manifest.json", "explain.csv",
                 "contrasts.csv", "contrast_trials.csv.gz"):
        assert (report / name).is_file(), name
    figures = sorted(p.name for p in (report / "figures").glob("*.png"))
    assert figures == ["contrast_semantic_aphasia.png", "fig2a_verification.png", "fig2b_naming_table.png",
                       "fig2c_colour.png", "matching.png", "naming_profile.png", "where_it_looks.png"]
    page = (report / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 7
    # the generated battery has no word frequencies: the version that ran, and the alias asked for
    assert "preset <code>sd_hub_v20</code> (asked for <code>sd_hub</code>, whose default version trains" in page
    verdicts = pd.read_csv(report / "verdicts.csv")
    assert verdicts["signature"].tolist() == load_signatures()["signature"].tolist()
    for signature in verdicts["signature"]:
        assert signature in page


def test_manifest_traces_every_number(report, battery_dir):
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["random_state"] == 3
    assert manifest["battery"]["root"] == str(battery_dir)
    assert len(manifest["seeds"]["premorbid"]) == 2 and len(manifest["seeds"]["controls"]) == 3
    assert set(manifest["premorbid_parameter_hashes"]) == {"P01", "P02"}
    trials = pd.read_csv(report / "trials.csv.gz")
    assert len(trials) == manifest["trials"]
    assert set(trials["patient"]) == {"P01", "P02", "C01", "C02", "C03"}
    import torch

    from cogsim._threads import CACHE_THREADS

    # sums can round differently with another thread count: both counts are on record
    assert manifest["versions"]["torch_threads"] == torch.get_num_threads()
    assert manifest["versions"]["training_threads"] == CACHE_THREADS


def test_where_the_patient_looks_is_traced_and_reported(report):
    """Maps of P01 intact and under both lesions at two severities, each correlated with the intact map."""
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    info = manifest["explain"]
    assert info["method"] == "gradcam" and info["patient"] == "P01" and len(info["items"]) == 8  # the tiny battery
    maps = pd.read_csv(report / "explain.csv")
    assert list(maps.groupby(["lesion", "severity"], sort=False).size().index) == (
        [("intact", 0.0)] + [("hub", s) for s in info["lesions"]["hub"]["severities"]]
        + [("visual", s) for s in info["lesions"]["visual"]["severities"]])
    intact = maps[maps["lesion"] == "intact"]
    assert (intact["map_correlation"].dropna() > 0.999).all()
    assert maps["map_correlation"].between(-1, 1).all() or maps["map_correlation"].isna().any()
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "Where does the patient look?" in page and "explain.csv" in page


def test_semantic_aphasia_runs_beside_the_cohort(report, battery_dir):
    """The contrasting disorder: the same premorbid patients with control damage, compared with SD from the files."""
    from cogsim.analysis.disorders import CONTRASTS, compare_disorders
    from cogsim.stimuli import load_battery

    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["contrasts"]) == ["semantic_aphasia"]
    assert manifest["contrasts"]["semantic_aphasia"]["lesion"].startswith("RetrievalControl(")
    assert manifest["config"]["contrasts"] == ["semantic_aphasia"]
    cued = [p for p in manifest["paradigms"] if p["name"] == "cued_naming"]
    assert cued and cued[0]["options"]["categories"] == "uncued"   # the manifest says which cue ran
    sa = pd.read_csv(report / "contrast_trials.csv.gz", low_memory=False)
    assert set(sa["contrast"]) == {"semantic_aphasia"} and set(sa["patient"]) == {"P01", "P02"}
    assert set(sa.loc[sa["severity"] > 0, "lesion"]) == {"RetrievalControl"}
    table = pd.read_csv(report / "contrasts.csv")
    assert table["signature"].tolist() == CONTRASTS["signature"].tolist()
    trials = pd.read_csv(report / "trials.csv.gz", low_memory=False)
    sd = trials[trials["patient"].str.startswith("P")]
    again = compare_disorders(sd, sa.drop(columns="contrast"), load_battery(battery_dir).items)
    pd.testing.assert_series_equal(table["sd_mean"], again["sd_mean"], check_names=False)
    pd.testing.assert_series_equal(table["other_mean"], again["other_mean"], check_names=False)
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "Semantic dementia against semantic aphasia" in page and "helped_by_cues" in page
    with pytest.raises(ValueError, match="Invalid value for 'contrasts'. Allowed values are 'semantic_aphasia'"):
        ReplicationConfig(contrasts=("visual",))


def test_baselines_run_beside_the_cohort(report):
    """Each baseline's outcome and the diagnostic status are in the verdict table, traced in the manifest."""
    from cogsim.analysis import evaluate_signatures

    verdicts = pd.read_csv(report / "verdicts.csv")
    for column in ("baseline_visual", "baseline_plain_hub", "baseline_undifferentiated", "diagnostic",
                   "effect_size", "unit"):
        assert column in verdicts.columns, column
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["baselines"]) == ["visual", "plain_hub", "undifferentiated"]
    assert "hidden" not in manifest["baselines"]["visual"]["lesion"]  # the tiny backbone's last visual layer
    assert set(manifest["baselines"]["plain_hub"]["premorbid_parameter_hashes"]) == {"P01", "P02"}
    trials = pd.read_csv(report / "baseline_trials.csv.gz", low_memory=False)
    assert set(trials["baseline"]) == {"visual", "plain_hub", "undifferentiated"}
    # the undifferentiated decline is matched, patient-session by patient-session, to the cohort's naming accuracy
    from cogsim.analysis import matched_replacement

    assert manifest["baselines"]["undifferentiated"]["replacement"].startswith("matched")
    cohort = pd.read_csv(report / "trials.csv.gz", low_memory=False)
    used = trials[trials["baseline"] == "undifferentiated"].groupby(["patient", "severity"])["replacement"].agg(
        ["min", "max"])
    patients = set(used.index.get_level_values("patient"))
    assert patients == {"P01", "P02"}  # the cohort's patients, not the controls
    want = matched_replacement(cohort[cohort["patient"].isin(patients)]).set_index(["patient", "severity"])
    want = want["replacement"]
    assert (used["min"] == used["max"]).all() and sorted(used.index) == sorted(want.index)
    assert used["min"].to_numpy() == pytest.approx(want.loc[used.index].to_numpy())
    assert want.max() > 0  # the tiny cohort does decline: the check can fail
    # The outcome columns are the signature tests of each baseline's own trials.
    for name, own in trials.groupby("baseline"):
        expected = evaluate_signatures(own.drop(columns="baseline"), random_state=3)["reproduced"]
        assert verdicts[f"baseline_{name}"].astype("boolean").tolist() == expected.astype("boolean").tolist(), name
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<b>undifferentiated</b>: " in page and "diagnostic?" in page and "<th class='text'>baselines</th>" in page
    assert "<tr class=\"detail\">" in page                    # method and note under each signature
    with pytest.raises(ValueError, match="Invalid value for 'baselines'.*got 'random'"):
        ReplicationConfig(baselines=("random",))


def test_new_views_are_named_by_every_patient_and_control(report):
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    views = pd.read_csv(report / "views_trials.csv.gz")
    trials = pd.read_csv(report / "trials.csv.gz")
    naming = trials[trials["paradigm"] == "picture_naming"]
    assert set(views["paradigm"]) == {"picture_naming"}
    assert len(views) == len(naming)  # the same patient-sessions and items, on other pictures
    assert set(map(tuple, views[["patient", "session", "item"]].to_numpy())) == \
        set(map(tuple, naming[["patient", "session", "item"]].to_numpy()))
    assert manifest["new_views"]["fingerprint"] != manifest["battery"]["fingerprint"]
    summary = pd.read_csv(report / "views_summary.csv")
    assert summary["stage"].iloc[0] == "control" and "New views of known items" in \
        (report / "report.html").read_text(encoding="utf-8")


def test_refuses_to_overwrite_and_resumes(report, battery_dir, tmp_path):
    config = ReplicationConfig(battery=str(battery_dir), **CONFIG)
    with pytest.raises(ValueError, match="already holds a report. Pass --overwrite"):
        replicate(report, config, progress=False, log=lambda *a: None)
    # An interrupted run: the report was never written and one patient is missing.
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(report, copy)
    (copy / "report.html").unlink()
    (copy / "parts" / "P02.csv.gz").unlink()
    messages = []
    replicate(copy, config, progress=False, log=messages.append)
    assert any("resumed: 1 of 2" in m for m in messages)
    pd.testing.assert_frame_equal(pd.read_csv(copy / "trials.csv.gz"), pd.read_csv(report / "trials.csv.gz"))
    with pytest.raises(ValueError, match="another configuration"):
        (copy / "report.html").unlink()
        replicate(copy, ReplicationConfig(battery=str(battery_dir), **dict(CONFIG, random_state=4)),
                  progress=False, log=lambda *a: None)


def test_report_in_japanese_reuses_the_results(report, battery_dir, tmp_path):
    """--language ja: the same results (every part reused), the page in Japanese: headings, verdicts, the
    Japanese description of every signature, figures; the English headings are gone."""
    import shutil

    copy = tmp_path / "ja"
    shutil.copytree(report, copy)
    messages = []
    replicate(copy, ReplicationConfig(battery=str(battery_dir), **CONFIG), overwrite=True, progress=False,
              log=messages.append, language="ja")
    assert any("resumed: 2 of 2 virtual patients" in m for m in messages)
    pd.testing.assert_frame_equal(pd.read_csv(copy / "trials.csv.gz"), pd.read_csv(report / "trials.csv.gz"))
    page = (copy / "report.html").read_text(encoding="utf-8")
    english = (report / "report.html").read_text(encoding="utf-8")
    assert "<html lang='ja'>" in page and "<html lang='en'>" in english
    for heading in ("概要", "サイン（Patterson", "課題", "図", "患者はどこを見ているか", "症例‐統制の統計",
                    "意味性認知症と意味性失語の対比"):
        assert f"<h2>{heading}" in page
    for heading in ("Summary", "Figures", "Case–control statistics", "Where does the patient look?",
                    "Semantic dementia against semantic aphasia"):
        assert f"<h2>{heading}" in english and f"<h2>{heading}" not in page
    for description in load_signatures()["description_ja"]:
        assert description in page
    assert ("再現" in page) and ("not reproduced</td>" not in page)
    assert "意味性失語: consistent_across_tasks" in page            # the contrasting disorder named in Japanese
    assert page.count("data:image/png;base64,") == 7
    assert json.loads((copy / "manifest.json").read_text(encoding="utf-8"))["report_language"] == "ja"


def test_cli_replicate_on_a_user_battery(battery_dir, tmp_path, capsys):
    out = tmp_path / "cli-report"
    code = main(["replicate", "--battery", str(battery_dir), "--backbone", "tiny_cnn", "--patients", "2",
                 "--controls", "3", "--severities", "0,0.6", "--output", str(out), "--no-progress"])
    assert code == 0
    assert (out / "report.html").is_file()
    assert "signatures reproduced" in capsys.readouterr().out
    assert main(["replicate", "--battery", str(battery_dir), "--output", str(out), "--no-progress"]) == 2
    assert "already holds a report" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["replicate", "--battery", str(battery_dir), "--output", str(out), "--language", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_bad_configuration_errors():
    with pytest.raises(ValueError, match="'n_controls' parameter of ReplicationConfig must be an int of at least 2"):
        ReplicationConfig(n_controls=1)
    with pytest.raises(ValueError, match="Allowed values are 'activation_noise'"):
        ReplicationConfig(lesion="stroke")
    with pytest.raises(ValueError, match="Invalid value for 'preset'"):
        ReplicationConfig(preset="alzheimer")
    with pytest.raises(ValueError, match=r"must be a float in \[0, 1\]"):
        ReplicationConfig(severities=(0.5, 1.5))


def test_a_policy_replaces_the_presets_for_patients_and_controls(battery_dir):
    """ReplicationConfig(policy=) answers with that policy (patients and controls), records it and keys on it."""
    from dataclasses import asdict

    from cogsim.patients import ResponsePolicy

    light = dict(CONFIG, paradigms=("picture_naming",), baselines=(), contrasts=(), new_views=False, explain=False)
    mute = ResponsePolicy(0.99, 0.99, 0.99, naming="top_down")       # names nothing it is not nearly sure of
    default = replicate(None, ReplicationConfig(battery=str(battery_dir), **light), progress=False,
                        log=lambda *a: None)
    own = replicate(None, ReplicationConfig(battery=str(battery_dir), policy=mute, **light), progress=False,
                    log=lambda *a: None)
    assert own.manifest["policy"] == own.manifest["config"]["policy"] == asdict(mute)
    assert default.manifest["policy"] != asdict(mute)
    naming = {name: run.trials[run.trials["paradigm"] == "picture_naming"]
              for name, run in (("default", default), ("own", own))}
    for name in naming:
        assert set(naming[name]["patient"].astype(str)) >= {"P01", "C01"}
    # the same hubs, answering less often: more "don't know" in patients and controls alike
    omissions = {name: (t["error"].astype(str) == "omission").groupby(t["patient"].astype(str).str[0]).mean()
                 for name, t in naming.items()}
    assert (omissions["own"] > omissions["default"]).all()
    with pytest.raises(TypeError, match="'policy' parameter of ReplicationConfig must be a ResponsePolicy"):
        ReplicationConfig(policy="top_down")


def test_a_training_replaces_the_presets_for_every_hub(battery_dir):
    """ReplicationConfig(training=) trains patients, controls and the plain-hub baseline with it, and records it."""
    from dataclasses import replace as changed

    from cogsim.presets import get_preset
    from cogsim.stimuli import load_battery

    light = dict(CONFIG, paradigms=("picture_naming",), contrasts=(), new_views=False, explain=False,
                 baselines=("plain_hub",))
    short = changed(get_preset("sd_hub", load_battery(str(battery_dir))).training, epochs=7)
    default = replicate(None, ReplicationConfig(battery=str(battery_dir), **light), progress=False,
                        log=lambda *a: None)
    said = []
    own = replicate(None, ReplicationConfig(battery=str(battery_dir), training=short, **light), progress=False,
                    log=said.append)
    assert own.manifest["config"]["training"]["epochs"] == 7 != default.manifest["config"]["training"]["epochs"]
    # this battery has no word frequencies, which the default's naming prior reads: the frequency-free version's
    # policy runs with the run's own training, and the log says so
    assert own.manifest["preset_version"] == "sd_hub_v20" and own.manifest["config"]["policy"]["name_prior"] == 0
    assert any("own training" in line and "name_prior" in line for line in said), said
    for key in ("premorbid_parameter_hashes", "control_parameter_hashes"):
        assert set(own.manifest[key].values()).isdisjoint(default.manifest[key].values())
    plain = own.manifest["baselines"]["plain_hub"]
    assert plain["training"]["epochs"] == 7 and plain["training"]["basic_name_weight"] == 0.0
    with pytest.raises(TypeError, match="'training' parameter of ReplicationConfig must be a TrainingConfig"):
        ReplicationConfig(training={"epochs": 7})


def test_a_hub_replaces_the_presets_for_every_hub(battery_dir):
    """ReplicationConfig(hub=) builds patients and controls with it (here homeostasis), records it, and the
    patients answer differently."""
    from dataclasses import replace as changed

    from cogsim import load_battery
    from cogsim.patients import HubConfig
    from cogsim.presets import get_preset

    light = dict(CONFIG, paradigms=("picture_naming",), contrasts=(), new_views=False, explain=False, baselines=())
    preset = get_preset("sd_hub", load_battery(str(battery_dir)))  # the version the default runs on this battery
    scaled = changed(preset.hub, homeostasis=True)
    default = replicate(None, ReplicationConfig(battery=str(battery_dir), **light), progress=False,
                        log=lambda *a: None)
    own = replicate(None, ReplicationConfig(battery=str(battery_dir), hub=scaled, **light), progress=False,
                    log=lambda *a: None)
    assert own.manifest["config"]["hub"]["homeostasis"] is True
    assert default.manifest["config"]["hub"]["homeostasis"] is False
    damaged = own.trials["severity"] > 0
    assert not own.trials.loc[damaged, "response"].equals(default.trials.loc[damaged, "response"])
    intact = own.trials["severity"] == 0  # the same hubs: intact patients answer alike
    assert own.trials.loc[intact, "response"].tolist() == default.trials.loc[intact, "response"].tolist()
    with pytest.raises(TypeError, match="'hub' parameter of ReplicationConfig must be a HubConfig"):
        ReplicationConfig(hub={"hidden": (8,)})
    assert HubConfig() == preset.hub and preset.name == "sd_hub_v20"   # no word frequencies in this battery


def test_same_command_and_seed_writes_the_same_bytes(report, battery_dir, tmp_path):
    """Every table (parts too) is byte-identical across runs: the gzip header carries no time or file name."""
    import gzip

    again = tmp_path / "again"
    replicate(again, ReplicationConfig(battery=str(battery_dir), **CONFIG), progress=False, log=lambda *a: None)
    tables = sorted(p.relative_to(report) for p in report.rglob("*.csv*"))
    assert len(tables) > 10 and sorted(p.relative_to(again) for p in again.rglob("*.csv*")) == tables
    for name in tables:
        assert (report / name).read_bytes() == (again / name).read_bytes(), name
    header = (report / "trials.csv.gz").read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0" and not header[3] & 0x08      # mtime 0, no file name
    assert gzip.decompress((report / "trials.csv.gz").read_bytes()).startswith(b"patient,session,")


def test_the_default_on_a_battery_without_attributes_is_said_and_recorded(tmp_path):
    """A battery with word frequencies and no coded attributes: `sd_hub` runs as sd_hub_v33 (the default's hubs
    without the fitted semantic spoke), the log says why, the manifest records both names."""
    from tests.conftest import TINY_ITEMS, write_battery

    zipf = {item[0]: {"freq_en": 3.0 + k / 4} for k, item in enumerate(TINY_ITEMS)}
    folder = write_battery(tmp_path / "battery", extra_columns=zipf)
    light = dict(CONFIG, paradigms=("picture_naming",), contrasts=(), new_views=False, explain=False, baselines=())
    said = []
    result = replicate(None, ReplicationConfig(battery=str(folder), **light), progress=False, log=said.append)
    assert any("'sd_hub' is 'sd_hub_v33'" in line and "attr_" in line for line in said), said
    assert result.manifest["preset_version"] == "sd_hub_v33" and result.manifest["preset_requested"] == "sd_hub"


def test_the_default_on_a_battery_without_frequencies_is_said_and_recorded(battery_dir, tmp_path):
    """The generated battery has no word frequencies: `sd_hub` runs as sd_hub_v20, the log says why, the manifest
    records both names; asking for sd_hub_v22 itself is refused before anything is written."""
    light = dict(CONFIG, paradigms=("picture_naming",), contrasts=(), new_views=False, explain=False, baselines=())
    said = []
    result = replicate(None, ReplicationConfig(battery=str(battery_dir), **light), progress=False, log=said.append)
    assert any("'sd_hub' is 'sd_hub_v20'" in line and "freq_en" in line for line in said), said
    assert result.manifest["preset_version"] == "sd_hub_v20" and result.manifest["preset_requested"] == "sd_hub"
    out = tmp_path / "report"
    refused = r"freq_en.*default's training \(sd_hub_v52.*preset 'sd_hub' runs 'sd_hub_v20'"
    with pytest.raises(ValueError, match=refused):
        replicate(out, ReplicationConfig(battery=str(battery_dir), preset="sd_hub_v22", **light), progress=False,
                  log=lambda *a: None)
    assert not out.exists()

"""A user's own signature table and naming reference reach the replication: through ReplicationConfig and
cogsim.replicate(...).verdicts, and through `cogsim replicate --signatures FILE --reference FILE`, with clear errors
(the worked example of docs/replication.md, "Your own signatures and reference data")."""

from __future__ import annotations

import pandas as pd
import pytest

from cogsim.analysis import load_rogers2004, load_signatures, register_signature_check
from cogsim.cli import main
from cogsim.replication import Replication, ReplicationConfig, replicate

SMALL = dict(backbone="tiny_cnn", severities=(0.0, 0.5, 0.9), n_patients=2, n_controls=3, random_state=3,
             paradigms=("picture_naming", "colour_judgment"), baselines=(), new_views=False, explain=False)

#: Our own patients' numbers: two signatures, one with a check of our own.
MY_SIGNATURES = pd.DataFrame([
    {"signature": "my_controls_name_well", "panel": "mine", "paradigm": "picture_naming", "check": "floor",
     "measure": "correct", "contrast": "", "direction": ">=", "threshold": 0.25, "stages": "control",
     "description": "Our 12 controls named at least 25% of the pictures", "description_ja": "",
     "source": "our clinic, 2026", "subset": ""},
    {"signature": "my_severe_naming_at_most", "panel": "mine", "paradigm": "picture_naming", "check": "at_most",
     "measure": "correct", "contrast": "", "direction": "<=", "threshold": 0.99, "stages": "severe;moderate",
     "description": "Our moderate and severe patients named at most 99% of the pictures", "description_ja": "",
     "source": "our clinic, 2026", "subset": ""},
])


def _at_most(signature, trials, context):
    share = float(trials["correct"].mean())
    return {"estimate": share, "unit": "proportion correct", "reproduced": share <= signature["threshold"],
            "method": "mean over trials"}


@pytest.fixture(scope="module")
def own_check():
    from cogsim.analysis.signatures import _SIGNATURE_CHECKS

    register_signature_check("at_most", _at_most, lambda sig: f"accuracy at most {sig['threshold']:g}")
    yield
    _SIGNATURE_CHECKS.unregister("at_most")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from tests.conftest import write_battery

    folder = tmp_path_factory.mktemp("mine")
    MY_SIGNATURES.to_csv(folder / "my_signatures.csv", index=False)
    reference = load_rogers2004()
    reference = reference[reference["source"] == "patients"].copy()
    reference["correct"] = [0.81, 0.42, 0.2, 0.07]                      # our own patients' naming, four bins
    errors = ["semantic", "superordinate", "cross_domain"]
    reference["omission"] = (1 - reference["correct"] - reference[errors].sum(axis=1)).round(2)
    reference.to_csv(folder / "my_naming.csv", index=False)
    return {"battery": str(write_battery(folder / "b")), "signatures": str(folder / "my_signatures.csv"),
            "reference": str(folder / "my_naming.csv"), "folder": folder}


def test_own_table_and_reference_in_memory(files, own_check):
    config = ReplicationConfig(battery=files["battery"], signatures=files["signatures"],
                               reference=files["reference"], **SMALL)
    result = replicate(None, config, progress=False, log=lambda *a: None)
    assert isinstance(result, Replication) and result.report_path is None
    assert result.verdicts["signature"].tolist() == ["my_controls_name_well", "my_severe_naming_at_most"]
    mine = result.verdicts.set_index("signature")
    assert mine.loc["my_severe_naming_at_most", "expected"].startswith("accuracy at most 0.99")
    assert mine.loc["my_severe_naming_at_most", "method"] == "mean over trials"
    estimate = mine.loc["my_severe_naming_at_most", "estimate"]
    assert 0 <= estimate <= 1 and bool(mine.loc["my_severe_naming_at_most", "reproduced"]) == (estimate <= 0.99)
    assert result.reference["correct"].tolist() == [0.81, 0.42, 0.2, 0.07]
    comparison = result.naming_comparison
    assert comparison.loc[comparison["response"] == "correct", "patients"].tolist() == [0.81, 0.42, 0.2, 0.07]
    assert "rogers_model" not in comparison or comparison["rogers_model"].isna().all()   # our file has no model rows
    assert result.manifest["signatures"]["path"] == files["signatures"]


def test_own_table_and_reference_through_the_command(files, own_check, tmp_path):
    out = tmp_path / "report"
    argv = ["replicate", "--battery", files["battery"], "--backbone", "tiny_cnn", "--severities", "0,0.5,0.9",
            "--patients", "2", "--controls", "3", "--random-state", "3", "--paradigms",
            "picture_naming,colour_judgment", "--baselines", "none", "--no-new-views", "--no-explain",
            "--no-progress", "--signatures", files["signatures"], "--reference", files["reference"], "--output",
            str(out)]
    assert main(argv) == 0
    verdicts = pd.read_csv(out / "verdicts.csv")
    assert verdicts["signature"].tolist() == ["my_controls_name_well", "my_severe_naming_at_most"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Our 12 controls named at least 25% of the pictures" in page
    assert "verification_domain_over_basic" not in page


def _write(tmp_path, table, name="bad.csv"):
    path = tmp_path / name
    table.to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.assign(check="no_such_check"), r"row 2 .*'no_such_check'.*register_signature_check"),
    (lambda t: t.drop(columns=["threshold"]), r"lacks the column\(s\) 'threshold'"),
    (lambda t: t.assign(paradigm="object_decision"),
     r"row 2 \('my_controls_name_well'\): paradigm 'object_decision' is not run in this replication"),
    (lambda t: t.assign(stages="terminal"), r"stage.*'terminal'"),
])
def test_a_bad_signature_table_is_refused_before_anything_runs(files, own_check, tmp_path, edit, message):
    path = _write(tmp_path, edit(MY_SIGNATURES))
    config = ReplicationConfig(battery=files["battery"], signatures=path, **SMALL)
    with pytest.raises(ValueError, match=message) as info:
        replicate(tmp_path / "never", config, progress=False, log=lambda *a: None)
    assert path in str(info.value)
    assert not (tmp_path / "never").exists()


def test_a_bad_reference_is_refused_naming_the_file(files, tmp_path):
    reference = pd.read_csv(files["reference"]).drop(columns=["omission"])
    path = _write(tmp_path, reference, "naming.csv")
    config = ReplicationConfig(battery=files["battery"], reference=path, **SMALL)
    with pytest.raises(ValueError, match="omission") as info:
        replicate(None, config, progress=False, log=lambda *a: None)
    assert path in str(info.value)
    with pytest.raises(ValueError, match=r"The 'reference' parameter of ReplicationConfig names no file: '.*missing.csv'"):
        replicate(None, ReplicationConfig(battery=files["battery"], reference=str(tmp_path / "missing.csv"), **SMALL),
                  progress=False, log=lambda *a: None)


def test_the_bundled_table_is_unchanged_when_no_table_is_given():
    assert ReplicationConfig().signature_table().equals(load_signatures())

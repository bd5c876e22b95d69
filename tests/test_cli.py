import subprocess
import sys

import cogsim
from cogsim.cli import main


def test_version_and_help(capsys):
    for flag in ("--version",):
        try:
            main([flag])
        except SystemExit as exc:
            assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"cogsim {cogsim.__version__}"
    assert main([]) == 0
    assert "battery" in capsys.readouterr().out


def test_battery_summary(capsys):
    assert main(["battery"]) == 0
    out = capsys.readouterr().out
    assert "<Battery 'tuxpaint'" in out and "atypical" in out


def test_bad_battery_is_a_clean_error(tmp_path, capsys):
    assert main(["battery", str(tmp_path)]) == 2
    assert "cogsim: error: Battery folder" in capsys.readouterr().err


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "cogsim.cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("cogsim ")


def test_sweep_on_a_user_battery(tiny_battery_dir, tmp_path, capsys):
    import pandas as pd

    table = tmp_path / "sweep.csv"
    code = main(["sweep", "--battery", str(tiny_battery_dir), "--backbone", "tiny_cnn", "--severities", "0,0.9",
                 "--lesion", "unit_ablation,weight_noise", "--random-state", "0,1", "--no-progress",
                 "--output", str(table)])
    out = capsys.readouterr().out
    assert code == 0 and "accuracy by paradigm" in out and "picture_naming" in out
    rows = pd.read_csv(table)
    assert sorted(rows["severity"].unique()) == [0.0, 0.9]
    assert sorted(rows["lesion"].unique()) == ["unit_ablation", "weight_noise"]
    assert sorted(rows["random_state"].unique()) == [0, 1]
    assert rows["accuracy"].between(0, 1).all()


def test_random_state_option_is_one_convention(tiny_battery_dir, capsys):
    """--random-state takes an int or 'none' (fresh entropy, drawn and printed so the run can be repeated)."""
    code = main(["sweep", "--battery", str(tiny_battery_dir), "--backbone", "tiny_cnn", "--severities", "0.5",
                 "--random-state", "none", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0 and "random_state: none -> drew" in out
    import pytest

    with pytest.raises(SystemExit):
        main(["sweep", "--random-state", "-3"])
    assert "must be a non-negative int or 'none'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sweep", "--seed", "1"])


def test_sweep_bad_site_is_a_clean_error(capsys):
    assert main(["sweep", "--site", "amygdala", "--severities", "0.5"]) == 2
    assert "Invalid value for 'site'" in capsys.readouterr().err


def test_sweep_with_a_preset_uses_its_patient_lesion_and_policy(tiny_battery_dir, tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "preset.csv"
    assert main(["sweep", "--battery", str(tiny_battery_dir), "--backbone", "tiny_cnn", "--preset", "sd_hub",
                 "--severities", "0,0.8", "--paradigms", "picture_naming", "--no-progress", "--output", str(out)]) == 0
    rows = pd.read_csv(out)
    assert set(rows["lesion"]) == {"sd_hub"} and set(rows["policy"]) == {"sd_hub"} and set(rows["hub"]) == {256}

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


def test_sweep_on_a_user_battery(tiny_battery_dir, capsys):
    code = main(["sweep", "--battery", str(tiny_battery_dir), "--backbone", "tiny_cnn", "--severities", "0,0.9"])
    out = capsys.readouterr().out
    assert code == 0
    lines = [l.split() for l in out.splitlines() if l.strip().startswith(("0.00", "0.90"))]
    assert [l[0] for l in lines] == ["0.00", "0.90"]
    assert all(0.0 <= float(v) <= 1.0 for l in lines for v in l[1:])


def test_sweep_bad_site_is_a_clean_error(capsys):
    assert main(["sweep", "--site", "amygdala", "--severities", "0.5"]) == 2
    assert "Invalid value for 'site'" in capsys.readouterr().err

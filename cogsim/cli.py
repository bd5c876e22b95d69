"""The ``cogsim`` command.

    cogsim --version
    cogsim battery [NAME_OR_FOLDER]     summarise and check a battery
    cogsim backbones                    the backbones, whether their weights are here, licence, input, normalisation
    cogsim sweep [--lesion ...]         a grid of lesions through the paradigms (cogsim.sweeps.run_sweep)
    cogsim replicate [--quick ...]      the full replication: cohort, paradigms, analyses, report
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from ._version import __version__


def _battery_summary(args) -> int:
    from .stimuli import list_batteries, load_battery

    battery = load_battery(args.battery)
    items = battery.items
    print(repr(battery))
    print(f"folder: {battery.root}")
    print(f"fingerprint: {battery.fingerprint[:16]}")
    print(f"bundled batteries: {', '.join(list_batteries())}")
    print()
    table = items.groupby(["domain", "basic"]).size().rename("items").reset_index()
    print(table.to_string(index=False))
    if battery.has_colour:
        print()
        chromatic = int(items["chromatic"].sum())
        counts = items["colour_typicality"].value_counts()
        print(f"colour: {chromatic} chromatic, {len(items) - chromatic} achromatic items; "
              f"typicality: {counts.get('typical', 0)} typical, {counts.get('atypical', 0)} atypical")
        hues = items.groupby("domain")["domain_typical_hue"].first().round(1)
        print("domain-typical hue (degrees): " + ", ".join(f"{d} {h:g}" for d, h in hues.items()))
    return 0


def _backbones(args) -> int:
    import pandas as pd

    from .patients.backbones import OFFLINE_VAR, describe_backbones

    table = pd.DataFrame(describe_backbones())
    with pd.option_context("display.width", 200, "display.max_colwidth", 90):
        print(table.to_string(index=False))
    print(f"\ntorchvision weights are downloaded once into torch's cache (with torchvision's hash check) when a "
          f"backbone needs them, unless ${OFFLINE_VAR} is set.")
    return 0


def _sweep(args) -> int:
    from .patients import HubConfig
    from .presets import get_preset
    from .sweeps import run_sweep

    lesions = _names(args.lesion) if args.lesion else ["unit_ablation"]
    chosen = None
    if args.preset is not None:
        from .stimuli import load_battery

        chosen = get_preset(args.preset, load_battery(args.battery))  # an alias: the version this battery trains
    if chosen is not None and not args.lesion:
        lesions = {args.preset: chosen.lesion}
    grid = dict(backbones=[args.backbone], lesions=lesions, severities=_floats(args.severities, "--severities"),
                random_states=args.random_state, premorbid_random_states=list(range(args.patients)),
                paradigms=None if args.paradigms is None else _names(args.paradigms))
    if args.site is not None:
        grid["sites"] = _names(args.site)
    if chosen is not None:
        preset = chosen
        grid.update(hubs={"+".join(map(str, preset.hub.hidden)): preset.hub}, trainings={args.preset: preset.training},
                    policies={args.preset: preset.policy})
    else:
        grid.update(hubs=[HubConfig()])
    table = run_sweep(args.battery, n_jobs=args.jobs, progress=not args.no_progress, **grid)
    if args.output:
        table.to_csv(args.output, index=False)
        print(f"wrote {len(table)} rows to {args.output}")
    accuracy = table.pivot_table(index=["lesion", "site", "random_state", "severity"], columns="paradigm",
                                 values="accuracy", observed=True)
    naming = table[table["paradigm"] == "picture_naming"].groupby(
        ["lesion", "site", "random_state", "severity"])[["semantic", "superordinate", "cross_domain", "omission"]].mean()
    import pandas as pd

    with pd.option_context("display.width", 160, "display.max_columns", 20, "display.float_format", "{:.3f}".format):
        print("accuracy by paradigm, and naming's error shares, per lesion, site, random_state and severity "
              f"({args.patients} premorbid patient(s) per cell)")
        print(accuracy.join(naming).to_string())
    return 0


def _names(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _random_state(text: str):
    """An int, or 'none' for fresh entropy (cogsim's random_state convention)."""
    if text.strip().lower() == "none":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative int or 'none', got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative int or 'none', got {text!r}")
    return value


def _random_states(text: str) -> list[int]:
    """Comma-separated ints; 'none' draws one fresh int (printed, so the run can be repeated)."""
    out = []
    for part in _names(text):
        value = _random_state(part)
        if value is None:
            from ._random import int_seed

            value = int_seed(None) % 2**32
            print(f"random_state: none -> drew {value} (pass --random-state {value} to repeat this run)")
        out.append(value)
    if not out:
        raise argparse.ArgumentTypeError("needs at least one random state")
    return out


def _fit_cases(args) -> int:
    from .cases import compare_fits, example_cases, fit_cases

    table = example_cases() if args.file == "example" else args.file
    severities = tuple(float(x) for x in _names(args.severities)) if args.severities else None
    presets = list(dict.fromkeys(_names(args.preset)))
    comparison_path = Path(args.output) / "case_comparison.csv"
    if len(presets) > 1 and comparison_path.exists() and not args.overwrite:  # refused before any work
        raise ValueError(f"{comparison_path} already exists: choose another folder or pass --overwrite.")
    fits = {preset: fit_cases(table, battery=args.battery, preset=preset, n_patients=args.patients,
                              severities=severities, backbone=args.backbone, random_state=args.random_state,
                              progress=not args.no_progress) for preset in presets}
    if len(fits) > 1:  # one folder per course, and which course explains each patient better
        from ._reportdir import write_table

        for preset, fit in fits.items():
            fit.save(Path(args.output) / preset, overwrite=args.overwrite)
            print(f"{preset}: {Path(args.output) / preset}/case_severities.csv, case_predictions.csv, ...")
        comparison = compare_fits(fits)
        write_table(comparison_path, comparison)
        print(comparison[["patient", "best", "log_bf"] + [f"p_{p}" for p in fits]].to_string(index=False))
        print(f"comparison: {comparison_path}")
        return 0
    fit = fits[presets[0]]
    folder = fit.save(args.output, overwrite=args.overwrite)
    shown = fit.severities.assign(interval=[f"{lo:.2f}-{hi:.2f}" for lo, hi in
                                            zip(fit.severities["severity_low"], fit.severities["severity_high"])])
    print(shown[["patient", "severity_median", "interval", "ppc_p", "fits"]].to_string(index=False))
    print(f"cases: {folder}/case_severities.csv, case_predictions.csv, case_course.csv, cases.png")
    return 0


def _replicate(args) -> int:
    from dataclasses import replace as _replace

    from .replication import QUICK, ReplicationConfig, replicate

    random_state = args.random_state
    if random_state is None:
        from ._random import int_seed

        random_state = int_seed(None) % 2**32
        print(f"random_state: none -> drew {random_state} (pass --random-state {random_state} to repeat this run)")
    config = ReplicationConfig(preset=args.preset, battery=args.battery, backbone=args.backbone, lesion=args.lesion,
                               site=args.site, random_state=random_state)
    if args.quick:
        config = _replace(config, **QUICK)
    changes = {}
    if args.severities is not None:
        changes["severities"] = tuple(_floats(args.severities, "--severities"))
    if args.patients is not None:
        changes["n_patients"] = args.patients
    if args.controls is not None:
        changes["n_controls"] = args.controls
    if args.paradigms is not None:
        changes["paradigms"] = tuple(_names(args.paradigms))
    if args.no_new_views:
        changes["new_views"] = False
    if args.no_explain:
        changes["explain"] = False
    if args.baselines is not None:
        changes["baselines"] = () if args.baselines.strip().lower() == "none" else tuple(_names(args.baselines))
    if args.contrasts is not None:
        changes["contrasts"] = () if args.contrasts.strip().lower() == "none" else tuple(_names(args.contrasts))
    if args.signatures is not None:
        changes["signatures"] = args.signatures
    if args.reference is not None:
        changes["reference"] = args.reference
    config = _replace(config, **changes)
    replicate(args.output, config, overwrite=args.overwrite, progress=not args.no_progress, language=args.language)
    return 0


def _floats(text: str, option: str) -> list[float]:
    try:
        return [float(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise ValueError(f"{option} must be comma-separated numbers, e.g. 0,0.5,0.8. Got {text!r}.") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cogsim",
        description="cogsim: virtual patients for cognitive neuropsychology "
                    "(仮想患者による認知神経心理学シミュレーション).",
    )
    parser.add_argument("--version", action="version", version=f"cogsim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("battery", help="summarise and check a battery (bundled name or folder)")
    p.add_argument("battery", nargs="?", default=None,
                   help="a bundled battery name or a folder with items.csv (default: tuxpaint)")
    p.set_defaults(func=_battery_summary)
    b = sub.add_parser("backbones", help="list the backbones: weights on this machine, licence, input, normalisation")
    b.set_defaults(func=_backbones)
    q = sub.add_parser("sweep", help="a grid of lesions x sites x severities x random states through the paradigms "
                                     "(cogsim.sweeps.run_sweep)",
                       description="Build or load premorbid patients, damage them over the severities for every "
                                   "lesion, site and random state, run the paradigms and print accuracy and naming's "
                                   "error shares (cogsim.sweeps.run_sweep on the command line).")
    q.add_argument("--battery", default=None, help="bundled battery name or folder (default: tuxpaint)")
    q.add_argument("--backbone", default="efficientnet_lite0", help="backbone name (default: efficientnet_lite0)")
    q.add_argument("--preset", default=None, help="take hub, training and response policy from a preset (sd_hub, visual)")
    q.add_argument("--lesion", default=None, help="comma-separated registered lesion names "
                                                  "(cogsim.lesions.list_lesions; default: the preset's lesion, "
                                                  "or unit_ablation)")
    q.add_argument("--site", default=None, help="comma-separated sites: 'hub', 'visual', a layer or glob "
                                                "(default: each lesion's own)")
    q.add_argument("--severities", default="0,0.5,0.8,0.9,0.95,0.98", help="comma-separated, in [0, 1]")
    q.add_argument("--random-state", type=_random_states, default=[0],
                   help="comma-separated ints, one cell each ('none': fresh entropy; default 0)")
    q.add_argument("--patients", type=int, default=1, help="premorbid patients per cell (random states 0..N-1)")
    q.add_argument("--paradigms", default=None, help="comma-separated paradigm names (default: all registered)")
    q.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    q.add_argument("--output", default=None, help="also write the full table to this CSV file")
    q.add_argument("--no-progress", action="store_true", help="no progress bars")
    q.set_defaults(func=_sweep)
    r = sub.add_parser("replicate", help="the full replication: cohort, paradigms, signatures, report folder",
                       description="Build or load the patients and controls, damage a cohort progressively, run "
                                   "every paradigm, test the Figure 2 signatures, compare naming with the "
                                   "patients of Rogers et al. (2004) and write a report folder.")
    r.add_argument("--output", default="cogsim-report", help="report folder (default: ./cogsim-report)")
    r.add_argument("--overwrite", action="store_true", help="replace an existing report in --output")
    r.add_argument("--quick", action="store_true", help="3 patients, 4 controls, 5 severities: about 3 min cold (empty cache), 1 min warm, "
                        "20 s re-run into the same folder (2-core x86_64; docs/performance.md)")
    r.add_argument("--preset", default="sd_hub", help="sd_hub (default: semantic dementia) or visual (the contrast)")
    r.add_argument("--patients", type=int, default=None, help="virtual patients (default: 8)")
    r.add_argument("--controls", type=int, default=None, help="intact controls (default: 8)")
    r.add_argument("--severities", default=None, help="comma-separated lesion severities in [0, 1]")
    r.add_argument("--lesion", default=None,
                   help="instead of the preset's lesion: a registered lesion name (cogsim.lesions.list_lesions)")
    r.add_argument("--paradigms", default=None,
                   help="comma-separated registered paradigm names, picture_naming included (default: the four of "
                        "Figure 2)")
    r.add_argument("--baselines", default=None,
                   help="comma-separated baselines run beside the cohort (visual, plain_hub, undifferentiated; "
                        "default: all three), or 'none'")
    r.add_argument("--contrasts", default=None,
                   help="comma-separated contrasting disorders run on the same premorbid patients and compared "
                        "with SD (semantic_aphasia, the default), or 'none'")
    r.add_argument("--no-new-views", action="store_true",
                   help="do not name new views of the items (pictures the hub never trained on)")
    r.add_argument("--no-explain", action="store_true",
                   help="do not draw where the patient looks (Grad-CAM maps before and after damage)")
    r.add_argument("--site", default=None, help="another site for the lesion: 'hub', 'visual', a layer or glob")
    r.add_argument("--battery", default=None, help="bundled battery name or folder (default: tuxpaint)")
    r.add_argument("--backbone", default="efficientnet_lite0", help="backbone name (default: efficientnet_lite0)")
    r.add_argument("--random-state", type=_random_state, default=0,
                   help="the seed everything derives from: an int, or 'none' for fresh entropy (default: 0)")
    r.add_argument("--language", "--lang", dest="language", choices=("en", "ja"), default="en",
                   help="language of the report and its figures: en (default) or ja (日本語); --lang is its former name")
    r.add_argument("--signatures", default=None, metavar="FILE",
                   help="your own signature table (CSV, the columns of the bundled signatures.csv) instead of "
                        "Patterson et al. (2007) Figure 2")
    r.add_argument("--reference", default=None, metavar="FILE",
                   help="your own naming reference (CSV, the columns of the bundled rogers2004_naming.csv) instead "
                        "of Rogers et al. (2004)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.set_defaults(func=_replicate)
    c = sub.add_parser("fit-cases", help="place real patients on the virtual course: severity with an interval, "
                                         "predicted scores on other tests, goodness of fit",
                       description="FILE is a CSV with columns patient, test, n_items, n_correct (or accuracy), "
                                   "optionally condition; 'example' fits the shipped example (the four SD naming "
                                   "bins of Rogers et al. 2004). See docs/cases.md.")
    c.add_argument("file", help="the case table (CSV), or 'example'")
    c.add_argument("--output", default="cogsim-cases", help="folder for the tables and figure (default: cogsim-cases)")
    c.add_argument("--overwrite", action="store_true", help="replace the files of an earlier fit there")
    c.add_argument("--preset", default="sd_hub",
                   help="the damage of the virtual course (default: sd_hub); several, comma-separated (e.g. "
                        "sd_hub,semantic_aphasia): one fit per course in its own subfolder, and "
                        "case_comparison.csv says which course explains each patient better")
    c.add_argument("--patients", type=int, default=4, help="premorbid virtual patients on the course (default: 4)")
    c.add_argument("--severities", default=None, help="comma-separated severities (default: the preset's)")
    c.add_argument("--battery", default=None, help="bundled battery name or folder (default: tuxpaint)")
    c.add_argument("--backbone", default="efficientnet_lite0", help="backbone name (default: efficientnet_lite0)")
    c.add_argument("--random-state", type=_random_state, default=0, help="seed of the course and the fit (default 0)")
    c.add_argument("--no-progress", action="store_true", help="no progress bars")
    c.set_defaults(func=_fit_cases)
    lab = sub.add_parser("labs", help="the teaching labs (実習): list them, write them for a class, or run one",
                         description="Without a folder: list the labs. With one: write them there as notebooks "
                                     "(student version unless --teacher); existing files are never replaced "
                                     "without --overwrite. --run N runs lab N here and prints what a notebook "
                                     "would show.")
    lab.add_argument("folder", nargs="?", default=None, help="where to write the labs (e.g. my-class)")
    lab.add_argument("--teacher", action="store_true", help="the teacher's version, with answers (教員用)")
    lab.add_argument("--format", choices=("ipynb", "py"), default="ipynb",
                     help="ipynb notebooks (default) or jupytext percent scripts")
    lab.add_argument("--labs", default=None, help="comma-separated lab numbers (default: all)")
    lab.add_argument("--overwrite", action="store_true", help="replace lab files that already exist")
    lab.add_argument("--run", type=int, default=None, metavar="N", help="run lab N (teacher's version) and print "
                                                                         "each cell's result")
    lab.set_defaults(func=_labs)
    return parser


def _labs(args) -> int:
    from .labs import export_labs, list_labs, run_lab

    if args.run is not None:
        def show(number, value):
            if hasattr(value, "savefig"):
                print(f"[cell {number}] (a figure: open the lab as a notebook to see it)")
            else:
                print(f"[cell {number}]\n{value}\n")

        run_lab(args.run, "teacher", show=show)
        return 0
    if args.folder is None:
        for lab in list_labs():
            print(f"{lab.number}. {lab.title}")
        print("Write them for a class: cogsim labs my-class [--teacher] [--format py]")
        return 0
    labs = None if args.labs is None else _names(args.labs)
    version = "teacher" if args.teacher else "student"
    for path in export_labs(args.folder, version=version, format=args.format, labs=labs, overwrite=args.overwrite):
        print(path)
    return 0


def _anticipated() -> tuple:
    """Errors that come from the user's input, files or machine (one line, exit 2), not from a bug."""
    import gzip
    import zlib

    from PIL import Image

    return (ValueError, TypeError, OSError, EOFError, Image.DecompressionBombError, zlib.error, gzip.BadGzipFile)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = str(exc).strip() or type(exc).__name__
    return text if isinstance(exc, (ValueError, TypeError)) else f"{type(exc).__name__}: {text}"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it stops as on Ctrl-C: files closed, lock released."""


def _terminate(signum, frame):
    raise Terminated()


def _on_sigterm():
    """Make SIGTERM stop the command like Ctrl-C; return the previous handler (None if not installed)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _terminate)


def main(argv=None) -> int:
    """Run the command; anticipated errors print one line (exit 2), ``--debug`` shows tracebacks."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    previous = _on_sigterm()
    try:
        return args.func(args)
    except KeyboardInterrupt as exc:
        if args.debug:
            raise
        how = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
        where = f" {args.output!r} is marked INCOMPLETE;" if args.command == "replicate" else ""
        print(f"cogsim: {how}.{where} run the same command again to resume (finished work is kept).",
              file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except _anticipated() as exc:
        if args.debug:
            raise
        print(f"cogsim: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())

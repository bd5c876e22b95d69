"""The ``cogsim`` command.

    cogsim --version
    cogsim battery [NAME_OR_FOLDER]     summarise and check a battery
    cogsim sweep [--lesion ...]         build/load a patient, show naming as a lesion progresses
    cogsim replicate [--quick ...]      the full replication: cohort, paradigms, analyses, report
"""

from __future__ import annotations

import argparse
import sys

from . import __version__


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


def _lesion_sweep(args) -> int:
    import torch

    from .lesions import get_lesion, progression
    from .patients import build_patient
    from .stimuli import load_battery

    battery = load_battery(args.battery)
    print(f"battery: {battery!r}")
    patient = build_patient(battery, backbone=args.backbone, random_state=args.seed)
    print(f"patient: {patient!r}")
    print(f"backbone: {patient.backbone.describe()}")
    severities = [float(s) for s in args.severities.split(",")]
    lesion = get_lesion(args.lesion, severity=0.0, site=args.site)
    longitudinal = progression(patient, lesion, severities, random_state=args.random_state)
    target = torch.arange(len(battery))
    print(f"\n{type(lesion).__name__} at site {args.site!r}, random_state={args.random_state} "
          "(nested damage: one patient declining)")
    print("severity  naming(argmax)  mean p(target)  basic correct  domain correct")
    basic_target = torch.tensor([patient.lexicon.basics.index(b) for b in patient.lexicon.basic])
    domain_target = torch.tensor([patient.lexicon.domains.index(d) for d in patient.lexicon.domain])
    for severity, session in zip(severities, longitudinal.sessions):
        p = session.probabilities(battery, random_state=args.random_state)
        naming = float((p.item.argmax(1) == target).float().mean())
        p_target = float(p.item[target, target].mean())
        basic = float((p.basic.argmax(1) == basic_target).float().mean())
        domain = float((p.domain.argmax(1) == domain_target).float().mean())
        print(f"{severity:8.2f}  {naming:14.3f}  {p_target:14.3f}  {basic:13.3f}  {domain:14.3f}")
    return 0


def _replicate(args) -> int:
    from dataclasses import replace as _replace

    from .replicate import QUICK, ReplicationConfig, replicate

    config = ReplicationConfig(preset=args.preset, battery=args.battery, backbone=args.backbone, lesion=args.lesion,
                               site=args.site, random_state=args.random_state)
    if args.quick:
        config = _replace(config, **QUICK)
    changes = {}
    if args.severities is not None:
        changes["severities"] = tuple(_floats(args.severities, "--severities"))
    if args.patients is not None:
        changes["n_patients"] = args.patients
    if args.controls is not None:
        changes["n_controls"] = args.controls
    config = _replace(config, **changes)
    replicate(args.output, config, overwrite=args.overwrite, progress=not args.no_progress)
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("battery", help="summarise and check a battery (bundled name or folder)")
    p.add_argument("battery", nargs="?", default=None,
                   help="a bundled battery name or a folder with items.csv (default: tuxpaint)")
    p.set_defaults(func=_battery_summary)
    q = sub.add_parser("sweep", help="build (or load) a patient and show naming as one lesion progresses")
    q.add_argument("--battery", default=None, help="bundled battery name or folder (default: tuxpaint)")
    q.add_argument("--backbone", default="efficientnet_lite0", help="backbone name (default: efficientnet_lite0)")
    q.add_argument("--seed", type=int, default=0, help="premorbid training seed (default: 0)")
    q.add_argument("--lesion", default="unit_ablation",
                   help="activation_noise, pruning, unit_ablation, weight_noise or weight_scaling")
    q.add_argument("--site", default="hub", help="'hub', 'visual', a layer name or glob (default: hub)")
    q.add_argument("--severities", default="0,0.5,0.8,0.9,0.95,0.98", help="comma-separated, in [0, 1]")
    q.add_argument("--random-state", type=int, default=7, help="seed of the lesion (default: 7)")
    q.set_defaults(func=_lesion_sweep)
    r = sub.add_parser("replicate", help="the full replication: cohort, paradigms, signatures, report folder",
                       description="Build or load the patients and controls, damage a cohort progressively, run "
                                   "every paradigm, test the Figure 2 signatures, compare naming with the "
                                   "patients of Rogers et al. (2004) and write a report folder.")
    r.add_argument("--output", default="cogsim-report", help="report folder (default: ./cogsim-report)")
    r.add_argument("--overwrite", action="store_true", help="replace an existing report in --output")
    r.add_argument("--quick", action="store_true", help="3 patients, 4 controls, 5 severities: under a minute")
    r.add_argument("--preset", default="sd_hub", help="sd_hub (default: semantic dementia) or visual (the contrast)")
    r.add_argument("--patients", type=int, default=None, help="virtual patients (default: 8)")
    r.add_argument("--controls", type=int, default=None, help="intact controls (default: 8)")
    r.add_argument("--severities", default=None, help="comma-separated lesion severities in [0, 1]")
    r.add_argument("--lesion", default=None,
                   help="instead of the preset's lesion: activation_noise, pruning, unit_ablation, weight_noise "
                        "or weight_scaling")
    r.add_argument("--site", default=None, help="another site for the lesion: 'hub', 'visual', a layer or glob")
    r.add_argument("--battery", default=None, help="bundled battery name or folder (default: tuxpaint)")
    r.add_argument("--backbone", default="efficientnet_lite0", help="backbone name (default: efficientnet_lite0)")
    r.add_argument("--random-state", type=int, default=0, help="the seed everything derives from (default: 0)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.set_defaults(func=_replicate)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except (ValueError, TypeError) as exc:
        print(f"cogsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

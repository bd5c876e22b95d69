"""The ``cogsim`` command.

    cogsim --version
    cogsim battery [NAME_OR_FOLDER]     summarise and check a battery
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

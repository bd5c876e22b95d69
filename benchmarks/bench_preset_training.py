"""Training one hub of the default sd_hub versus one sd_hub_v1 hub (or any two presets' hubs): the speed-up (issue
26), side by side in one run.

    python benchmarks/bench_preset_training.py              # sd_hub_v1 and sd_hub: 16 hubs of each, 3 rounds
    python benchmarks/bench_preset_training.py --hubs 8 --rounds 5
    python benchmarks/bench_preset_training.py --presets sd_hub_v20 sd_hub_v22   # any two presets
    python benchmarks/bench_preset_training.py --presets sd_hub_v22 sd_hub_v25 sd_hub_v26 sd_hub_v27  # or more

Both presets train their hubs as ``build_patients`` does (batched, on the
bundled battery's cached efficientnet_lite0 features: 140 items x 7 pictures;
the first run computes the features, which is not timed), *n* hubs at a time,
in alternating rounds so that the machine's load falls on both alike.  Prints
seconds per hub of each round, the median ratio of the first preset to each other (v1 / the
default by default; 5.67x for sd_hub_v33 on this project's machine, 2026-12-06; a spoke fitted after
training, as the default's (sd_hub_v40, with sd_hub_v38's hubs), is timed with its hub), and what the intact
hubs learnt (final training loss, naming of the canonical pictures), so that a
speed-up bought with a hub that no longer knows its items would show.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main(argv=None) -> int:
    import torch

    import cogsim
    from cogsim.patients.backbones import get_backbone
    from cogsim.patients.build import _attribute_targets, _item_weights, _with_fitted_attributes, training_pictures
    from cogsim.patients.config import hub_layer_names
    from cogsim.patients.hub import forward
    from cogsim.patients.lexicon import Lexicon
    from cogsim.patients.training import train_hubs
    from cogsim.presets import get_preset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presets", nargs="+", default=["sd_hub_v1", "sd_hub"], metavar="PRESET",
                        help="two or more presets to train side by side, the first the reference of every ratio "
                             "(default: sd_hub_v1 sd_hub, the default version)")
    args = parser.parse_args(argv)
    if len(args.presets) < 2 or len(set(args.presets)) < len(args.presets):
        parser.error(f"--presets needs two or more different presets; got {args.presets}")

    battery = cogsim.load_battery()
    lexicon = Lexicon.from_battery(battery)
    backbone = get_backbone("efficientnet_lite0")
    n = len(battery)
    setups = {}
    first, *others = args.presets
    for name in args.presets:
        preset = get_preset(name)
        t = preset.training
        feats, x, y = training_pictures(backbone, battery, t)
        setups[name] = (preset, x, y, feats.canonical, _item_weights(battery, t), _attribute_targets(battery, lexicon, t))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {args.hubs} hubs per preset per round")
    for name, (preset, x, *_rest) in setups.items():
        t = preset.training
        version = f" ({preset.name})" if preset.name != name else ""
        print(f"  {name}{version}: {tuple(x.shape)} inputs, {t.epochs} epochs, input_components {t.input_components}, "
              f"masks {t.mask_generator}, learning rate {t.learning_rate}")
    times = {name: [] for name in setups}
    learnt = {}
    seeds = list(range(2000, 2000 + args.hubs))
    for r in range(args.rounds):
        for name, (preset, x, y, canonical, weights, attributes) in setups.items():
            layers = hub_layer_names(preset.hub)
            start = time.perf_counter()
            hubs = train_hubs(x, y, lexicon, preset.hub, preset.training, seeds, item_weights=weights,
                              attributes=attributes if preset.training.attribute_weight else None)
            # a spoke fitted after training (sd_hub_v36 to v39, the default since v38) is part of a hub's cost
            hubs = [(_with_fitted_attributes(params, x, y, layers, attributes, preset.training), loss)
                    for params, loss in hubs]
            times[name].append((time.perf_counter() - start) / args.hubs)
            with torch.no_grad():
                accuracy = [float((forward(p, canonical, layers).argmax(1) == torch.arange(n)).float().mean())
                            for p, _ in hubs]
            learnt[name] = (statistics.mean(loss for _, loss in hubs), statistics.mean(accuracy))
        print(f"round {r + 1}: " + ", ".join(f"{name} {times[name][-1]:.2f} s/hub" for name in setups)
              + "; ratios " + ", ".join(f"{first} / {name} {times[first][-1] / times[name][-1]:.2f}x"
                                        for name in others), flush=True)
    for name in others:
        ratios = [a / b for a, b in zip(times[first], times[name])]
        print(f"median ratio {first} / {name}: {statistics.median(ratios):.2f}x (issue 26's target for one new hub "
              "against one of sd_hub_v1's: at least 5x)")
    for name, (loss, accuracy) in learnt.items():
        print(f"  {name}: final training loss {loss:.4f}, intact naming of the canonical pictures {accuracy:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

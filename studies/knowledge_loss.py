"""Exploration, not a study: which damage removes item knowledge from the hub, not only its names? (issue 26)

    python studies/knowledge_loss.py                 # under a minute; prints, writes nothing
    python studies/knowledge_loss.py --homeostasis   # the same, each damaged hub's units rescaled (below)
    python studies/knowledge_loss.py --homeostasis-sd    # only the SD given back (or --homeostasis-mean)
    python studies/knowledge_loss.py --prototype         # intact states moved toward a prototype, drawn
    python studies/knowledge_loss.py --hub-homeostasis --hub-settling --gate=1   # with the domain attractor

Why: ``studies/name_spoke.py`` found that ``sd_hub_v13``'s patients (v11's damage: pruning with
activation noise) still match a heard name to its picture at 0.87 and draw the camel's hump when
they name 0.7% of the pictures: that damage makes the names' read-out fail while the hub keeps
its items.  SD patients who name almost nothing also fail matching and draw generic animals.
This asks, for each damage already in cogsim, how much item knowledge the hub still has when
naming has fallen to the patients' bins 2 to 4 (Rogers et al. 2004: naming 0.38, 0.13, 0.05).

What it does: ``sd_hub_v13``'s hubs for 4 of the calibration patients
(``replicate(random_state=1)``'s first 4 premorbid seeds, never a held-out cohort), damaged by
each lesion below at severities 0 to 1 in steps of 0.05 (one lesion stream per patient); at each
session it runs naming, word–picture matching from the heard name (``matching="hub"``) and
drawing to name (``DelayedCopy(cue="name")``), and reports each measure interpolated (over the
mean naming curve) at naming 0.38, 0.13 and 0.05.  Nothing is chosen here; a damage worth
testing goes into a pre-registered study.

``--prototype`` asks what a generic drawing needs (studies/domain_settling.py): each patient's intact
last hidden states of the canonical pictures moved a share 0, 0.25 ... 1 of the way to their domain's
mean state, or to the whole battery's, and delayed copy read from the semantic spoke there (no damage).
``--hub-settling`` (with ``--hub-homeostasis``) adds ``HubConfig(settling="domain")``, the patients'
own attractor, at the gate given as ``--gate=G`` (default 1).  Every table gains ``intruded_shared``:
absent attributes that at least half of the item's domain has, drawn (the duck's four legs).

``--homeostasis-sd`` and ``--homeostasis-mean`` give back only the SD or only the mean (is it
the spread or the centre that silences the names, and which one removes the intrusions?);
``--homeostasis-part0.5`` the SD and half of the mean (any share).

``--homeostasis`` asks whether the asymmetry is the read-out's: pruning shrinks every hub state
toward a common point, and matching compares two shrunken states (picture and heard name) while
naming compares a shrunken state with the intact read-out's stored patterns.  Each damaged hub's
last hidden units are given back their premorbid mean and SD over the battery's pictures
(synaptic scaling, emulated here by patching ``Patient._damage``: ``h' = (h - mean_damaged) *
sd_premorbid / sd_damaged + mean_premorbid`` per unit, silent units left silent; the damaged
statistics measured once per patient with the run-time noise of one fixed draw).  If naming then
survives far more damage and matching and drawing fall with it, the next patient's damage needs
no new lesion family, but a hub that keeps its own scale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEVERITIES = tuple(round(0.05 * k, 2) for k in range(21))
#: What the emulated homeostasis gives back: "full" (mean and SD), "sd" (SD only) or "mean" (mean only).
VARIANT = "full"
BINS = (0.38, 0.13, 0.05)


def damages() -> dict:
    from cogsim.lesions import ActivationNoise, Compound, Pruning, UnitAblation, WeightNoise

    return {
        "v11: pruning + noise 1": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=1.0)), scales=(1.0, 1.0)),
        "v5: pruning + noise 2": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=2.0)), scales=(1.0, 1.0)),
        "v1: noise 2 + unit loss": Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0)),
                                            scales=(1.0, 1.0)),
        "unit loss": UnitAblation(0.0),
        "weight noise 2": WeightNoise(0.0, sd=2.0),
    }


def measures(trials: dict) -> pd.DataFrame:
    """Per severity: naming, matching, and drawing to name (distinctive and shared kept, absent intruded)."""
    naming = trials["picture_naming"].groupby("severity")["correct"].mean()
    matching = trials["word_picture_matching"].groupby("severity")["correct"].mean()
    d = trials["delayed_copy"]
    kept = (d["response"] == "kept")
    out = pd.DataFrame({"naming": naming, "severity": naming.index.to_numpy(float), "matching": matching,
                        "distinctive_kept": kept[d["condition"] == "distinctive"].groupby(d["severity"]).mean(),
                        "shared_kept": kept[d["condition"] == "shared"].groupby(d["severity"]).mean(),
                        "intruded": (d["response"] == "intruded")[d["condition"] == "absent"]
                        .groupby(d["severity"]).mean(),
                        "intruded_shared": (d["response"] == "intruded")[(d["condition"] == "absent")
                                                                         & (d["share"] >= 0.5)]
                        .groupby(d["severity"]).mean()})
    return out


def prototype_drawings(patients, battery) -> pd.DataFrame:
    """``--prototype``: delayed copy read from the semantic spoke at intact states moved toward a prototype."""
    import torch

    from cogsim.patients.features import picture_features
    from cogsim.patients.hub import attribute_logits, forward
    from cogsim.stimuli.norms import attribute_matrix, distinctiveness

    attrs = attribute_matrix(battery.items).loc[list(battery.item_ids)].to_numpy() == 1
    domains = np.array(battery.items["domain"])
    share = distinctiveness(battery.items)
    shares = np.stack([share.loc[d].to_numpy() for d in domains])
    cells = {"shared_kept": attrs & (shares >= 0.5), "distinctive_kept": attrs & (shares < 0.5),
             "intruded": ~attrs & (shares > 0), "intruded_shared": ~attrs & (shares >= 0.5)}
    rows = []
    for p in patients:
        with torch.no_grad():
            h = forward(p.hub, picture_features(p.backbone, battery, None), p.hub_config.layers, stop=-1)
        targets = {"domain": torch.stack([h[domains == d].mean(0) for d in domains]),
                   "battery": h.mean(0, keepdim=True).expand_as(h)}
        for toward, target in targets.items():
            for a in (0.0, 0.25, 0.5, 0.75, 1.0):
                drawn = torch.sigmoid(attribute_logits(p.hub, (1 - a) * h + a * target)).numpy() >= 0.5
                rows.append({"toward": toward, "share_moved": a, **{k: drawn[m].mean() for k, m in cells.items()}})
    return pd.DataFrame(rows).groupby(["toward", "share_moved"]).mean()


def at_naming(table: pd.DataFrame) -> pd.DataFrame:
    """Each measure at naming accuracies BINS, interpolated along the (decreasing) naming curve."""
    t = table.sort_values("naming")
    rows = {}
    for level in BINS:
        if not t["naming"].min() <= level <= t["naming"].max():
            rows[level] = {c: np.nan for c in t.columns if c != "naming"}
            continue
        rows[level] = {c: float(np.interp(level, t["naming"], t[c])) for c in t.columns if c != "naming"}
    return pd.DataFrame(rows).T.rename_axis("naming")


def homeostasis(battery) -> None:
    """Patch ``Patient._damage`` so that a damaged hub's last hidden units keep their premorbid mean and SD."""
    import torch

    from cogsim.patients import patient as module

    original = module.Patient._damage
    corrections: dict = {}

    def measured(p):
        key = id(p)
        if key not in corrections or corrections[key][0] is not p:  # an id is reused once its patient is freed
            from cogsim.patients.hub import forward

            features = p.features(battery, random_state=0)
            with torch.no_grad():
                h0 = forward(p.premorbid_hub, features, p.hub_config.layers, stop=-1)
                corrections[key] = (p, None)  # no correction while the damaged statistics are measured
                hd = p.hub_logits(features, random_state=0, heads=True)[1]["hidden"]
            m0, s0, md, sd = h0.mean(0), h0.std(0), hd.mean(0), hd.std(0)
            live = sd > 1e-6
            gain = torch.where(live, s0 / torch.where(live, sd, torch.ones_like(sd)), torch.zeros_like(sd))
            corrections[key] = (p, (md, gain, torch.where(live, m0, torch.zeros_like(m0))))
        return corrections[key][1]

    def damage(self, random_state, kept, own=None):
        hook = original(self, random_state, kept, own)
        entry = corrections.get(id(self))
        if self.is_premorbid or (entry is not None and entry[0] is self and entry[1] is None):
            return hook
        last = self.hub_config.layers[-2]
        md, gain, m0 = measured(self)

        def corrected(name, h):
            h = hook(name, h)
            if name == last:
                if VARIANT == "sd":  # the spread back, the damaged mean kept
                    h = (h - md) * gain + md
                elif VARIANT == "mean":  # the mean back, the damaged spread kept
                    h = h - md + m0
                elif VARIANT.startswith("part"):  # the SD back and a share of the mean ("part0.5")
                    share = float(VARIANT[4:])
                    h = (h - md) * gain + md + share * (m0 - md)
                else:
                    h = (h - md) * gain + m0
                kept["hidden"] = h
            return h
        return corrected

    module.Patient._damage = damage


def main() -> int:
    from cogsim import load_battery
    from cogsim.lesions import make_cohort
    from cogsim.paradigms import DelayedCopy, PictureNaming, WordPictureMatching, run_paradigms
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    global VARIANT
    if "--homeostasis" in sys.argv[1:]:
        homeostasis(battery)
    for arg in sys.argv[1:]:
        if arg.startswith("--homeostasis-"):  # which part of the correction does what: sd, mean, part<share>
            VARIANT = arg.removeprefix("--homeostasis-")
            homeostasis(battery)
    v13 = get_preset("sd_hub_v13")
    from dataclasses import replace

    if "--hub-homeostasis" in sys.argv[1:]:  # the same through HubConfig(homeostasis=True), the patients' own code
        v13 = replace(v13, hub=replace(v13.hub, homeostasis=True))
    if "--hub-settling" in sys.argv[1:]:  # the domain attractor, HubConfig(settling="domain")
        gate = next((float(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--gate=")), 1.0)
        v13 = replace(v13, hub=replace(v13.hub, settling="domain", settling_gate=gate))
    seeds = SeedTree(1).ints("patients", 8)[:4]
    patients = build_patients(battery, seeds, hub=v13.hub, training=v13.training, policy=v13.policy,
                              progress=False)
    pd.set_option("display.width", 160)
    if "--prototype" in sys.argv[1:]:
        print(prototype_drawings(patients, battery).round(3).to_string())
        return 0
    for name, lesion in damages().items():
        cohort = make_cohort(patients, lesion, severities=SEVERITIES, random_state=1)
        trials = run_paradigms([PictureNaming(), WordPictureMatching(), DelayedCopy(cue="name")], cohort, battery,
                               random_state=0, progress=False)
        table = measures(trials)
        print(f"\n{name}: naming from {table['naming'].max():.2f} to {table['naming'].min():.2f}")
        print(at_naming(table).round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

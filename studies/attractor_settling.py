"""Exploration, not a study: does attractor settling of a pruned hub make the typical member win? (issue 26)

    python studies/attractor_settling.py           # about 1 minute; prints a table, writes nothing
    python studies/attractor_settling.py --spoke   # the same question for naming helped by the semantic spoke

What it does: ``sd_hub_v4``'s calibration patients (``replicate(random_state=1)``'s 8
premorbid hubs, never make run's) are damaged as ``sd_hub_v4`` is, at severities 0.6 to
0.8, and their damaged last hidden layer either goes straight to the names (v4) or first
settles toward the stored item patterns, as a modern Hopfield clean-up: ``steps`` times
``h <- (1 - rate) h + rate * softmax(beta * cos(h, M)) M``, where ``M`` holds the intact
hub's last hidden pattern of each item's canonical picture.  A name is given when its
probability is at least 0.2 (v4's threshold).  It reports naming accuracy, semantic
errors, and the Spearman correlation over items of accuracy with frequency, visual
typicality, family resemblance and the item's centrality in the hub (cosine of its
pattern with its domain's mean pattern), and how much more central the wrong names are
than their targets.

With ``--spoke`` the damaged hub names through both of its paths instead: the
name logits plus ``gamma`` times the log-likelihood of each item's coded
attributes under what the (damaged) semantic spoke outputs (Bernoulli, the
attributes smoothed to 0.05 / 0.95), at severities 0.5 to 0.7; it reports the
same correlations and how much higher the wrong names' family resemblance is
than their targets'.

Each was run once, to decide whether it is worth a pre-registered study; they
chose nothing and no preset uses them.  The outcome is in docs/calibration.md ("Attractor
settling, explored").
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synaptic_loss import calibration_patients  # noqa: E402

SETTLINGS = (None, (5, 0.5, 20.0), (10, 0.5, 40.0), (10, 0.5, 100.0))  # (steps, rate, beta)
SEVERITIES = (0.6, 0.7, 0.75, 0.8)


def last_hidden_hook(patient, settle, rng):
    """The patient's own damage (activation noise, silenced units) on each layer, then *settle* on the last hidden."""
    last = patient.hub_config.layers[-2]

    def after(name, h):
        sd = patient.activation_noise.get(name)
        if sd is not None:
            h = h + sd * torch.from_numpy(rng.standard_normal(h.shape).astype(np.float32))
        mask = patient.unit_masks.get(name)
        if mask is not None:
            h = h * (~mask).to(h.dtype)
        return settle(h) if (name == last and settle is not None) else h
    return after


def memory(patient, features):
    """``(items, hidden)``: the intact hub's last hidden pattern of each canonical picture."""
    from cogsim.patients.hub import forward

    return forward(patient.hub, features, patient.hub_config.layers, stop=-1)


def settler(patterns, steps, rate, beta):
    unit = patterns / patterns.norm(dim=1, keepdim=True)

    def settle(h):
        for _ in range(steps):
            weights = torch.softmax(beta * (h / h.norm(dim=1, keepdim=True).clamp_min(1e-6)) @ unit.T, -1)
            h = (1 - rate) * h + rate * weights @ patterns
        return h
    return settle


def spoke_naming() -> pd.DataFrame:
    """Naming from the name logits plus gamma x the spoke's log-likelihood of each item's attributes."""
    from cogsim.paradigms.retrieval import hierarchy
    from cogsim.patients.hub import attribute_logits, forward
    from cogsim.presets import get_preset
    from cogsim.stimuli.norms import attribute_matrix, family_resemblance

    v4 = get_preset("sd_hub_v4")
    battery, patients = calibration_patients(v4.training)
    items = battery.items
    n = len(items)
    basic_of_item = hierarchy(patients[0].lexicon)[0]
    coded = torch.tensor(attribute_matrix(items).loc[list(items["item_id"])].to_numpy(np.float32)) * 0.9 + 0.05
    norms = pd.DataFrame({"frequency": items["freq_en"].to_numpy(float),
                          "visual typicality": items["typicality_domain"].to_numpy(float),
                          "family resemblance": family_resemblance(items).to_numpy()})
    features = patients[0].features(battery).float()
    rows = []
    for gamma in (0.0, 0.25, 0.5, 1.0):
        for severity in (0.5, 0.55, 0.6, 0.65, 0.7):
            accuracy, semantic, drift = np.zeros(n), 0.0, []
            for k, patient in enumerate(patients):
                damaged = patient.lesion(replace(v4.lesion, severity=severity), random_state=100 + k)
                kept: dict = {}
                hook = last_hidden_hook(damaged, lambda h: kept.setdefault("h", h), np.random.default_rng(k))
                with torch.no_grad():
                    logits = forward(damaged.hub, features, damaged.hub_config.layers, after=hook)
                    spoke = torch.sigmoid(attribute_logits(damaged.hub, kept["h"]))
                    fit = spoke @ torch.log(coded).T + (1 - spoke) @ torch.log(1 - coded).T
                    p = torch.softmax(logits + gamma * fit, -1)
                top, named = p.argmax(1).numpy(), (p.max(1).values >= v4.policy.specific).numpy()
                right, wrong = named & (top == np.arange(n)), named & (top != np.arange(n))
                accuracy += right / len(patients)
                semantic += (wrong & (basic_of_item[top] == basic_of_item)).mean() / len(patients)
                resemblance = norms["family resemblance"].to_numpy()
                drift += list(resemblance[top[wrong]] - resemblance[wrong])
            r = norms.assign(accuracy=accuracy).corr(method="spearman")["accuracy"]
            rows.append({"gamma": gamma, "severity": severity, "accuracy": accuracy.mean(),
                         "semantic errors": semantic, **{f"r {c}": r[c] for c in norms.columns},
                         "wrong names' family resemblance above target's": np.mean(drift) if drift else np.nan})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--spoke" in argv:
        pd.set_option("display.width", 250)
        print(spoke_naming().round(3).to_string(index=False))
        return 0
    from cogsim.paradigms.retrieval import hierarchy
    from cogsim.patients.hub import forward
    from cogsim.presets import get_preset
    from cogsim.stimuli.norms import family_resemblance

    v4 = get_preset("sd_hub_v4")
    battery, patients = calibration_patients(v4.training)
    items = battery.items
    n = len(items)
    basic_of_item, domain_of_item, _ = hierarchy(patients[0].lexicon)
    norms = pd.DataFrame({"frequency": items["freq_en"].to_numpy(float),
                          "visual typicality": items["typicality_domain"].to_numpy(float),
                          "family resemblance": family_resemblance(items).loc[list(items["item_id"])].to_numpy()})
    features = patients[0].features(battery).float()
    domain = torch.tensor(domain_of_item)
    rows = []
    for setting in SETTLINGS:
        for severity in SEVERITIES:
            accuracy, semantic, central, drift = np.zeros(n), 0.0, [], []
            for k, patient in enumerate(patients):
                with torch.no_grad():
                    patterns = memory(patient, features)
                    unit = patterns / patterns.norm(dim=1, keepdim=True)
                    centre = torch.stack([unit[domain == domain[i]].mean(0) for i in range(n)])
                    central.append(torch.cosine_similarity(unit, centre, dim=1).numpy())
                    damaged = patient.lesion(replace(v4.lesion, severity=severity), random_state=100 + k)
                    hook = last_hidden_hook(damaged, None if setting is None else settler(patterns, *setting),
                                            np.random.default_rng(k))
                    p = torch.softmax(forward(damaged.hub, features, damaged.hub_config.layers, after=hook), -1)
                top, named = p.argmax(1).numpy(), (p.max(1).values >= v4.policy.specific).numpy()
                right, wrong = named & (top == np.arange(n)), named & (top != np.arange(n))
                accuracy += right / len(patients)
                semantic += (wrong & (basic_of_item[top] == basic_of_item)).mean() / len(patients)
                drift += list(central[-1][top[wrong]] - central[-1][wrong])
            table = norms.assign(**{"hub centrality": np.mean(central, 0), "accuracy": accuracy})
            r = table.corr(method="spearman")["accuracy"]
            rows.append({"settling (steps, rate, beta)": str(setting), "severity": severity,
                         "accuracy": accuracy.mean(), "semantic errors": semantic,
                         **{f"r {c}": r[c] for c in [*norms.columns, "hub centrality"]},
                         "wrong names more central by": np.mean(drift) if drift else np.nan})
    pd.set_option("display.width", 250)
    print(pd.DataFrame(rows).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

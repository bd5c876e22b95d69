"""Exploration, not a study: object decision against the looks recalled from both pictures of a pair (issue 26)

    python studies/pair_look.py                # about a minute; docs/calibration/pair_look.csv
    python studies/pair_look.py --output DIR   # the table under DIR instead
    python studies/pair_look.py --look-space features   # both rules comparing in the backbone's feature space
    python studies/pair_look.py --judge        # the animals'-look judge on intact features, in both spaces (prints)

Why: ``studies/failure_anatomy.py`` found that with the default's rule (``object_decision="task_domain"``) a real
picture that retrieval misidentifies is judged real *below* chance (0.18-0.28), because the chimera, still
recognised as one of its sources, is compared with that item's own look and wins; "typical stays normal" fails at
every stage (the mild stage's real-typical pairs 0.74).  It suggested comparing both pictures with the same
recalled looks.  ``ResponsePolicy(object_decision="pair")`` does that: each picture is compared with the look
recalled from itself and with the look recalled from the other picture, and its better match counts.  The same
anatomy bounds the severe stage: where neither picture retrieves anything both are compared with the animals' look
alone, as before.

What it does: the default (``sd_hub``) and the default with ``object_decision="pair"``, once each on the calibration
patients (``replicate(random_state=1)``: no held-out cohort is touched), picture naming (for the stages) and object
decision, no baselines.  Accuracy by stage and condition, and the three object-decision signatures of the SD cohort
(reproduced or not, without baselines).  Nothing is chosen and no preset changes; a preset would need its own study,
its design committed before a run on a fresh cohort.

``--look-space features`` (added later the same day, after ``studies/robust_hub.py`` had stopped): both rules with
``ResponsePolicy(look_space="features")``, each picture compared with its recalled looks in the backbone's own
feature space rather than the hub's standardised input space; written to ``pair_look_features.csv``.  Run once to
see what it does, before ``studies/look_space.py`` was designed; it chooses nothing either.

``--judge`` (added after ``studies/look_space.py`` had run, to check a sentence of docs/calibration.md): a judge that
compares both pictures of every pair with the animals' average look alone, on make run's first intact patient's
return path, in each space; it prints the share of real-typical and real-atypical pairs it calls right.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"
RULES = ("task_domain", "pair")
SIGNATURES = ("object_decision_typicality", "object_decision_typical_stays_normal",
              "object_decision_atypical_chance_when_severe")


def run(rule: str, look_space: str = "standardised"):
    """The default with object decision by *rule* (comparing in *look_space*), on the calibration patients (naming
    and object decision)."""
    from cogsim.presets import get_preset
    from cogsim.replication import ReplicationConfig, replicate

    policy = replace(get_preset("sd_hub").policy, object_decision=rule, look_space=look_space)
    return replicate(None, ReplicationConfig(preset="sd_hub", policy=policy,
                                             random_state=synaptic_loss.CALIBRATION_RANDOM_STATE,
                                             paradigms=("picture_naming", "object_decision"), baselines=(),
                                             contrasts=(), new_views=False, explain=False))


def table(runs: dict) -> pd.DataFrame:
    """By rule, stage and condition: object-decision trials and accuracy; then each rule's three signatures."""
    from cogsim.analysis import add_stages

    rows = []
    for rule, result in runs.items():
        staged = add_stages(result.results)
        od = staged[staged["paradigm"] == "object_decision"]
        for (stage, condition), own in od.groupby(["stage", "condition"], observed=True):
            rows.append({"rule": rule, "what": f"{stage} / {condition}", "trials": len(own),
                         "value": own["correct"].mean()})
        verdicts = result.verdicts.set_index("signature")
        for signature in SIGNATURES:
            rows.append({"rule": rule, "what": signature, "trials": int(verdicts.loc[signature, "n_trials"]),
                         "value": float(verdicts.loc[signature, "estimate"]),
                         "reproduced": str(verdicts.loc[signature, "reproduced"]) == "True"})
    return pd.DataFrame(rows)


def domain_look_judge() -> pd.DataFrame:
    """``--judge``: accuracy by condition of comparing both pictures of each pair with the animals' average look."""
    import numpy as np

    from cogsim import load_battery
    from cogsim.paradigms.object_decision import ObjectDecision, chimera_pairs
    from cogsim.patients import build_patient
    from cogsim.patients.readouts import return_path
    from cogsim.stimuli.chimeras import Chimeras

    battery = load_battery()
    patient = build_patient(battery, preset="sd_hub", random_state=0, progress=False)
    ids = list(patient.lexicon.item_ids)
    pairs = chimera_pairs(battery, "animal")
    condition = ObjectDecision().design(battery, np.random.default_rng(0))["condition"].to_numpy()
    domain = np.asarray(patient.lexicon.domain)  # each item's domain, in the lexicon's order
    animals = np.broadcast_to((domain == "animal") / (domain == "animal").sum(), (len(pairs), len(ids)))
    real = patient.features(battery).numpy().astype(np.float64)[[ids.index(r) for r, _ in pairs]]
    chimera = patient.features(battery, Chimeras(pairs)).numpy().astype(np.float64)
    path = return_path(patient, battery, attributes=False)
    rows = []
    for space in ("standardised", "features"):
        right = path.familiarity(animals, real, space) > path.familiarity(animals, chimera, space)
        rows += [{"space": space, "condition": c, "pairs": int((condition == c).sum()),
                  "right": float(right[condition == c].mean())} for c in ("real_typical", "real_atypical")]
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--look-space", choices=("standardised", "features"), default="standardised")
    parser.add_argument("--judge", action="store_true", help="the animals'-look judge on intact features (prints)")
    args = parser.parse_args(argv)
    if args.judge:
        print(domain_look_judge().round(3).to_string(index=False))
        return 0
    out = table({rule: run(rule, args.look_space) for rule in RULES})
    args.output.mkdir(parents=True, exist_ok=True)
    name = "pair_look.csv" if args.look_space == "standardised" else f"pair_look_{args.look_space}.csv"
    out.to_csv(args.output / name, index=False, float_format="%.4f")
    with pd.option_context("display.width", 200):
        print(out.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Exploration, not a study: where the default's object-decision and drawing failures come from (issue 26)

    python studies/failure_anatomy.py                # about 1 minute; docs/calibration/failure_anatomy_*.csv
    python studies/failure_anatomy.py --output DIR   # the tables under DIR instead

Why: with ``sd_hub`` (``sd_hub_v38``) two signatures of issue 26's done-when fail on every cohort run so far:
"object decision: typical stays normal" (real-typical pairs at least 0.8 correct in every stage; 0.59 to 0.66)
and, since v38, "intrusions are commoner in animals than in artefacts" (−0.014 to −0.020).  This asks which
trials carry them, so that the next design knows what it must change.  Nothing is chosen and no preset changes.

What it does: ``sd_hub`` once on the calibration patients (``replicate(random_state=1)``: no held-out cohort is
touched), picture naming (for the stages), object decision and delayed copy, no baselines.  Then

1. object decision, by stage and condition, split by what retrieval reached from the *real* picture
   (``real_level`` and ``real_top_item``: its own item, a wrong item, only a category or domain, nothing) and
   from the chimera: share of trials and accuracy of each split;
2. delayed copy in the severe stage: the share of each domain's absent attributes intruded, attribute by
   attribute, and by the level retrieval reached.

Quoted beside these tables in docs/calibration.md, not recomputed here: a judge that compares both pictures of every
pair with the animals' average look alone (what the rule ``task_domain`` does when nothing is retrieved) calls
0.79 of real-typical pairs right on the intact default patient's features (``studies/task_domain_look.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

PRESET = "sd_hub"
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"


def trials() -> pd.DataFrame:
    """``sd_hub``'s object-decision and delayed-copy trials on the calibration patients, with their stage."""
    from cogsim.analysis import add_stages
    from cogsim.replication import ReplicationConfig, replicate

    run = replicate(None, ReplicationConfig(preset=PRESET, random_state=synaptic_loss.CALIBRATION_RANDOM_STATE,
                                            paradigms=("picture_naming", "object_decision", "delayed_copy"),
                                            baselines=(), contrasts=(), new_views=False, explain=False))
    staged = add_stages(run.results)
    return staged[staged["paradigm"].isin(["object_decision", "delayed_copy"])].reset_index(drop=True)


def _reached(level: pd.Series, top: pd.Series, item: pd.Series, donor: pd.Series | None = None) -> np.ndarray:
    """What retrieval reached from a picture: its own item, the donor's, a wrong item, a category, or nothing."""
    level, top = level.astype(str).to_numpy(), top.astype(str).to_numpy()
    conditions = [(level == "item") & (top == item.to_numpy())]
    names = ["own item" if donor is None else "real item"]
    if donor is not None:
        conditions.append((level == "item") & (top == donor.astype(str).to_numpy()))
        names.append("donor item")
    conditions += [level == "item", np.isin(level, ["basic", "domain"])]
    names += ["wrong item" if donor is None else "other item", "category only"]
    return np.select(conditions, names, default="nothing")


def object_decision_table(data: pd.DataFrame) -> pd.DataFrame:
    """Object decision by stage, condition and what retrieval reached from each picture."""
    od = data[data["paradigm"] == "object_decision"].copy()
    od["real_reached"] = _reached(od["real_level"], od["real_top_item"], od["item"])
    od["chimera_reached"] = _reached(od["chimera_level"], od["chimera_top_item"], od["item"], od["donor"])
    od["stage"] = od["stage"].astype(str)
    names = {"size": "trials", "mean": "correct", "real_reached": "real_picture", "chimera_reached": "chimera"}

    def accuracy(by):
        return od.groupby(by, observed=True)["correct"].agg(["size", "mean"]).reset_index().rename(columns=names)

    split, whole = accuracy(["stage", "condition", "real_reached"]), accuracy(["stage", "condition"])
    split["share"] = split["trials"] / split.merge(whole, on=["stage", "condition"])["trials_y"]
    whole = whole.assign(real_picture="all", share=1.0)
    pairs = accuracy(["stage", "real_reached", "chimera_reached"]).assign(condition="both")
    table = pd.concat([split.assign(chimera="any"), whole.assign(chimera="any"), pairs], ignore_index=True)
    return table[["stage", "condition", "real_picture", "trials", "share", "correct", "chimera"]].round(4)


def drawing_table(data: pd.DataFrame) -> pd.DataFrame:
    """Severe-stage intrusions: share of each domain's absent attributes drawn, by attribute and by level."""
    dc = data[(data["paradigm"] == "delayed_copy") & (data["stage"].astype(str) == "severe")
              & (data["condition"] == "absent")].copy()
    dc["intruded"] = (dc["response"].astype(str) == "intruded").astype(float)
    by_attribute = (dc.groupby(["domain", "attribute"], observed=True)["intruded"].agg(["size", "mean"])
                    .reset_index().assign(by="attribute").rename(columns={"attribute": "what"}))
    by_level = (dc.groupby(["domain", "level"], observed=True)["intruded"].agg(["size", "mean"]).reset_index()
                .assign(by="level").rename(columns={"level": "what"}))
    overall = dc.groupby("domain", observed=True)["intruded"].agg(["size", "mean"]).reset_index()
    overall = overall.assign(by="all", what="all")
    out = pd.concat([overall, by_level, by_attribute], ignore_index=True)
    return out.rename(columns={"size": "absent_trials", "mean": "intruded"})[
        ["domain", "by", "what", "absent_trials", "intruded"]].round(4)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder for the tables (default: docs/calibration)")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    data = trials()
    od, dc = object_decision_table(data), drawing_table(data)
    od.to_csv(args.output / "failure_anatomy_object_decision.csv", index=False)
    dc.to_csv(args.output / "failure_anatomy_drawings.csv", index=False)
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        main_rows = od[od["condition"] != "both"].pivot_table(index=["stage", "real_picture"], columns="condition",
                                                              values=["share", "correct"])
        print("Object decision by what retrieval reached from the real picture:\n", main_rows.round(2))
        print("\nDelayed copy, severe stage, intrusions into absent attributes:\n",
              dc[(dc["by"] != "attribute") | (dc["intruded"] >= 0.1)].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

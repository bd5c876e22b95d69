"""Exploration, not a study: why the prior on names raises SD patients' benefit from a phonemic cue (issue 26/28)

    python studies/cue_prior_anatomy.py                # about a minute; docs/calibration/cue_prior_anatomy.csv
    python studies/cue_prior_anatomy.py --output DIR   # the table under DIR instead

Why: ``sd_hub_v40``'s SD patients (``sd_hub_v38`` naming with ``ResponsePolicy(name_prior=0.5)``) gain more from a
phonemic cue than ``sd_hub_v38``'s (cohorts 31 and 32: 0.115 and 0.118 against 0.104 and 0.105), and on `make run`'s
patients the SD-SA contrast "cues help SA more" fails with v40 (SD 0.123, SA 0.141, p 0.053).  docs/disorders.md gave a likely reason, not checked:
uncued, the prior makes a patient name a familiar sibling instead of a rare target, a name the first letter then
rules out.  This checks it.  Nothing is chosen and no preset changes.

What it does: ``sd_hub_v38`` and ``sd_hub_v40`` once each on the calibration patients (``replicate(random_state=1)``:
no held-out cohort is touched), picture naming and cued naming (the default cue), no baselines or contrasts.  Each
picture's uncued and cued answers in the same session are paired.  By stage, the share of pairs in which the cue
*gains* (uncued wrong, cued right) and *loses* (uncued right, cued wrong); the benefit is gains − losses.  Gains are
split by what the uncued answer was: a specific name more frequent than the target's (``freq_en``) with another first
letter (what the explanation says), another wrong specific name, a category name, or "don't know".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

PRESETS = ("sd_hub_v38", "sd_hub_v40")
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"
KINDS = ("familiar name ruled out", "other wrong name", "category name", "don't know")


def paired(preset: str) -> pd.DataFrame:
    """*preset*'s uncued and cued naming of each picture in each session, side by side, with its stage."""
    from cogsim.analysis import add_stages
    from cogsim.replication import ReplicationConfig, replicate

    run = replicate(None, ReplicationConfig(preset=preset, random_state=synaptic_loss.CALIBRATION_RANDOM_STATE,
                                            paradigms=("picture_naming", "cued_naming"), baselines=(), contrasts=(),
                                            new_views=False, explain=False))
    staged = add_stages(run.results)
    keys = ["patient", "session", "item"]
    columns = [*keys, "stage", "correct", "response_level", "response_id"]
    uncued = staged.loc[staged["paradigm"] == "picture_naming", columns]
    cued = staged.loc[staged["paradigm"] == "cued_naming", [*keys, "correct"]]
    both = uncued.merge(cued, on=keys, suffixes=("", "_cued"), validate="one_to_one")
    if len(both) != len(uncued):
        raise AssertionError(f"{preset}: {len(uncued)} uncued trials but {len(both)} pairs")
    return both


def kinds(pairs: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """What each uncued answer was (:data:`KINDS`; "" for a right one)."""
    zipf = pd.to_numeric(items.set_index("item_id")["freq_en"])
    first = items.set_index("item_id")["specific"].astype(str).str.strip().str.lower().str[:1]
    level = pairs["response_level"].astype(str).to_numpy()
    target, said = pairs["item"].astype(str), pairs["response_id"].astype(str)
    specific = level == "specific"
    said_item = said.where(specific, pairs["item"].astype(str))  # a placeholder where no item was named
    familiar_ruled_out = specific & (zipf.reindex(said_item).to_numpy() > zipf.reindex(target).to_numpy()) \
        & (first.reindex(said_item).to_numpy() != first.reindex(target).to_numpy())
    wrong = pairs["correct"].to_numpy() == 0
    return np.select([~wrong, familiar_ruled_out, specific, level == "none"],
                     ["", KINDS[0], KINDS[1], KINDS[3]], default=KINDS[2])


def table(frames: dict, items: pd.DataFrame) -> pd.DataFrame:
    """By preset and stage: trials, the cue's gains and losses and the benefit, and the gains by uncued answer."""
    rows = []
    for preset, pairs in frames.items():
        pairs = pairs.assign(kind=kinds(pairs, items))
        for stage, own in pairs[pairs["stage"].astype(str) != "control"].groupby("stage", observed=True):
            n = len(own)
            gain = (own["correct"] == 0) & (own["correct_cued"] == 1)
            loss = (own["correct"] == 1) & (own["correct_cued"] == 0)
            row = {"preset": preset, "stage": str(stage), "pairs": n, "uncued_correct": own["correct"].mean(),
                   "gains": gain.mean(), "losses": loss.mean(), "benefit": gain.mean() - loss.mean()}
            row.update({f"gains: {k}": (gain & (own["kind"] == k)).sum() / n for k in KINDS})
            row["uncued errors: familiar name ruled out"] = ((own["kind"] == KINDS[0]).sum() / n)
            rows.append(row)
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from cogsim.stimuli import load_battery

    items = load_battery().items
    frames = {preset: paired(preset) for preset in PRESETS}
    out = table(frames, items)
    args.output.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.output / "cue_prior_anatomy.csv", index=False, float_format="%.4f")
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(out.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

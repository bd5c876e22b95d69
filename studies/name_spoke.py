"""The reverse direction: a heard name into the damaged hub, held out on a fresh cohort (issue 26)

    python studies/name_spoke.py               # the candidate on the calibration patients (about 2 minutes)
    python studies/name_spoke.py --held-out    # then it, sd_hub_v11 and sd_hub_v1, once, on fresh patients,
                                               # and drawing to name beside delayed copy on the same patients
    python studies/name_spoke.py --output DIR  # tables under DIR instead of docs/calibration/

Why: issue 26 asks for the reverse direction "where it serves the tasks": a name into the hub,
attributes out, for word–picture matching and drawing from a name.  Until now every task went
from a picture to the hub; word–picture matching asked which picture gives the heard name the
highest log-odds, a picture-to-name read-out.  ``TrainingConfig(name_spoke=True)`` gives each
item's name connections into the hub's hidden layer (set to the mean input the item's pictures
give it in the intact hub; the hub is otherwise unchanged), damaged with that layer (pruning
removes the same share of them, silenced units are silent for names too, activation noise is
drawn for the heard pass as for a picture).  ``ResponsePolicy(matching="hub")`` points to the
picture whose damaged hub state is most like the state the heard name evokes;
``DelayedCopy(cue="name")`` draws what the semantic spoke outputs from that state (drawing to
name, Bozeat et al. 2003).  (What was looked at first: on the patients of training seeds 0 and
1 (the first calibration study's seeds, in no ``replicate`` cohort), while writing the code,
4AFC matching by the hub stayed at 0.85 at severity 0.65 where naming was near 0.08, and drawing
to name at 0.65 still drew the camel's hump and the elephant's trunk: the reverse read keeps
distinctive attributes as the picture read does.  Nothing was chosen from that look; there is
nothing to choose.)

The design, written down before the candidate below was run on any cohort (2026-12-05):

1. One candidate, ``sd_hub_v13``: ``sd_hub_v11`` with ``TrainingConfig(name_spoke=True)`` and
   ``ResponsePolicy(matching="hub")``; nothing else changes and nothing is searched.  The
   picture path, its damage (each weight's own random stream) and its noise are v11's, so every
   task but word–picture matching gives v11's trials; the signatures that can move are
   ``matching_declines`` and ``items_consistent_across_tasks`` (and, through the matching
   scores, nothing else in the verdict table).
2. In sample: ``sd_hub_v13`` on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast), reported as in sample.  Whatever it shows, step 3 runs as written.
3. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=7)``, every baseline and contrast): ``sd_hub_v13``, ``sd_hub_v11``
   (the same patients matching by names, so the reverse read's own effect is v13 minus v11) and
   ``sd_hub_v1`` (the default, scored the same way).  ``sd_hub`` moves to ``sd_hub_v13`` only if
   it reproduces more of the 32 signatures than ``sd_hub_v1`` *and* its naming RMSE over the 16
   informative cells is not above ``sd_hub_v1``'s (v13 names as v11 does, so this is v11's RMSE).
4. Described, not scored (no signature is added): on the same fresh premorbid patients and
   sessions as step 3, word–picture matching accuracy beside naming accuracy per session for v11
   and v13 (SD patients are indexed by matching, which declines later than naming), and drawing to
   name beside delayed copy: the share of shared and of distinctive attributes kept and of absent
   attributes intruded, per session, with a figure of one patient's drawings to name
   (``docs/images/drawings_to_name_sd_hub_v13.png``).  Nothing is changed after these runs; the
   outcome is reported as it comes out.

Writes ``name_spoke.csv`` (in sample) and, with ``--held-out``, ``name_spoke_held_out.csv``,
``…_held_out_v11.csv`` and ``…_held_out_v1.csv`` (each with its verdicts and contrasts beside it),
``name_spoke_matching.csv`` and ``name_spoke_drawing.csv`` (step 4).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v13"
FRESH_RANDOM_STATE = 7
TABLE = "name_spoke.csv"
DRAWN_ITEMS = ["duck", "camel", "elephant", "penguin", "kangaroo", "dolphin", "car", "banana"]


def in_sample(output: Path) -> pd.DataFrame:
    """Step 2: the candidate on the calibration patients, every baseline and contrast."""
    return synaptic_loss.in_sample(CANDIDATE, output / TABLE)


def described(output: Path) -> tuple:
    """Step 4: matching beside naming (v11 and v13), and drawing to name beside delayed copy (v13), per session, on
    replicate(random_state=7)'s premorbid patients and v13's sessions; the drawings of the first patient."""
    import cogsim
    from cogsim.lesions import make_cohort
    from cogsim.paradigms import PictureNaming, WordPictureMatching, run_paradigms
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = cogsim.load_battery()
    seeds = SeedTree(FRESH_RANDOM_STATE)
    preset = get_preset(CANDIDATE)
    patients = build_patients(battery, seeds.ints("patients", 8), hub=preset.hub, training=preset.training,
                              policy=preset.policy, progress=False)
    matching = []
    for label, policy in (("sd_hub_v11", get_preset("sd_hub_v11").policy), (CANDIDATE, preset.policy)):
        sessions = make_cohort([p.with_policy(policy) for p in patients], preset.lesion,
                               severities=preset.severities, random_state=seeds.stream("lesions"))
        out = run_paradigms([PictureNaming(), WordPictureMatching()], sessions, battery, random_state=0,
                            progress=False)
        accuracy = pd.DataFrame({task: out[task].groupby("severity")["correct"].mean() for task in out})
        matching.append(accuracy.assign(preset=label).reset_index())
        if label == CANDIDATE:
            drawing_table = drawings(sessions, battery, CANDIDATE)
    matching_table = pd.concat(matching, ignore_index=True)
    matching_table.to_csv(output / "name_spoke_matching.csv", index=False, float_format="%.4f")
    drawing_table.to_csv(output / "name_spoke_drawing.csv", index=False, float_format="%.4f")
    print(matching_table.pivot(index="severity", columns="preset").round(3).to_string())
    print(drawing_table.pivot(index="severity", columns="cue").round(3).to_string())
    return matching_table, drawing_table


def drawings(sessions, battery, preset: str) -> pd.DataFrame:
    """Delayed copy and drawing to name of *sessions*: their rates per session (:func:`_drawing_rates`, with a
    ``cue`` column), and the first patient's drawings to name at every fifth session
    (``docs/images/drawings_to_name_<preset>.png``)."""
    from cogsim.paradigms import DelayedCopy, run_paradigms

    rates = []
    for cue in ("picture", "name"):
        trials = run_paradigms([DelayedCopy(cue=cue)], sessions, battery, random_state=0,
                               progress=False)["delayed_copy"]
        rates.append(_drawing_rates(trials).assign(cue=cue))
    drawings_figure(trials, battery, f"drawings_to_name_{preset}.png", DRAWN_ITEMS,
                    "Drawing to name: attributes drawn from the heard name (− omitted, + intruded)")
    return pd.concat(rates, ignore_index=True)


def drawings_figure(trials: pd.DataFrame, battery, file: str, items, title: str) -> Path:
    """The first patient's drawings of *items* at every fifth session of *trials*, as docs/images/*file*."""
    from cogsim.analysis.figures import plot_drawings

    keep = trials["severity"].isin(sorted(set(trials["severity"]))[::5])
    figure = plot_drawings(trials[keep], battery, patient=str(trials["patient"].iloc[0]), items=items, title=title)
    path = cogsim_root() / "docs" / "images" / file
    figure.savefig(path, dpi=90)
    print(f"wrote {path}")
    return path


def _drawing_rates(trials: pd.DataFrame) -> pd.DataFrame:
    """Per session: share of shared and of distinctive attributes kept, of absent attributes intruded."""
    kept = trials[trials["condition"] != "absent"].assign(kept=lambda t: t["response"] == "kept")
    rates = kept.pivot_table(index="severity", columns="condition", values="kept", aggfunc="mean", observed=True)
    rates.columns = [f"{c}_kept" for c in rates.columns]
    absent = trials[trials["condition"] == "absent"]
    rates["intruded"] = (absent["response"] == "intruded").groupby(absent["severity"]).mean()
    return rates.reset_index()


def cogsim_root() -> Path:
    return Path(__file__).resolve().parent.parent


def fresh_held_out(output: Path) -> dict:
    """Step 3, then step 4: sd_hub_v1, sd_hub_v11 and sd_hub_v13, once each, on replicate(random_state=7)'s
    patients; then the described measures on the same premorbid patients."""
    row = synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v11",))
    described(output)
    return row


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=in_sample, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())

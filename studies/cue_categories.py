"""What a phonemic cue may tell: cued naming with the patient's own (uncued) category beliefs (issue 28)

    python studies/cue_categories.py                # about 3 minutes; writes docs/disorders/cue_categories.csv

Why: with cogsim's cue so far (``CuedNaming(categories="cued")``), a patient
whose categories are sums of its item beliefs also sums them from the cued
names; in a battery of 140 names a first letter leaves about seven names,
rarely two of one category, so the cue tells the category as well, and SD
patients who no longer know what the picture is gain almost as much from a cue
as semantic-aphasia patients (0.29 against 0.34 on make run's patients).  A
phonemic cue carries no meaning: ``CuedNaming(categories="uncued")`` lets it
narrow the choice of names only, and a patient naming top-down who no longer
knows the domain still says "don't know".

What this measures, once, for the record (nothing is chosen; the default stays
``"cued"``): the SD-against-SA contrasts of the default preset with the uncued
cue, on the calibration patients (``replicate(random_state=1)``) and on make
run's patients (``random_state=0``), no baselines; the cued cue's contrasts on
the same patients are in ``docs/disorders/sa_contrasts_calibration.csv`` and
``docs/disorders.md``.  The replication asks the paradigm registry for
"cued_naming"; this script hands it the uncued variant for its runs.

Writes ``docs/disorders/cue_categories.csv``: one row per cohort and contrast.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def contrasts(random_state: int) -> pd.DataFrame:
    """The default replication's SD-against-SA contrasts with the uncued cue, for *random_state*'s patients."""
    import cogsim.paradigms as paradigms
    from cogsim.paradigms import CuedNaming
    from cogsim.replication import ReplicationConfig, replicate

    registered = paradigms.get_paradigm

    def uncued(name):
        return CuedNaming(categories="uncued") if name == "cued_naming" else registered(name)

    paradigms.get_paradigm = uncued
    try:
        run = replicate(None, ReplicationConfig(random_state=random_state, baselines=(), new_views=False,
                                                explain=False))
    finally:
        paradigms.get_paradigm = registered
    return run.contrasts.assign(random_state=random_state)


def main() -> int:
    table = pd.concat([contrasts(1), contrasts(0)], ignore_index=True)
    columns = ["random_state", "signature", "sd_mean", "other_mean", "estimate", "p", "effect_size", "reproduced"]
    table[columns].to_csv(ROOT / "docs" / "disorders" / "cue_categories.csv", index=False, float_format="%.4f")
    print(table[columns].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

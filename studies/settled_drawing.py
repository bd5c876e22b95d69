"""The default's fallback drawing read from the domain-settled state: one candidate checked on the calibration patients,
then held out on two fresh cohorts against sd_hub_v45 (issue 26: "a severe patient's delayed copy keeps the domain's
shared attributes and adds intrusions (a duck with four legs), while distinctive ones go; the figure shows it")

    python studies/settled_drawing.py               # v45 and v52 in sample, then cohorts 40 and 41
    python studies/settled_drawing.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v45``) draws a picture from which it retrieves nothing as its damaged fitted spoke
outputs it (``sd_hub_v38``'s ``drawing="fallback_spoke"``).  Its severe drawings keep some shared attributes, but the
run-time noise of the lesion reaches the spoke, so the intrusions are scattered: in ``make run``'s report (session 15,
severity 0.95, looked at on 2026-12-06) a gorilla gains a tail, fins, stripes and "elongated", a kangaroo stripes, a
penguin a long neck, a car a tail; no drawing is the generic animal (a duck with four legs) that the issue's done-when
asks the figure to show.  ``sd_hub_v39`` (``studies/fallback_spoke.py``) read the same fallback from the hub's state
after it settles toward its domain's prototype (``HubConfig(settling="domain_attributes")``, gate 1), and in sample
drew a cleaner generic member than v38 (severe stage: 0.77 of shared attributes kept against 0.68, 0.18 of distinctive
ones against 0.24) with the same signatures; it lost the tie to v38 by that study's rule (fewer mechanisms) and was
never held out.  Here the same settling is put on the default: ``sd_hub_v52`` = v45 with
``HubConfig(settling="domain_attributes")``, nothing else.  The settled state is read by the spoke alone, so every
other task stays v45's (checked below).

Seen first, before this design (2026-12-06): every study's results in docs/calibration.md, among them
``studies/fallback_spoke.py`` (v38 and v39 in sample; v38 on cohorts 29 and 30), ``studies/failure_anatomy.py`` (the
artefacts' intrusions are mostly a tail and wings), this session's ``studies/connection_loss.py`` (cohorts 38, 39)
and ``studies/attribute_hub_loss.py`` (calibration patients only), and ``make run``'s report with v45.  No run of
v52, and no patient of cohorts 40 or 41 has been run by any study, test or calibration.

Expected, said before the runs: as v39 against v38, more shared and fewer distinctive attributes kept and fewer
atypical intrusions; "intrusions rise" kept (v39 +0.047 in sample); "intrusions are commoner in animals than in
artefacts" still failing (v39 −0.012); a tie in signatures is the likeliest count.

The design, written down before the runs below (2026-12-06):

1. One candidate, fixed before any run: ``sd_hub_v52`` (above).  No free parameter: gate 1 and the domain
   prototypes are v39's.
2. ``sd_hub_v45`` and ``sd_hub_v52`` once each on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast).  Check first: v52's trials of every paradigm but delayed copy must equal v45's; if not,
   the study stops there and reports it.  v52 qualifies if it reproduces at least as many of the 32 signatures as
   v45 there, meets ``generic`` (``fitted_spoke.generic_drawing``, unchanged), and its severe-stage drawings are more
   generic than v45's: a higher share of shared attributes kept *and* a lower share of absent atypical attributes
   intruded.  If not: no held-out run, ``sd_hub`` stays v45.
3. ``sd_hub_v45`` and ``sd_hub_v52`` once each on ``replicate(random_state=40)`` and ``replicate(random_state=41)``.
   ``sd_hub`` moves to v52 if, summed over the two cohorts, it reproduces at least as many signatures as v45, leaves
   no more undetermined and its mean naming RMSE is not above v45's (the naming is v45's), and on *each* cohort it
   meets ``generic`` with more shared attributes kept and fewer atypical intrusions than v45 (:func:`gains`).  Each
   cohort's numbers are reported, deciding nothing.  Nothing is changed after these runs; the outcome is reported as
   it comes out.

Writes ``settled_drawing.csv`` (one row per preset, calibration, with the drawing measures) with
``settled_drawing_<version>*.csv`` and, when v52 qualifies, ``settled_drawing_held_out_<cohort>_<version>*.csv``,
``settled_drawing_held_out_per_cohort.csv`` and ``settled_drawing_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fitted_spoke  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v52",)
BAR = "sd_hub_v45"
COHORTS = (40, 41)
TABLE = "settled_drawing.csv"
MEASURES = fitted_spoke.MEASURES
measured = fitted_spoke.measured
measured_and_kept = fitted_spoke.measured_and_kept


def same_other_tasks(candidate: str) -> bool:
    """Rule 2's check: *candidate*'s calibration trials of every paradigm but delayed copy equal v45's."""
    return fitted_spoke.same_other_tasks(candidate, None, BAR)


def more_generic(bar, new) -> bool:
    """*new*'s severe-stage drawings meet ``generic`` and are more generic than *bar*'s: more shared attributes kept
    and fewer absent atypical attributes intruded (both rows hold ``fitted_spoke.MEASURES``)."""
    return bool(str(new["generic"]) == "True" and float(new["kept_shared"]) > float(bar["kept_shared"])
                and float(new["intruded_atypical"]) < float(bar["intruded_atypical"]))


def choose(table: pd.DataFrame, candidates=CANDIDATES) -> str | None:
    """Rule 2: a candidate with at least v45's signatures in sample whose drawings are :func:`more_generic` than
    v45's; the most signatures, then the first listed; None when none qualifies."""
    bar = table.loc[table["candidate"] == BAR].iloc[0]
    ok = table[table["candidate"].isin(candidates) & (table["reproduced"] >= int(bar["reproduced"]))
               & table.apply(lambda row: more_generic(bar, row), axis=1)]
    return fitted_spoke.first_of(ok, candidates, ["reproduced"], [False])


def gains(bar, new, per_cohort: pd.DataFrame) -> bool:
    """Rule 3: no loss on the totals (signatures, undetermined, mean RMSE) and :func:`more_generic` than v45 on
    every cohort."""
    no_loss = bool(new["reproduced"] >= bar["reproduced"] and new["undetermined"] <= bar["undetermined"]
                   and new["rmse"] <= bar["rmse"])
    rows = per_cohort.set_index(["cohort", "preset"])
    candidate = next(p for p in per_cohort["preset"] if p != BAR)
    return no_loss and all(more_generic(rows.loc[(c, BAR)], rows.loc[(c, candidate)])
                           for c in per_cohort["cohort"].unique())


#: What rule 2's refusal says.
NO_CANDIDATE = "v52 does not keep {bar}'s signatures with more generic severe drawings in sample"


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run`` with this study's bar, cohorts, measures, check, choice and rule);
    whether sd_hub moves (None: v52 did not qualify, or rule 2's check failed)."""
    return fitted_spoke.run(output, candidates, table_name, study=sys.modules[__name__])


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())

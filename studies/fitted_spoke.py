"""A semantic spoke fitted to the default's hubs, read by delayed copy alone: two candidates chosen on the calibration
patients, the chosen one held out on two fresh cohorts against sd_hub_v33 (issue 26: "a severe patient's delayed
copy keeps the domain's shared attributes and adds intrusions, while distinctive ones go")

    python studies/fitted_spoke.py               # v33 and both candidates in sample, then cohorts 29 and 30 (~12 min)
    python studies/fitted_spoke.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v33``) looks its drawings up from the items the patient still believes in, so a severe
patient draws an almost blank page, and "drawing intrusions rise" fails on every cohort it has run.  A spoke learnt
with the hub (``sd_hub_v34``, ``studies/spoke_on_the_default.py``) made intrusions rise but changed the hub itself,
which lost the naming typicality effect held out, and its severe drawings were scattered attributes, not a generic
animal.  Here the hub is v33's, bit for bit, and the spoke is fitted to it afterwards
(``TrainingConfig(fitted_attributes=True)``: ridge regression from the intact hub's last hidden states to the
attributes), so names, matching, colour and object decision cannot change, and only what a drawing reads does.
The second candidate adds the one mechanism that has drawn a generic member before: the spoke reads the hub's state
after it settles toward its domain's prototype (``sd_hub_v16``'s ``settling="domain_attributes"``, gate 1).

Seen first, before this design (2026-12-06): every study's results listed in docs/calibration.md, including
``sd_hub_v16``'s drawings (severest session: 0.72 of shared attributes kept, 0.003 of distinctive ones, 0.19 of the
absent domain-typical attributes intruded; animals over artefacts failed), ``sd_hub_v21``'s and ``v24``'s read-outs
(a severe hub leans to the animals, so a generic-domain rule draws a car with a tail), v34's (intrusions rise; not
the generic animal) and v33's verdicts on cohorts 1, 25 to 28 and 0 (it fails "intrusions rise" on each, and passes
"animals over artefacts").  No hub with a fitted attribute spoke has been built, and no patient of cohorts 29 or 30
has been run by any study, test or calibration.

The measure the issue asks for, defined here before any run (``generic_drawing``): the delayed-copy trials (the
picture cue) of the patient-sessions in the severe stage (naming accuracy below 0.25, the stages of the
signatures), pooled over patients:

* ``kept_shared``: the share of the item's shared attributes (those at least half of its domain has) drawn;
* ``kept_distinctive``: the same for its distinctive attributes;
* ``intruded_typical``: the share of absent attributes that at least half of the item's domain has, drawn;
* ``intruded_atypical``: the same for absent attributes that less than half of it has;

and ``generic`` is met when ``kept_shared >= 0.5``, ``kept_shared - kept_distinctive >= 0.25``,
``intruded_typical >= 0.05`` and ``intruded_typical > intruded_atypical``: the domain's shared attributes mostly
kept, distinctive ones lost, and intrusions that are the domain's.  No severe session: not met.  The same shares are
reported for the controls and for animals and artefacts apart (``intruded_typical_animal`` /
``_artefact``), deciding nothing.

The design, written down before the runs below (2026-12-06):

1. Two candidates, fixed before any was run: ``sd_hub_v36`` (v33 + ``fitted_attributes=True``) and ``sd_hub_v37``
   (v36 + ``HubConfig(settling="domain_attributes", settling_gate=1.0)``).  No free parameter: the ridge is the
   colour spoke's, the gate v16's.
2. ``sd_hub_v33`` and each candidate once on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast).  Check first: each candidate's trials of every paradigm but delayed copy must equal
   v33's (the hub is v33's); if not, the study stops there and reports it.  A candidate qualifies if it reproduces
   at least as many of the 32 signatures as v33 there and meets ``generic``; the one chosen reproduces the most
   (a tie goes to v36, the one with fewer mechanisms).  None qualifies: no held-out run, ``sd_hub`` stays v33.
3. ``sd_hub_v33`` and the chosen candidate once each on ``replicate(random_state=29)`` and
   ``replicate(random_state=30)``.  ``sd_hub`` moves to the candidate if, summed over the two cohorts, it
   reproduces at least as many signatures as v33, its mean naming RMSE is not above v33's (it cannot differ),
   it leaves no more undetermined, and it meets ``generic`` on both cohorts while v33 does not on at least one of
   them (the gain the issue asks for); if v33 meets it on both, the candidate needs more signatures instead.  Each
   cohort's numbers and the signatures that differ are reported, deciding nothing.  Nothing is changed after
   these runs; the outcome is reported as it comes out.

Writes ``fitted_spoke.csv`` (one row per preset, calibration, with the drawing measures) with
``fitted_spoke_<version>*.csv`` and, when a candidate is chosen, ``fitted_spoke_held_out_<cohort>_<version>*.csv``,
``fitted_spoke_held_out_per_cohort.csv`` and ``fitted_spoke_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import confident_steps  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v36", "sd_hub_v37")
BAR = "sd_hub_v33"
COHORTS = (29, 30)
TABLE = "fitted_spoke.csv"
#: The thresholds of ``generic`` (the module's docstring), fixed before any run.
KEPT_SHARED, KEPT_GAP, INTRUDED_TYPICAL = 0.5, 0.25, 0.05
MEASURES = ("kept_shared", "kept_distinctive", "intruded_typical", "intruded_atypical", "generic")

_TRIALS: dict = {}  # preset -> the calibration run's trials of every paradigm but delayed copy (rule 2's check)


def generic_drawing(results: pd.DataFrame, stage: str = "severe") -> dict:
    """The drawing measures of the module's docstring on *results* (a cohort's tidy trials, naming included), for
    the patient-sessions of *stage*; ``generic`` is False when the stage has no delayed-copy trial."""
    from cogsim.analysis._stages import add_stages
    from cogsim.paradigms.delayed_copy import SHARED

    staged = add_stages(results[results["paradigm"].isin(["picture_naming", "delayed_copy"])])
    copy = staged[(staged["paradigm"] == "delayed_copy") & (staged["stage"] == stage)]
    if "cue" in copy:
        copy = copy[copy["cue"].astype(str) == "picture"]
    drawn = copy["drawn"].to_numpy(float)
    condition = copy["condition"].astype(str).to_numpy()
    typical = copy["share"].to_numpy(float) >= SHARED
    domain = copy["domain"].astype(str).to_numpy()

    def share(mask) -> float:
        return float(drawn[mask].mean()) if mask.any() else float("nan")

    absent = condition == "absent"
    out = {"kept_shared": share(condition == "shared"), "kept_distinctive": share(condition == "distinctive"),
           "intruded_typical": share(absent & typical), "intruded_atypical": share(absent & ~typical),
           "intruded_typical_animal": share(absent & typical & (domain == "animal")),
           "intruded_typical_artefact": share(absent & typical & (domain == "artefact")),
           "severe_sessions": int(copy.groupby(["patient", "session"], observed=True).ngroups) if len(copy) else 0}
    out["generic"] = bool(len(copy) and out["kept_shared"] >= KEPT_SHARED
                          and out["kept_shared"] - out["kept_distinctive"] >= KEPT_GAP
                          and out["intruded_typical"] >= INTRUDED_TYPICAL
                          and out["intruded_typical"] > out["intruded_atypical"])
    return out


def measured(run, path: Path, row: dict) -> None:
    """``synaptic_loss.held_out``'s *extra*: the drawing measures (severe stage, and the controls') added to *row*."""
    row.update(generic_drawing(run.results))
    row.update({f"control_{k}": v for k, v in generic_drawing(run.controls, "control").items()
                if k in MEASURES[:4]})


def measured_and_kept(run, path: Path, row: dict) -> None:
    """:func:`measured`, keeping this calibration run's trials of every other paradigm for rule 2's check."""
    measured(run, path, row)
    _TRIALS[row["candidate"]] = run.results[run.results["paradigm"] != "delayed_copy"].reset_index(drop=True)


def same_other_tasks(candidate: str, trials: dict | None = None, bar_name: str = BAR) -> bool:
    """Rule 2's check: *candidate*'s kept calibration trials (every paradigm but delayed copy) equal v33's; with
    *trials* and *bar_name*, another study's kept trials and bar (``studies/name_prior.py``)."""
    trials = _TRIALS if trials is None else trials
    mine, bar = trials[candidate], trials[bar_name]
    if mine.shape == bar.shape and list(mine.columns) == list(bar.columns) and mine.equals(bar):
        return True
    differ = [c for c in bar.columns if c not in mine.columns or mine.shape != bar.shape
              or not mine[c].astype(str).equals(bar[c].astype(str))]
    print(f"{candidate}'s other tasks differ from {bar_name}'s: shapes {mine.shape} / {bar.shape}, columns {differ}")
    return False


def choose(table: pd.DataFrame, candidates=CANDIDATES) -> str | None:
    """Rule 2: *candidates* with as many signatures as v33 in sample and ``generic`` met; the most signatures, a tie
    to the first listed; None when none qualifies (also ``studies/fallback_spoke.py``'s rule 2)."""
    bar = int(table.loc[table["candidate"] == BAR, "reproduced"].iloc[0])
    ok = table[table["candidate"].isin(candidates) & (table["reproduced"] >= bar) & table["generic"].astype(bool)]
    return first_of(ok, candidates, ["reproduced"], [False])


def first_of(ok: pd.DataFrame, candidates, by, ascending) -> str | None:
    """The candidate of the qualifying rows *ok* that comes first sorted by *by* (*ascending* per column), a tie to
    the first listed in *candidates*; None when *ok* is empty (every study's rule 2 built on this one)."""
    if ok.empty:
        return None
    order = {c: k for k, c in enumerate(candidates)}
    ok = ok.assign(order=ok["candidate"].map(order)).sort_values([*by, "order"], ascending=[*ascending, True])
    return str(ok["candidate"].iloc[0])


def gains(bar, new, per_cohort: pd.DataFrame) -> bool:
    """Rule 3: no loss on the totals, and ``generic`` on both cohorts where v33 misses it on one (else a gain)."""
    no_loss = bool(new["reproduced"] >= bar["reproduced"] and new["rmse"] <= bar["rmse"]
                   and new["undetermined"] <= bar["undetermined"])
    generic = per_cohort.pivot(index="cohort", columns="preset", values="generic").astype(bool)
    candidate = [c for c in generic.columns if c != BAR][0]
    if generic[BAR].all():
        return no_loss and bool(new["reproduced"] > bar["reproduced"])
    return no_loss and bool(generic[candidate].all())


#: What rule 2's refusal says (``run``'s *study* has its own).
NO_CANDIDATE = "no candidate reproduces as many signatures as {bar} in sample and draws the generic member"


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE, study=None) -> bool | None:
    """Rules 2 and 3 for *candidates*, tables named after *table_name*; whether sd_hub moves (None: no candidate
    qualified, or the check of rule 2 failed).  ``studies/fallback_spoke.py`` runs it with its own candidates;
    *study* (a module, default this one) gives another study's ``BAR``, ``COHORTS``, ``MEASURES``,
    ``measured_and_kept``, ``same_other_tasks``, ``choose``, ``gains``, ``measured`` and ``NO_CANDIDATE``
    (``studies/name_prior.py``)."""
    study = sys.modules[__name__] if study is None else study
    bar = study.BAR
    rows = []
    for preset in (bar, *candidates):
        path = output / f"{Path(table_name).stem}_{preset.removeprefix('sd_hub_')}.csv"
        rows.append(synaptic_loss.in_sample(preset, path, extra=study.measured_and_kept).iloc[0])
        pd.DataFrame(rows).to_csv(output / table_name, index=False, float_format="%.4f")
    table = pd.DataFrame(rows)
    print(table[["candidate", "reproduced", "rmse_informative", *study.MEASURES]].to_string(index=False))
    if not all(study.same_other_tasks(c) for c in candidates):
        print(f"rule 2's check failed: the study stops; sd_hub stays {bar}")
        return None
    chosen = study.choose(table, candidates)
    if chosen is None:
        print(f"{study.NO_CANDIDATE.format(bar=bar)}: no held-out run; sd_hub stays {bar}")
        return None
    print(f"chosen on the calibration patients: {chosen}")
    return confident_steps.run(output, candidate=chosen, bar=bar, cohorts=study.COHORTS,
                               table=f"{Path(table_name).stem}_held_out.csv", rule=study.gains, extra=study.measured,
                               columns=study.MEASURES)


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())

"""Do semantic-aphasia cases fit the semantic-dementia course? (issue 28: a case of another disorder is a poor fit)

    make run                                              # writes cogsim-report/ (SD and SA cohorts)
    python studies/case_fits.py cogsim-report             # about 10 s; writes docs/disorders/case_fits.csv

From a replication's report folder: the SD course is built from four of its
virtual SD patients (P01-P04, every severity); the cases are the other four
patients' sessions in the mild to severe stages (by naming), once with SD damage
and once with semantic-aphasia damage (the same premorbid patients), each with
its real item counts on picture naming, word-picture matching and category
verification (specific and domain labels).  Every case is fitted to the SD
course (``cogsim.cases.fit_course``); a case "fits" when its posterior
predictive check is above 0.05.  Then every case is also fitted to a
semantic-aphasia course built the same way (P01-P04 with SA damage), and
``cogsim.cases.compare_fits`` says which course explains it better.  Nothing is
tuned: the courses, the tests and the threshold are those of ``cogsim fit-cases``.
Writes ``case_fits.csv`` (the SD fit) and ``case_comparison.csv`` beside it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
TESTS = [("picture_naming", ""), ("word_picture_matching", ""), ("category_verification", "specific"),
         ("category_verification", "domain")]
COURSE, HELD_OUT = ("P01", "P02", "P03", "P04"), ("P05", "P06", "P07", "P08")


def cases_from(trials: pd.DataFrame, label: str) -> pd.DataFrame:
    """One case per patient-session in the mild to severe stages: its counts on every test."""
    from cogsim.analysis import severity_stages

    stages = severity_stages(trials)
    keep = stages[stages["stage"].isin(["mild", "moderate", "severe"])]
    rows = []
    for k in keep.itertuples(index=False):
        own = trials[(trials["patient"] == k.patient) & (trials["session"] == k.session)]
        for test, condition in TESTS:
            part = own[own["paradigm"] == test]
            if condition:
                part = part[part["condition"] == condition]
            rows.append({"patient": f"{label}-{k.patient}-s{k.session}", "test": test, "condition": condition,
                         "n_items": len(part), "n_correct": int(part["correct"].sum())})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    from cogsim.cases import compare_fits, course_from_trials, fit_course

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="a replication's report folder (make run: cogsim-report)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "disorders" / "case_fits.csv")
    args = parser.parse_args(argv)
    trials = pd.read_csv(args.report / "trials.csv.gz", low_memory=False)
    sa = pd.read_csv(args.report / "contrast_trials.csv.gz", low_memory=False)
    sd = trials[trials["patient"].astype(str).str.startswith("P")]
    course = course_from_trials(sd[sd["patient"].isin(COURSE)], TESTS)
    cases = pd.concat([cases_from(sd[sd["patient"].isin(HELD_OUT)], "SD"),
                       cases_from(sa[sa["patient"].isin(HELD_OUT)], "SA")], ignore_index=True)
    fit = fit_course(cases, course, random_state=0)
    table = fit.severities.assign(disorder=lambda t: t["patient"].str[:2])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.output, index=False, float_format="%.4g")
    summary = table.groupby("disorder").agg(cases=("fits", "size"), fit=("fits", "sum"),
                                            median_ppc_p=("ppc_p", "median"))
    print(summary.to_string())
    sa_course = course_from_trials(sa[sa["patient"].isin(COURSE)], TESTS)
    comparison = compare_fits({"sd": fit, "sa": fit_course(cases, sa_course, random_state=0)})
    comparison = comparison.assign(disorder=lambda t: t["patient"].str[:2])
    comparison.to_csv(args.output.parent / "case_comparison.csv", index=False, float_format="%.4g")
    print(pd.crosstab(comparison["disorder"], comparison["best"]).to_string())
    print(comparison.groupby("disorder")[["p_sd", "p_sa", "fits_sa", "fits_sd"]].mean().round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

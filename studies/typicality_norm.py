"""Which typicality the naming signatures test: the decision, and a check on patients no study has used (issue 26)

    python studies/typicality_norm.py            # sd_hub on replicate(random_state=2)'s patients (about 2 minutes)
    python studies/typicality_norm.py --output DIR

The decision, written down before the run below (2026-12-05), and not conditional on
its outcome:

1. The four naming signatures about typicality (``naming_typicality_effect``,
   ``naming_frequency_by_typicality``, ``naming_errors_to_typical_names``,
   ``naming_error_drift_grows``) test typicality as a property of the concept:
   family resemblance to the domain (Rosch & Mervis 1975) computed from the
   battery's coded attributes (``cogsim.stimuli.norms.family_resemblance``,
   committed before any patient was tested against it), as issue 26 asks ("a
   family-resemblance norm from the attributes"; the visual norm "describes what
   the network sees, not what a concept shares with its domain").  The verdict's
   ``norm`` column says so, and each verdict's note gives the same test with
   visual typicality, so the report gives both.  A battery without coded
   attributes falls back to visual typicality and its ``norm`` says that.
2. Object decision keeps visual typicality: its conditions are built from the
   pictures' visual typicality (which of the real animal and the chimera looks
   more typical), so that is what its signatures are about.
3. What was already seen, said plainly: on ``make run``'s patients
   (``random_state=0``) the default ``sd_hub`` reproduced the typicality effect
   with family resemblance (+0.031 per SD, p 0.016) and not with visual
   typicality (−0.0007); that was reported in docs/calibration.md before this
   decision.  The other three signatures had not been computed with family
   resemblance on any patients.  So ``make run``'s verdict on the typicality
   effect is not a blind test of this decision.
4. The check: ``sd_hub`` (the default, ``sd_hub_v1``) on
   ``replicate(random_state=2)``'s patients and controls, which no study, test or
   calibration has used (calibration used 1, ``make run`` uses 0), run once,
   with no baselines, views, maps or contrasts; the four signatures are reported
   with both norms, whatever they say.  Nothing is changed after it.

Writes ``typicality_norm_check.csv``: one row per signature and norm.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synaptic_loss import run_main  # noqa: E402

CHECK_RANDOM_STATE = 2
SIGNATURES = ("naming_typicality_effect", "naming_frequency_by_typicality", "naming_errors_to_typical_names",
              "naming_error_drift_grows")


def check(output: Path) -> pd.DataFrame:
    """The default preset on never-used patients, the four signatures under both norms (rule 4)."""
    from cogsim.analysis import evaluate_signatures
    from cogsim.analysis.reference import load_signatures
    from cogsim.replication import ReplicationConfig, SeedTree, replicate

    run = replicate(None, ReplicationConfig(preset="sd_hub", random_state=CHECK_RANDOM_STATE, baselines=(),
                                            new_views=False, explain=False, contrasts=()))
    table = load_signatures()
    chosen = table[table["signature"].isin(SIGNATURES)]
    items = run.battery.items
    rows = []
    # without the coded attributes, the checks fall back to visual typicality (rule 1)
    for asked, norms in (("family resemblance", items),
                         ("visual typicality", items.drop(columns=[c for c in items if c.startswith("attr_")]))):
        verdicts = evaluate_signatures(run.results, chosen, items=norms,
                                       random_state=SeedTree(CHECK_RANDOM_STATE).stream("signatures"))
        for _, v in verdicts.iterrows():
            rows.append({"norm_asked": asked, "signature": v["signature"], "norm": v["norm"],
                         "estimate": v["estimate"], "p": v["p"], "reproduced": v["reproduced"]})
    result = pd.DataFrame(rows)
    result.to_csv(output / "typicality_norm_check.csv", index=False, float_format="%.4f")
    print(result.to_string(index=False))
    return result


def main(argv=None) -> int:
    return run_main(argv, doc=__doc__, run=check)


if __name__ == "__main__":
    raise SystemExit(main())

"""Exploration, not a study: does familiarity protect the default's items through sturdier representations or only
through a bias in the competition between names? (issue 26)

    python studies/familiarity_bias.py                 # about 30 s with a warm cache; prints only

Why: ``studies/category_size.py`` found the default's wrong-signed naming interaction between basic categories
of different sizes, where a low-frequency item loses to familiar siblings.  That account needs familiarity to
act by *winning* the competition between names (a familiar name takes probability from its neighbours), not
by making a familiar item's own state harder to damage.  The default's hubs learn familiarity from exposure
(``TrainingConfig(frequency_exposure=0.5)``: a picture's loss weighs ``(10 ** zipf) ** 0.5``), which can do
either: a classifier trained on unequal class weights learns a prior in its output layer, and may also
separate the familiar items' states further from their neighbours.  Logit adjustment (Menon et al. 2021,
"Long-tail learning via logit adjustment", ICLR) tells them apart: subtracting ``beta · 0.5 · ln 10 ·
(zipf - mean zipf)`` from every damaged item logit removes a prior of that size and leaves the representation
as it is.  If the frequency effect survives the subtraction, familiar items are sturdier; if it goes, it was
the prior.  Asked on 2026-12-06 after ``category_size.py``'s held-out run, with a script of my own whose
numbers this file reproduces.

What it does: the default's hubs (``sd_hub``), policy and sessions on the calibration patients
(``random_state=1``; this file's own noise seeds: progression ``100 + k`` for patient *k*, evaluation
``1000 k + s`` for session *s*; not the replication's, so the numbers differ a little from a ``replicate``
run), the canonical pictures of every session, then for ``beta`` in 0, 0.5 and 1: the item probabilities
after the subtraction, and success both as the default names (top-down retrieval with the policy's name prior)
and as the plain argmax of the item probabilities.  On the sessions below 0.9 naming accuracy (the signatures
test mild to severe) it fits the signatures' item model (per patient, means over the 8) with family
resemblance pooled (as the signature), the basic category's size as the norm, and both norms standardised
within each basic category (:mod:`category_size`).  Prints the table; nothing is written or chosen, and no
preset changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import category_size  # noqa: E402
import synaptic_loss  # noqa: E402

BETAS = (0.0, 0.5, 1.0)
#: Sessions at or above this naming accuracy are left out (the signatures test the mild to severe stages).
MINIMAL = 0.9


def adjusted(logits: np.ndarray, zipf: np.ndarray, prior: float) -> np.ndarray:
    """Item probabilities of *logits* ``(..., n_items)`` after removing a label prior ``prior · ln 10 · (zipf −
    mean)``: ``softmax(logits − prior · ln 10 · (zipf − mean zipf))``.

    >>> p = adjusted(np.log(np.array([[0.5, 0.5]])) + np.log(10.0) * np.array([1.0, 0.0]), np.array([1.0, 0.0]), 1.0)
    >>> p.round(3).tolist()
    [[0.5, 0.5]]
    """
    z = logits - prior * np.log(10.0) * (zipf - zipf.mean())
    z = z - z.max(-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(-1, keepdims=True)


def trials(preset_name: str = "sd_hub") -> pd.DataFrame:
    """One row per patient, session and canonical picture; a 0/1 column of success per ``beta`` and rule."""
    import torch

    from cogsim import load_battery
    from cogsim.lesions import progression
    from cogsim.paradigms.naming import with_name_prior
    from cogsim.paradigms.retrieval import retrieve
    from cogsim.patients import build_patients
    from cogsim.patients.features import picture_features
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    preset = get_preset(preset_name)
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    patients = build_patients(battery, seeds, hub=preset.hub, training=preset.training, policy=preset.policy,
                              progress=False)
    lex = patients[0].lexicon
    basic, domain = lex.membership("basic").numpy(), lex.membership("domain").numpy()
    zipf = battery.items.set_index("item_id").loc[list(lex.item_ids), "freq_en"].to_numpy(float)
    truth = np.array([lex.item_ids.index(i) for i in battery.item_ids])
    exposure = preset.training.frequency_exposure
    rows = []
    for k, patient in enumerate(patients):
        features = picture_features(patient.backbone, battery, None)
        course = progression(patient, preset.lesion, preset.severities, random_state=100 + k, patient_id="P")
        for s, session in enumerate(course):
            with torch.no_grad():
                logits = session.hub_logits(features, random_state=1000 * k + s, battery=battery).double().numpy()
            out = {"patient": f"P{k + 1:02d}", "session": s, "item": list(battery.item_ids),
                   "paradigm": "picture_naming"}
            for beta in BETAS:
                p = adjusted(logits, zipf, beta * exposure)
                named = with_name_prior(p[None], battery, lex, [session.policy])
                got = retrieve(named, named @ basic, named @ domain, lex, [session.policy])
                out[f"beta {beta:g}, as the default names"] = ((got.level[0] == 0) & (got.item[0] == truth))
                out[f"beta {beta:g}, plain argmax"] = p.argmax(-1) == truth
            rows.append(pd.DataFrame(out))
    return pd.concat(rows, ignore_index=True)


def table(data: pd.DataFrame) -> pd.DataFrame:
    """The item model's terms for each success column of *data*, three ways (see the module docstring)."""
    from cogsim import load_battery
    from cogsim.analysis.item_effects import naming_item_model
    from cogsim.analysis.signatures import naming_typicality

    items, norm = naming_typicality(category_size.with_category_size(load_battery().items))
    inside = category_size.within_basic(items, ["freq_en", norm])
    rows = []
    for column in [c for c in data.columns if c.startswith("beta ")]:
        own = data.assign(correct=data[column].astype(int))
        accuracy = own.groupby(["patient", "session"])["correct"].transform("mean")
        own = own[accuracy < MINIMAL]
        for label, own_items, typicality in (("pooled (as the signature)", items, norm),
                                             ("basic-category size as the norm", items, category_size.SIZE),
                                             ("within basic categories", inside, norm)):
            fit = naming_item_model(own, own_items, typicality=typicality)
            rows.append({"success": column, "fit": label, "sessions": own[["patient", "session"]].drop_duplicates()
                         .shape[0], **fit[["frequency", "typicality", "interaction"]].mean().to_dict()})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="sd_hub")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    print(table(trials(args.preset)).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

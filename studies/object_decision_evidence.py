"""Exploration, not a study: object decision by the generative hub's own evidence for each picture (issue 26)

    python studies/object_decision_evidence.py     # about 1 minute; prints two tables, writes nothing

What it does: ``sd_hub_v10``'s calibration patients (``replicate(random_state=1)``'s 8
premorbid hubs, never a held-out cohort), each damaged along v10's course (every other
session, one lesion stream per patient), run through object decision twice.  First as
cogsim does it today: each picture is compared with the look the patient recalls from
what its retrieval leaves (``cogsim.paradigms.object_decision``).  Then with a rule that
belongs to a generative read-out: a picture is as familiar as the hub's (damaged) state
for it is likely under the stored item patterns, the log-sum-exp of ``-|h - m_i|^2 / tau``
over the items (the patterns and ``tau`` of ``TrainingConfig(name_readout="prototype")``),
and the more familiar picture is called real.  It prints accuracy by condition and
severity beside naming.

It was run once, to decide whether such a rule is worth a pre-registered study; it chose
nothing, and cogsim's object decision is unchanged (docs/calibration.md, "Object decision
by the hub's evidence, explored").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attractor_settling import last_hidden_hook  # noqa: E402
from synaptic_loss import calibration_patients  # noqa: E402


def stored_patterns(patient, battery):
    """``(patterns, tau)`` of the prototype read-out, as ``TrainingConfig(name_readout="prototype")`` computes them."""
    from cogsim.patients.build import prototype_patterns, training_pictures

    _, x, y = training_pictures(patient.backbone, battery, patient.training)
    return prototype_patterns(patient.hub, x, y, patient.hub_config.layers, patient.training.prototype_temperature)


def evidence_rule(memory):
    """An ObjectDecision.respond that calls real the picture whose damaged hub state the stored patterns explain best."""
    from cogsim.paradigms.base import Coded
    from cogsim.patients.hub import forward

    def evidence(patient, features, k):
        patterns, tau = memory[patient.seed]
        kept: dict = {}
        hook = last_hidden_hook(patient, lambda h: kept.setdefault("h", h), np.random.default_rng(k))
        with torch.no_grad():
            forward(patient.hub, torch.tensor(features, dtype=torch.float32), patient.hub_config.layers, after=hook)
            return torch.logsumexp(-torch.cdist(kept["h"].double(), patterns) ** 2 / tau, -1).numpy()

    def respond(self, beliefs, design, streams, policies):
        index = {item: i for i, item in enumerate(beliefs["canonical"].lexicon.item_ids)}
        rows = {"canonical": design["item"].map(index).to_numpy(), "chimeras": design["pair"].to_numpy()}
        familiar = [np.stack([evidence(p, beliefs[name].features[k][rows[name]], k)
                              for k, p in enumerate(beliefs[name].patients)]) for name in ("canonical", "chimeras")]
        real = familiar[0] - familiar[1] > 0
        return {"response": Coded(np.where(real, 0, 1), ["real", "chimera"]), "correct": real.astype(np.int64),
                "score": familiar[0] - familiar[1], "real_familiarity": familiar[0],
                "chimera_familiarity": familiar[1]}
    return respond


def main() -> int:
    from cogsim.lesions import progression
    from cogsim.paradigms import ObjectDecision, PictureNaming, run_paradigms
    from cogsim.presets import get_preset

    preset = get_preset("sd_hub_v10")
    battery, patients = calibration_patients(preset.training)
    patients = [p.with_policy(preset.policy) for p in patients]
    memory = {p.seed: stored_patterns(p, battery) for p in patients}
    severities = [0.0, *list(preset.severities[1:])[::2]]
    courses = [progression(p, preset.lesion, severities, random_state=1 + k, patient_id=f"P{k + 1:02d}")
               for k, p in enumerate(patients)]
    today = ObjectDecision.respond
    for rule in ("the recalled look (today's rule)", "the hub's evidence"):
        if rule == "the hub's evidence":
            ObjectDecision.respond = evidence_rule(memory)
        try:
            trials = run_paradigms([ObjectDecision(), PictureNaming()], courses, battery, random_state=1)
        finally:
            ObjectDecision.respond = today
        table = trials["object_decision"].groupby(["severity", "condition"])["correct"].mean().unstack()
        table["naming"] = trials["picture_naming"].groupby("severity")["correct"].mean()
        print(f"object decision by {rule}:")
        print(table.round(2).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

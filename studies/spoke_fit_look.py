"""Exploration, not a study: how the default's fitted semantic spoke is fitted, and what its severe drawings intrude
(issue 26: "intrusions are commoner in animals than in artefacts")

    python studies/spoke_fit_look.py                # about 4 minutes; docs/calibration/spoke_fit_look.csv
    python studies/spoke_fit_look.py --output DIR   # the table under DIR instead

Why: since ``sd_hub_v38`` a picture from which the patient retrieves nothing is drawn as the damaged semantic spoke
outputs it, and artefacts then gain the animals' tail and wings (``studies/failure_anatomy.py``: severe stage,
artefacts 0.082 of their absent attributes drawn, animals 0.044).  The spoke is a ridge regression fitted to the
*intact* hub's last hidden states (``TrainingConfig(fitted_attributes=True)``), with every picture weighing alike,
so the animals (63 of 140 items) dominate it; and it never saw a hidden state with units missing, though the hub
itself was trained with dropout on them.  This looks at two other fits of the same spoke, on the calibration
patients only, and chooses nothing:

- ``ridge``: the spoke as ``sd_hub`` (``sd_hub_v40``) fits it;
- ``dropout``: the expected loss over the hub's own training dropout (rate ``TrainingConfig.dropout``, inverted, as
  in training), which for a linear read-out is the ridge fit plus a penalty ``p / (1 - p)`` times each unit's mean
  square activation; no new parameter;
- ``balanced``: each domain's training pictures weigh alike in the fit (each picture ``1 / its domain's pictures``);
  no new parameter;
- ``dropout_balanced``: both;
- ``origin``: no intercept (a hub with every unit silent outputs no attribute: logit ``-FITTED_GAIN / 2``), and
  ``dropout_origin``: with the dropout penalty too (these two added after the first four had run); and
  ``balanced_origin`` and ``dropout_balanced_origin`` (added after the first six had run).

The hub, and so every task but delayed copy, is ``sd_hub_v40``'s bit for bit.  Each fit is run on
``replicate(random_state=1)`` (picture naming for the stages, and delayed copy; no baselines) with its hubs in a
temporary cache folder of its own (the fits are patched in for this script only; the project's cache is not touched).  It
reports the drawing signatures' verdicts (without baselines, so none is diagnostic) and
``fitted_spoke.generic_drawing``'s severe-stage measures.

Seen before this script was written (2026-12-06): everything ``studies/failure_anatomy.py``, ``fallback_spoke.py``
and ``name_prior.py`` list.  No patient of cohort 33 or later has been run by anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fitted_spoke  # noqa: E402
import synaptic_loss  # noqa: E402

PRESET = "sd_hub_v40"
FITS = ("ridge", "dropout", "balanced", "dropout_balanced", "origin", "dropout_origin", "balanced_origin",
        "dropout_balanced_origin")
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"
SIGNATURES = ("drawing_distinctive_omitted", "drawing_intrusions_domain_typical",
              "drawing_intrusions_animals_over_artefacts", "drawing_omissions_rise", "drawing_intrusions_rise")


def ridge_fit(hidden: torch.Tensor, target: torch.Tensor, *, dropout: float = 0.0, weights=None,
              intercept: bool = True) -> tuple:
    """``(weight, bias)``: ``cogsim.patients.build._ridge``'s fit, with per-row *weights* (normalised to sum 1) and
    the expected loss over inverted dropout at rate *dropout* on the hidden units (penalty ``dropout / (1 -
    dropout)`` times each unit's weighted mean square, times the number of rows, on its weight)."""
    from cogsim.patients.build import COLOUR_RIDGE

    n = hidden.shape[0]
    w = torch.full((n,), 1.0 / n, dtype=hidden.dtype) if weights is None else weights / weights.sum()
    h_mean, t_mean = (w @ hidden, w @ target) if intercept else (hidden[0] * 0, target[0] * 0)
    hc = hidden - h_mean
    gram = n * (hc.T * w) @ hc  # the unweighted fit's gram when every weight is 1 / n
    ridge = COLOUR_RIDGE * float(torch.diagonal(gram).mean())
    penalty = torch.diag(dropout / (1.0 - dropout) * n * (w @ hidden ** 2)) if dropout else 0.0
    weight = torch.linalg.solve(gram + ridge * torch.eye(gram.shape[0], dtype=gram.dtype) + penalty,
                                n * (hc.T * w) @ (target - t_mean))
    return weight, t_mean - h_mean @ weight


def patched(fit: str):
    """A replacement for ``build._with_fitted_attributes`` that fits the spoke the *fit* way."""
    from cogsim.patients import build

    original = build._with_fitted_attributes

    def with_fitted(params, x, y, layers, attributes, training):
        if not training.fitted_attributes or fit == "ridge":
            return original(params, x, y, layers, attributes, training)
        from cogsim.patients.hub import ATTRIBUTE_HEAD, forward

        with torch.no_grad():
            hidden = forward(params, x, layers, stop=-1).double()
        weights = None
        if "balanced" in fit:
            domain = torch.from_numpy(_DOMAIN)[y]
            counts = torch.bincount(domain).double()
            weights = 1.0 / counts[domain]
        weight, bias = ridge_fit(hidden, torch.from_numpy(np.asarray(attributes, dtype=np.float64))[y],
                                 dropout=training.dropout if "dropout" in fit else 0.0, weights=weights,
                                 intercept="origin" not in fit)
        return {**params, f"{ATTRIBUTE_HEAD}.weight": (build.FITTED_GAIN * weight.T).float().contiguous(),
                f"{ATTRIBUTE_HEAD}.bias": (build.FITTED_GAIN * (bias - 0.5)).float()}

    return with_fitted


_DOMAIN = np.zeros(0, dtype=np.int64)  # each lexicon item's domain code, set by main()


def one(fit: str) -> dict:
    """*fit* on the calibration patients: the drawing verdicts and severe-stage measures."""
    from cogsim.patients import build
    from cogsim.replication import ReplicationConfig, replicate

    saved = build._with_fitted_attributes
    build._with_fitted_attributes = patched(fit)
    try:
        run = replicate(None, ReplicationConfig(preset=PRESET, random_state=synaptic_loss.CALIBRATION_RANDOM_STATE,
                                                paradigms=("picture_naming", "delayed_copy"), baselines=(),
                                                contrasts=(), new_views=False, explain=False))
    finally:
        build._with_fitted_attributes = saved
    v = run.verdicts.set_index("signature")
    row = {"fit": fit}
    for s in SIGNATURES:
        row[f"{s}_reproduced"] = bool(v.loc[s, "reproduced"])
        row[f"{s}_estimate"] = float(v.loc[s, "estimate"])
    row.update(fitted_spoke.generic_drawing(run.results))
    return row


def main(argv=None) -> int:
    global _DOMAIN
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from cogsim.patients.lexicon import Lexicon
    from cogsim.stimuli import load_battery

    battery = load_battery()
    lex = Lexicon.from_battery(battery)
    _DOMAIN = pd.Categorical(list(lex.domain)).codes.astype(np.int64)  # each item's domain, in the lexicon's order
    from cogsim._cache import cache_dir

    home = cache_dir()
    temporary = Path(tempfile.mkdtemp(prefix="cogsim-spoke-fit-"))
    rows = []
    try:
        for fit in FITS:  # a cache folder of its own per fit: the fit is not in the patients' cache key
            folder = temporary / fit
            folder.mkdir()
            for shared in ("features", "batteries"):  # read only: the backbone features and built batteries
                if (home / shared).exists():
                    (folder / shared).symlink_to(home / shared)
            os.environ["COGSIM_CACHE_DIR"] = str(folder)
            rows.append(one(fit))
            table = pd.DataFrame(rows)
            args.output.mkdir(parents=True, exist_ok=True)
            table.to_csv(args.output / "spoke_fit_look.csv", index=False, float_format="%.4f")
    finally:
        os.environ["COGSIM_CACHE_DIR"] = str(home)
        shutil.rmtree(temporary)
    show = ["fit", *[c for c in table.columns if c.endswith("_estimate")], "kept_shared", "kept_distinctive",
            "intruded_typical", "intruded_typical_animal", "intruded_typical_artefact", "generic"]
    with pd.option_context("display.width", 250):
        print(table[show].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The calibration study's out-of-sample step: leave-one-bin-out selection on a constructed table."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "studies"))
import calibration  # noqa: E402


def _row(name, signatures, bins, at_ceiling=True):
    row = {p: name if p == "lesion" else "x" for p in calibration.PARAMETERS}
    row.update(signatures_reproduced=signatures, at_ceiling=at_ceiling,
               rmse=float(np.sqrt(np.mean(np.square(bins)))),
               **{f"rmse_bin{b}": e for b, e in zip(calibration.BINS, bins)})
    return row


def test_each_fold_selects_without_the_held_out_bin():
    table = pd.DataFrame([
        _row("good_but_bin4", 14, [0.01, 0.01, 0.01, 0.20]),   # best in sample on bins 1-3, bad on bin 4
        _row("steady", 14, [0.05, 0.05, 0.05, 0.05]),
        _row("more_signatures_off_ceiling", 15, [0.0, 0.0, 0.0, 0.0], at_ceiling=False),  # never eligible
        _row("fewer_signatures", 13, [0.0, 0.0, 0.0, 0.0]),     # signatures come first
    ])
    folds = calibration.cross_validate_bins(table).set_index("held_out_bin")
    # Holding out bins 1-3, the selection still sees bin 4's 0.20 and prefers 'steady' (RMSE ~0.05 vs ~0.12).
    assert folds.loc[1, "lesion"] == "steady" and folds.loc[1, "held_out_rmse"] == pytest.approx(0.05)
    # Holding out bin 4, 'good_but_bin4' looks best (0.01) and pays 0.20 on the held-out bin.
    assert folds.loc[4, "lesion"] == "good_but_bin4" and folds.loc[4, "held_out_rmse"] == pytest.approx(0.20)
    assert folds.loc[4, "selection_rmse"] == pytest.approx(0.01)
    expected = np.sqrt(np.mean(np.square([0.05, 0.05, 0.05, 0.20])))
    assert folds.attrs["rmse"] == pytest.approx(expected)
    # In sample, the full rule picks 'steady' (0.05 < 0.10): its bin-4 error is the in-sample comparison.
    assert folds.loc[4, "in_sample_rmse_of_that_bin"] == pytest.approx(0.05)

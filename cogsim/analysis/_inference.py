"""What every test of a cohort shares: the unit of inference.

Below both :mod:`cogsim.analysis.signatures` and :mod:`cogsim.analysis.item_effects`, so that neither
imports the other's internals.
"""

from __future__ import annotations

import pandas as pd


def units(data: pd.DataFrame) -> str:
    """The unit of inference: patients, or the sessions of a single patient."""
    return "patient" if data["patient"].nunique() > 1 else "session"

"""Reference data bundled with cogsim, with their provenance (``cogsim/data/reference/README.md``).

参照データ：Rogers et al. (2004) の呼称データと Patterson et al. (2007) 図2 の所見。
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["load_rogers2004", "load_signatures", "RESPONSE_CLASSES", "reference_path"]

#: Naming response classes of Rogers et al. (2004), in their order.
RESPONSE_CLASSES = ("correct", "semantic", "superordinate", "cross_domain", "omission")


def reference_path(name: str):
    """Path of a bundled reference file."""
    return resources.files("cogsim") / "data" / "reference" / name


def load_rogers2004() -> pd.DataFrame:
    """Naming response proportions of SD patients (4 severity bins) and of the Rogers et al. (2004) model.

    Values were read off the published figure by a third party: approximate, ±0.02.

    Examples
    --------
    >>> table = load_rogers2004()
    >>> table.loc[table["source"] == "patients", "correct"].tolist()
    [0.79, 0.38, 0.13, 0.05]
    """
    with reference_path("rogers2004_naming.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f)


def load_signatures() -> pd.DataFrame:
    """The Figure 2 signatures of Patterson, Nestor & Rogers (2007) as a machine-checkable table.

    Panel ``items`` holds the item effects of SD (frequency, typicality,
    consistency, the drift of wrong names; Patterson et al. 2006, Woollams et
    al. 2008), which need the battery's item norms.

    Examples
    --------
    >>> sigs = load_signatures()
    >>> sorted(set(sigs["panel"]))
    ['2a', '2b', '2c-left', '2c-right', '2d', 'items', 'naming', 'wpm']
    """
    with reference_path("signatures.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    table["threshold"] = pd.to_numeric(table["threshold"].replace("", None), errors="raise")
    return table

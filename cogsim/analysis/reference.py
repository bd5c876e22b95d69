"""Reference data bundled with cogsim, with their provenance (``cogsim/data/reference/README.md``).

参照データ：Rogers et al. (2004) の呼称データと Patterson et al. (2007) 図2 の所見。
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["load_rogers2004", "load_signatures", "check_reference", "RESPONSE_CLASSES", "REFERENCE_COLUMNS",
           "reference_path"]

#: Naming response classes of Rogers et al. (2004), in their order.
RESPONSE_CLASSES = ("correct", "semantic", "superordinate", "cross_domain", "omission")


def reference_path(name: str):
    """Path of a bundled reference file."""
    return resources.files("cogsim") / "data" / "reference" / name


#: The columns of a naming reference table (``source`` is "patients" or "model"; model rows are optional).
REFERENCE_COLUMNS = ("source", "severity_bin", *RESPONSE_CLASSES)


def load_rogers2004(path=None) -> pd.DataFrame:
    """Naming response proportions of SD patients (4 severity bins) and of the Rogers et al. (2004) model.

    Values were read off the published figure by a third party: approximate, ±0.02.
    With *path*, your own reference table of the same form is read and checked
    instead (:func:`check_reference`): ``source`` ("patients", and optionally
    "model" rows), ``severity_bin`` and one proportion per response class.

    Examples
    --------
    >>> table = load_rogers2004()
    >>> table.loc[table["source"] == "patients", "correct"].tolist()
    [0.79, 0.38, 0.13, 0.05]
    """
    if path is not None:
        return check_reference(_read_csv(path), where=str(path))
    with reference_path("rogers2004_naming.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f)


def _read_csv(path, **kwargs) -> pd.DataFrame:
    from pathlib import Path

    if not isinstance(path, (str, Path)) or not Path(path).is_file():
        raise ValueError(f"No reference table at {str(path)!r} (a CSV file).")
    try:
        return pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} cannot be read as a CSV table: {exc}") from None


def check_reference(table: pd.DataFrame, *, where: str = "the reference table") -> pd.DataFrame:
    """Return a naming reference table if usable, else raise a ValueError naming *where*, the row and the fix."""
    missing = [c for c in REFERENCE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{where} lacks the column(s) {', '.join(map(repr, missing))}; a naming reference has "
                         f"{', '.join(REFERENCE_COLUMNS)} (see cogsim/data/reference/rogers2004_naming.csv).")
    sources = set(table["source"].astype(str))
    if "patients" not in sources or not sources <= {"patients", "model"}:
        raise ValueError(f"{where}: the 'source' column must hold 'patients' rows (and optionally 'model' rows); "
                         f"got {sorted(sources)}.")
    for k, row in enumerate(table.itertuples(index=False), start=2):
        values = pd.to_numeric(pd.Series([getattr(row, c) for c in RESPONSE_CLASSES]), errors="coerce")
        if values.isna().any() or (values < 0).any() or (values > 1).any():
            raise ValueError(f"{where}, row {k}: every response proportion ({', '.join(RESPONSE_CLASSES)}) must "
                             "be a number in [0, 1].")
        if abs(float(values.sum()) - 1.0) > 0.05:
            raise ValueError(f"{where}, row {k}: the response proportions sum to {float(values.sum()):.3f}, not 1 "
                             "(within 0.05).")
    for source, rows in table.groupby("source"):
        if rows["severity_bin"].duplicated().any():
            raise ValueError(f"{where}: severity_bin repeats among the {source!r} rows; one row per bin.")
    return table.reset_index(drop=True)


def load_signatures(path=None) -> pd.DataFrame:
    """The Figure 2 signatures of Patterson, Nestor & Rogers (2007) as a machine-checkable table.

    Panel ``items`` holds the item effects of SD (frequency, typicality,
    consistency, the drift of wrong names; Patterson et al. 2006, Woollams et
    al. 2008), which need the battery's item norms.  With *path*, your own
    table of the same columns is read (a threshold that is not a number is
    refused, naming the row); :func:`cogsim.analysis.check_signature_table`
    checks the rest, and ``evaluate_signatures`` and ``cogsim replicate`` call it.

    Examples
    --------
    >>> sigs = load_signatures()
    >>> sorted(set(sigs["panel"]))
    ['2a', '2b', '2c-left', '2c-right', '2d', 'items', 'naming', 'wpm']
    """
    if path is not None:
        table = _read_csv(path, dtype=str, keep_default_na=False)
        for column in ("description_ja", "source", "subset"):
            if column not in table.columns:
                table[column] = ""
        if "threshold" in table.columns:
            numbers = pd.to_numeric(table["threshold"].replace("", None), errors="coerce")
            bad = numbers.isna() & (table["threshold"] != "")
            if bad.any():
                k = int(bad.to_numpy().nonzero()[0][0]) + 2
                raise ValueError(f"{path}, row {k}: threshold {table['threshold'].iloc[k - 2]!r} is not a number.")
            table["threshold"] = numbers.astype(float)
        return table  # checked where it is used (cogsim.analysis.check_signature_table)
    with reference_path("signatures.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    table["threshold"] = pd.to_numeric(table["threshold"].replace("", None), errors="raise")
    return table

"""Figures: analogues of Patterson et al. (2007) Figure 2 and the naming profile of Rogers et al. (2004).

Each function takes tidy results and an optional ``ax=``: given a matplotlib
Axes, it draws there (so panels compose into your own figure) and returns
that Axes, as seaborn does; without one it makes a new
:class:`matplotlib.figure.Figure` (without pyplot, so nothing global changes
and no display is needed) and returns the figure.  Save it with
``fig.savefig(path)`` (or ``ax.figure.savefig(path)``).

図：図2の各パネルに相当する図と、呼称プロフィールの図。
"""

from __future__ import annotations

import functools
import importlib.util
import re
import textwrap
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .._fonts import FONT_FAMILY, japanese_font, with_fonts as _with_fonts
from .._languages import renamed_keyword
from .i18n import Text
from .reference import RESPONSE_CLASSES, load_rogers2004
from .signatures import add_stages

__all__ = ["plot_verification", "plot_naming_table", "plot_colour", "plot_naming_profile", "plot_matching",
           "plot_object_decision", "plot_drawings", "drawing_table", "japanese_font", "FONT_FAMILY"]

_LEVEL_ORDER = ["domain", "basic", "specific"]
_STAGE_ORDER = ["control", "minimal", "mild", "moderate", "severe"]


def _paradigm(results, name):
    part = results[results["paradigm"] == name]
    if part.empty:
        raise ValueError(f"This figure needs the results of the {name} paradigm.")
    return part


def _session_accuracy(results, name, extra, T):
    staged = add_stages(results)
    part = _paradigm(staged, name)
    group = ["patient", "session", "stage", *extra]
    acc = part.groupby(group, observed=True)["correct"].mean().reset_index()
    acc["stage"] = acc["stage"].astype(str)
    stages = [T.term(s) for s in _STAGE_ORDER if s in set(acc["stage"])]
    acc["stage"] = acc["stage"].map(T.term)
    for column in extra:
        acc[column] = acc[column].map(T.term)
    return acc, stages


def _axes(ax, figsize):
    """*ax* and its figure, or a new figure of *figsize* with one Axes."""
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        return fig, fig.subplots()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"The 'ax' parameter must be a matplotlib Axes or None. Got {type(ax).__name__} instead.")
    return ax.figure, ax


def returns_given_ax(plot):
    """Decorate a plot function: with ``ax=`` given, return that Axes (as seaborn does), else the new Figure."""
    @functools.wraps(plot)
    def wrapped(*args, **kwargs):
        drawn = plot(*args, **kwargs)
        return drawn if kwargs.get("ax") is None else kwargs["ax"]

    return wrapped


def _accuracy_by_stage(results, paradigm: str, order: list, legend: str, title: str, T, ax=None) -> Figure:
    acc, stages = _session_accuracy(results, paradigm, ["condition"], T)
    fig, ax = _axes(ax, (6, 4))
    sns.pointplot(data=acc, x="stage", y="correct", hue="condition", order=stages,
                  hue_order=[T.term(c) for c in order if T.term(c) in set(acc["condition"])],
                  errorbar=("ci", 95), seed=0, dodge=0.3, ax=ax)
    ax.axhline(0.5, ls="--", c="grey", lw=1)
    # from 0.3 unless a point or its interval lies lower (below chance), which must stay in view
    ax.set(ylim=(max(-0.02, min(0.3, ax.get_ylim()[0])), 1.02),
           xlabel=T("observed stage (naming accuracy)", "観察された重症度（呼称正答率による）"),
           ylabel=T("proportion correct", "正答率"), title=title)
    ax.legend(title=legend)
    return fig


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_verification(results: pd.DataFrame, *, language: str = "en", ax=None) -> Figure | Axes:
    """Figure 2a analogue: category-verification accuracy by level and observed severity stage.

    Points are means over patient-sessions, bars 95% bootstrap intervals; the dashed line is chance.
    ``language="ja"`` labels it in Japanese.
    """
    T = Text(language)
    return _accuracy_by_stage(results, "category_verification", _LEVEL_ORDER, T("label level", "ラベルの水準"),
                              T("Category verification (cf. Patterson et al. 2007, Fig. 2a)",
                                "カテゴリー検証（Patterson et al. 2007 図2a 参照）"), T, ax)


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_colour(results: pd.DataFrame, *, language: str = "en", ax=None) -> Figure | Axes:
    """Figure 2c (left) analogue: colour-judgment accuracy for typical and atypical items by stage."""
    T = Text(language)
    return _accuracy_by_stage(results, "colour_judgment", ["typical", "atypical"], T("item colour", "項目の色"),
                              T("Colour judgment (cf. Patterson et al. 2007, Fig. 2c)",
                                "色の判断（Patterson et al. 2007 図2c 参照）"), T, ax)


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_matching(results: pd.DataFrame, *, language: str = "en", ax=None) -> Figure | Axes:
    """Word–picture matching accuracy against lesion severity (the severity index)."""
    T = Text(language)
    part = _paradigm(results, "word_picture_matching")
    acc = part.groupby(["patient", "session", "severity"], observed=True)["correct"].mean().reset_index()
    fig, ax = _axes(ax, (6, 4))
    sns.lineplot(data=acc, x="severity", y="correct", marker="o", errorbar=("ci", 95), seed=0, ax=ax)
    chance = 1 / (1 + part["picture_kinds"].iloc[0].count("|")) if "picture_kinds" in part else 0.25
    ax.axhline(chance, ls="--", c="grey", lw=1)
    ax.set(ylim=(0, 1.02), xlabel=T("lesion severity", "損傷の重さ"), ylabel=T("proportion correct", "正答率"),
           title=T("Word–picture matching", "単語‐絵照合"))
    return fig


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_naming_profile(results: pd.DataFrame, reference: pd.DataFrame | None = None, *, language: str = "en",
                        ax=None) -> Figure | Axes:
    """Naming response proportions against naming accuracy, beside the patients' bins (Rogers et al. 2004).

    Lines: cogsim, mean over patients at each lesion severity.  Filled markers:
    the SD patients' four bins; open markers: the Rogers et al. model.  The x
    axis is overall naming accuracy, decreasing to the right (growing severity).
    """
    from .profile import naming_profile

    T = Text(language)
    reference = load_rogers2004() if reference is None else reference
    profile = naming_profile(results).sort_values("correct")
    fig, ax = _axes(ax, (7, 4.5))
    palette = dict(zip(RESPONSE_CLASSES, sns.color_palette("colorblind", len(RESPONSE_CLASSES))))
    for cls in RESPONSE_CLASSES:
        ax.plot(profile["correct"], profile[cls], "-", color=palette[cls], label=f"cogsim: {T.term(cls)}", lw=1.8)
        for source, marker, fill in (("patients", "o", True), ("model", "s", False)):
            part = reference[reference["source"] == source]
            ax.scatter(part["correct"], part[cls], marker=marker, s=40, color=palette[cls] if fill else "none",
                       edgecolors=palette[cls], zorder=3)
    ax.scatter([], [], marker="o", color="k", label=T("SD patients (bins 1–4)", "SD 患者（ビン 1–4）"))
    ax.scatter([], [], marker="s", color="none", edgecolors="k",
               label=T("Rogers et al. (2004) model", "Rogers et al. (2004) のモデル"))
    ax.invert_xaxis()
    ax.set(xlim=(1.02, -0.02), ylim=(-0.02, 1.02),
           xlabel=T("overall naming accuracy (severity →)", "呼称の正答率（重症化 →）"),
           ylabel=T("proportion of responses", "反応の割合"),
           title=T("Picture naming: response types", "絵の呼称：反応の種類"))
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    return fig


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_naming_table(results: pd.DataFrame, *, patient: str | None = None, items=None,
                      sessions=None, language: str = "en", names: dict | None = None, ax=None) -> Figure | Axes:
    """Figure 2b analogue: the longitudinal naming table of one patient ("+" = correct).

    With ``language="ja"`` the labels are Japanese, and item names and responses are
    translated through *names* (English display name → Japanese, e.g.
    :func:`cogsim.analysis.i18n.japanese_names` of the battery's items).
    """
    from ..paradigms.naming import naming_table
    from .i18n import translate_names

    T = Text(language)
    part = _paradigm(results, "picture_naming")
    if language == "ja" and names:
        part = translate_names(part, names)
    table = naming_table(part, patient=patient, items=items, sessions=sessions)
    if language == "ja":
        table.columns = [re.sub(r"session (\d+) \(severity ([^)]*)\)", r"第\1回 (損傷 \2)", c) for c in table.columns]
    n_rows, n_cols = table.shape
    fig, ax = _axes(ax, (1.6 + 1.5 * n_cols, 0.6 + 0.28 * n_rows))
    ax.axis("off")
    colours = np.where(table.to_numpy() == "+", "#d9f0d3", "#fde0dd")
    cell = ax.table(cellText=table.to_numpy(), rowLabels=list(table.index),
                    colLabels=[c.replace(" (", "\n(") for c in table.columns], cellColours=colours,
                    loc="center", cellLoc="center")
    cell.auto_set_font_size(False)
    cell.set_fontsize(8)
    cell.scale(1, 1.2)
    ax.set_title(T("Longitudinal picture naming (cf. Patterson et al. 2007, Fig. 2b)",
                   "絵の呼称の経過（Patterson et al. 2007 図2b 参照）"), fontsize=9)
    return fig


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_object_decision(results: pd.DataFrame, *, language: str = "en", ax=None) -> Figure | Axes:
    """Figure 2c (right) analogue: object-decision accuracy by observed stage, real picture more or less typical."""
    T = Text(language)
    return _accuracy_by_stage(results, "object_decision", ["real_typical", "real_atypical"],
                              T("more typical picture", "典型的なほう"),
                              T("Object decision (cf. Patterson et al. 2007, Fig. 2c right)",
                                "物体判断（Patterson et al. 2007 図2c右 参照）"), T, ax)


@renamed_keyword("lang", "language")
def drawing_table(results: pd.DataFrame, battery, *, patient: str | None = None, items=None, sessions=None,
                  language: str = "en") -> pd.DataFrame:
    """Delayed-copy "drawings" of one patient as Bozeat et al. (2003) tabulated them: item × session.

    Each cell lists the attributes drawn; an omitted attribute is marked ``−``
    and an intruded one ``+`` (kept attributes are plain).  Attribute names
    come from the battery's ``attributes.csv`` in *language* (English or Japanese).
    """
    from ..stimuli.norms import attribute_labels

    part = _paradigm(results, "delayed_copy")
    patient = part["patient"].iloc[0] if patient is None else patient
    part = part[part["patient"] == patient]
    if part.empty:
        raise ValueError(f"No delayed_copy results for patient {patient!r}.")
    labels = attribute_labels(battery, language)
    items = list(dict.fromkeys(part["item"])) if items is None else list(items)
    sessions = sorted(part["session"].unique()) if sessions is None else list(sessions)
    T = Text(language)
    severity = part.groupby("session")["severity"].first()
    table = {}
    for s in sessions:
        own = part[part["session"] == s]
        column = T(f"session {s} (severity {severity[s]:g})", f"第{s}回 (損傷 {severity[s]:g})")
        cells = []
        for item in items:
            rows = own[(own["item"] == item) & own["response"].astype(str).isin(["kept", "omitted", "intruded"])]
            marks = {"kept": "", "omitted": "−", "intruded": "+"}
            cells.append(", ".join(marks[str(r)] + labels.get(a, a) for a, r in zip(rows["attribute"], rows["response"])))
        table[column] = cells
    names = dict(zip(battery.item_ids, battery.items["name_ja" if language == "ja" else "specific"]))
    return pd.DataFrame(table, index=[names.get(i, i) for i in items])


@_with_fonts
@returns_given_ax
@renamed_keyword("lang", "language")
def plot_drawings(results: pd.DataFrame, battery, *, patient: str | None = None, items=None, sessions=None,
                  language: str = "en", ax=None, title: str | None = None) -> Figure | Axes:
    """Figure 2d analogue: :func:`drawing_table` as a figure (− omitted, + intruded).

    *title* replaces the delayed-copy title (e.g. for drawing to name, ``DelayedCopy(cue="name")``)."""
    T = Text(language)
    table = drawing_table(results, battery, patient=patient, items=items, sessions=sessions, language=language)
    n_rows, n_cols = table.shape
    text = table.to_numpy()
    width = 36 if language == "en" else 22  # Japanese characters are twice as wide
    wrapped = np.vectorize(lambda c: textwrap.fill(c, width) or "—")(text)
    # each row as tall as its longest cell (a severe patient's drawing lists many intrusions), so no text overlaps
    lines = [2] + [max(1, *(c.count("\n") + 1 for c in row)) for row in wrapped]
    fig, ax = _axes(ax, (1.4 + 2.6 * n_cols, 0.6 + 0.16 * sum(lines) + 0.1 * n_rows))
    ax.axis("off")
    colours = np.where(np.char.find(text.astype(str), "+") >= 0, "#fde0dd",
                       np.where(np.char.find(text.astype(str), "−") >= 0, "#fff7bc", "#d9f0d3"))
    cell = ax.table(cellText=wrapped, rowLabels=list(table.index), colLabels=[c.replace(" (", "\n(") for c in
                                                                                table.columns],
                    cellColours=colours, loc="center", cellLoc="left", bbox=[0, 0, 1, 1])
    cell.auto_set_font_size(False)
    cell.set_fontsize(7)
    weights = np.array(lines, float) + 0.6  # a little padding per row
    for (row, _), c in cell.get_celld().items():
        c.set_height(weights[row] / weights.sum())
    ax.set_title(title or T("Delayed copy: attributes drawn (− omitted, + intruded; cf. Patterson et al. 2007, "
                            "Fig. 2d)", "遅延模写で描かれた属性（− 脱落、+ 侵入；Patterson et al. 2007 図2d 参照）"),
                 fontsize=9)
    return fig


#: Axis labels of the disorder contrasts' measures (English, Japanese).
_MEASURE_LABELS = {"task_consistency": ("consistency across tasks (r)", "課題間の一貫性 (r)"),
                   "session_consistency": ("consistency across sessions (phi)", "回の間の一貫性 (phi)"),
                   "frequency": ("frequency effect (per SD)", "頻度効果（1 SD あたり）"),
                   "cue_benefit": ("benefit of a phonemic cue", "音韻キューの効果")}


@_with_fonts
@renamed_keyword("lang", "language")
def plot_disorders(groups: dict, *, language: str = "en") -> Figure:
    """The measures that separate two disorders, one panel each: one dot per virtual patient, group means.

    *groups* maps a label (e.g. ``"SD"``, ``"SA"``) to the per-patient table of
    :func:`cogsim.analysis.disorders.disorder_measures`.
    """
    from .disorders import CONTRASTS

    T = Text(language)
    measures = list(CONTRASTS["measure"])
    fig = Figure(figsize=(2.6 * len(measures), 3.4), layout="constrained")
    axes = fig.subplots(1, len(measures))
    palette = sns.color_palette("colorblind", len(groups))
    for ax, measure in zip(np.atleast_1d(axes), measures):
        for k, (label, table) in enumerate(groups.items()):
            values = table[measure].dropna().to_numpy(float)
            jitter = np.linspace(-0.12, 0.12, len(values)) if len(values) > 1 else np.zeros(len(values))
            ax.scatter(k + jitter, values, s=18, color=palette[k], alpha=0.8, zorder=3)
            if len(values):
                ax.hlines(values.mean(), k - 0.3, k + 0.3, color="black", lw=2, zorder=4)
        ax.axhline(0, color="grey", lw=0.8, ls="--")
        ax.set_xticks(range(len(groups)), list(groups))
        ax.set_xlim(-0.6, len(groups) - 0.4)
        ax.set_title(T(*_MEASURE_LABELS.get(measure, (measure, measure))), fontsize=9)
    return fig

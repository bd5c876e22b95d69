"""The HTML report of a replication: one self-contained page with figures and tables.

報告書：図と表を含む単一の HTML ページ。
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

import pandas as pd

from .figures import plot_colour, plot_matching, plot_naming_profile, plot_naming_table, plot_verification

__all__ = ["write_report"]

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1400px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
tr.yes td.verdict { background: #d9f0d3; } tr.no td.verdict { background: #fde0dd; }
tr.na td.verdict { background: #eee; }
td.yes { color: #2a6b21; } td.no { color: #a3271a; } td.na { color: #888; }
figure { display: inline-block; margin: 0.5em 1em 1em 0; vertical-align: top; max-width: 100%; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #555; max-width: 640px; }
td.method { min-width: 30em; } td.expected { min-width: 12em; } .wide { overflow-x: auto; }
.small { font-size: 0.85em; color: #555; } code { background: #f5f5f5; padding: 0 3px; }
"""


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _figure(folder: Path, name: str, fig, caption: str) -> str:
    from .._reportdir import atomic_write

    data = _png(fig)
    atomic_write(folder / f"{name}.png", lambda tmp: tmp.write_bytes(data))
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{encoded}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.2e}"
    return html.escape(str(value))


def _ci(low, high) -> str:
    if pd.isna(low) and pd.isna(high):
        return "—"
    return f"{_fmt(low)} – {_fmt(high)}"


def _outcome(value) -> tuple[str, str]:
    if value is pd.NA or pd.isna(value):
        return "na", "not tested"
    return ("yes", "reproduced") if bool(value) else ("no", "not reproduced")


def _verdict_table(verdicts: pd.DataFrame) -> str:
    baselines = [c for c in verdicts.columns if c.startswith("baseline_")]
    rows = []
    for _, v in verdicts.iterrows():
        cls, mark = _outcome(v["reproduced"])
        cells = "".join(f'<td class="text {_outcome(v[c])[0]}">{_outcome(v[c])[1]}</td>' for c in baselines)
        status = (f'<td class="text">{_fmt(v.get("diagnostic", "")) or "—"}</td>' if baselines else "")
        rows.append(
            f'<tr class="{cls}"><td class="text">{_fmt(v["signature"])}</td><td class="text">{_fmt(v["panel"])}</td>'
            f'<td class="text expected">{_fmt(v["expected"])}</td><td>{_fmt(v["estimate"])}'
            f'<div class="small">{_fmt(v.get("unit", ""))}</div></td>'
            f'<td>{_ci(v["ci_low"], v["ci_high"])}</td><td>{_fmt(v["p"])}</td><td>{_fmt(v.get("effect_size"))}</td>'
            f'<td class="verdict text">{mark}</td>{status}{cells}<td>{_fmt(v["n_patients"])}</td>'
            f'<td class="text small method">{"; ".join(_fmt(x) for x in (v["method"], v["note"]) if x)}</td></tr>')
    head = ("<tr><th class='text'>signature</th><th class='text'>panel</th><th class='text'>expected</th>"
            "<th>estimate (unit)</th><th>90% CI (one-sided 95%)</th><th>p</th><th>effect size</th>"
            "<th class='text'>SD cohort</th>"
            + ("<th class='text'>diagnostic?</th>" if baselines else "")
            + "".join(f"<th class='text'>baseline: {html.escape(c[len('baseline_'):])}</th>" for c in baselines)
            + "<th>patients</th><th class='text'>method and note</th></tr>")
    return f"<div class='wide'><table>{head}{''.join(rows)}</table></div>"


def _baselines_text(manifest: dict, verdicts: pd.DataFrame) -> str:
    baselines = manifest.get("baselines") or {}
    if not baselines:
        return "<p class='small'>No baselines were run, so no signature is marked diagnostic or not.</p>"
    items = "".join(f"<li><b>{html.escape(name)}</b>: {html.escape(info['description'])} "
                    f"(<code>{html.escape(str(info['lesion']))}</code>)</li>" for name, info in baselines.items())
    counts = verdicts["diagnostic"].value_counts() if "diagnostic" in verdicts else pd.Series(dtype=int)
    summary = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in ("diagnostic", "not diagnostic", "undetermined"))
    return ("<p>Baselines, declines that are not SD, run on the same premorbid patients, paradigms and seeds. A "
            "signature the SD cohort reproduces is <i>diagnostic</i> if at least one baseline fails it and <i>not "
            f"diagnostic</i> if every baseline reproduces it too. Of the reproduced signatures: {summary}.</p>"
            f"<ul class='small'>{items}</ul>")


def _views_text(views: pd.DataFrame, views_rmse: pd.DataFrame | None) -> str:
    control = views[views["stage"] == "control"]
    premorbid = ""
    if not control.empty:
        row = control.iloc[0]
        premorbid = (f"Premorbid (intact patients and controls, {int(row['patients'])} networks), naming is "
                     f"{row['trained']:.2f} on the trained pictures and {row['new_views']:.2f} on the new views. ")
    fit = ""
    if views_rmse is not None:
        table = views_rmse.set_index("response")
        fit = (f"Aligned to the patients' bins by naming accuracy on the new views, the naming profile's RMSE over "
               f"the 16 informative cells is {table.loc['informative', 'cogsim']:.3f}. ")
    return ("<h2>New views of known items</h2><p>Every patient-session and control also named a new view of "
            "every item (rotated 25–40°, sheared 10–20°, shrunk to 55–70% of the side: outside the training "
            "augmentation; <code>cogsim.stimuli.new_views</code>). SD patients fail to recognise other versions "
            f"of objects they know (Ikeda et al. 2006). {html.escape(premorbid + fit)}Stages come from naming "
            "the trained pictures; the difference is new − trained, averaged per patient, with a 95% t interval "
            "across patients.</p>" + _table(views))


def _effects_text(effects: pd.DataFrame | None) -> str:
    if effects is None or effects.empty:
        return ""
    return ("<h3>Effect sizes where the patients' are known</h3><p class='small'>The naming signatures' size in "
            "the SD patients' four bins (Rogers et al. 2004), in cogsim's profile and in the Rogers et al. model, "
            "both aligned to the bins by naming accuracy; the patients' values carry the reference's digitisation "
            "error (about ±0.02 per cell). No numbers are published for the other panels of Figure 2, so their "
            "effect sizes cannot be compared.</p>" + _table(effects))


def _maps_text(figures: Path, maps: dict) -> str:
    """The 'where does the patient look' section: maps of a few items, and agreement with the intact maps."""
    from ..explain import Explanation, plot_explanations

    frame = maps["frame"]
    method = {"gradcam": "Grad-CAM", "cam": "CAM", "hirescam": "HiResCAM"}[maps["method"]]
    # a flat map (nothing in the picture supports the item any more) shares nothing with the intact map: 0
    scored = frame.assign(top_item_correct=(frame["answer"] == frame["item_id"]).astype(float),
                          map_correlation=frame["map_correlation"].fillna(0.0),
                          flat_maps=frame.get("flat_map", frame["map_correlation"].isna()).astype(int))
    summary = (scored.groupby(["lesion", "severity"], sort=False)
               .agg(items=("item_id", "size"), top_item_correct=("top_item_correct", "mean"),
                    map_correlation=("map_correlation", "mean"), flat_maps=("flat_maps", "sum"))
               .reset_index())
    intact_correct = float(summary.loc[summary["lesion"] == "intact", "top_item_correct"].iloc[0])
    summary = summary[summary["lesion"] != "intact"]
    shown = 4
    rows = [Explanation(ex.frame.iloc[:shown].reset_index(drop=True), ex.maps[:shown], ex.pictures[:shown])
            for ex in maps["explanations"]]
    fig = plot_explanations(rows, labels=maps["labels"])
    hub = summary.loc[summary["lesion"] == "hub", "map_correlation"]
    visual = summary.loc[summary["lesion"] == "visual", "map_correlation"]
    expected = bool(len(hub) and len(visual) and hub.min() > visual.max())
    text = ("<h2>Where does the patient look?</h2>"
            f"<p>{method} maps of patient P01 for the pictured item ({len(frame['item_id'].unique())} items), intact "
            "and at two severities of the cohort's hub lesion and of the visual preset's lesion (the same damage as "
            "in their runs). The hub-and-spoke account expects hub damage to change what the patient says while "
            "the evidence in the picture stays where it was, and visual damage to move it. Correlation of each map "
            "with the intact one, averaged over the items (a flat map, where nothing in the picture supports the "
            "item any more, counts as 0; the table gives how many): "
            + ", ".join(f"{r.lesion} {r.severity:g}: {r.map_correlation:.2f}" for r in summary.itertuples())
            + ". Expected pattern (every hub-damage session's maps closer to the intact ones than every "
            f"visual-damage session's): {'observed' if expected else '<b>not observed</b>'}. "
            f"Share of these pictures whose most probable item is the pictured one: intact {intact_correct:.2f}, "
            + ", ".join(f"{r.lesion} {r.severity:g}: {r.top_item_correct:.2f}" for r in summary.itertuples())
            + ". Numbers per item: <code>explain.csv</code>.</p>")
    caption = (f"{method} maps (red: evidence for the pictured item) of patient P01; each panel's title gives the "
               "patient's answer and its probability, then the pictured item's probability.")
    return text + _figure(figures, "where_it_looks", fig, caption) + _table(summary)


def _table(frame: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    return frame.to_html(index=False, border=0, float_format=lambda x: floatfmt.format(x), na_rep="—")


def _decline_sessions(results: pd.DataFrame, patient: str, most: int = 6) -> list:
    """Up to *most* sessions of *patient* spanning its naming decline: the last at ceiling, then
    evenly spread sessions until naming reaches its floor."""
    naming = results[(results["paradigm"] == "picture_naming") & (results["patient"] == patient)]
    acc = naming.groupby("session")["correct"].mean()
    declining = acc[(acc < acc.max())].index.tolist()
    if not declining:
        return acc.index.tolist()[:most]
    start = max(acc.index[0], declining[0] - 1)
    floor = [s for s in declining if acc[s] <= acc.min()]
    stop = floor[0] if floor else declining[-1]
    span = [s for s in acc.index if start <= s <= stop]
    if len(span) <= most:
        return span
    picks = sorted({span[round(i * (len(span) - 1) / (most - 1))] for i in range(most)})
    return picks


def write_report(output, *, results: pd.DataFrame, controls: pd.DataFrame, verdicts: pd.DataFrame,
                 comparison: pd.DataFrame, rmse: pd.DataFrame, case_control: pd.DataFrame,
                 manifest: dict, rmse_interval: pd.DataFrame | None = None,
                 effects: pd.DataFrame | None = None, views: pd.DataFrame | None = None,
                 views_rmse: pd.DataFrame | None = None, maps: dict | None = None) -> Path:
    """Write ``report.html`` and ``figures/*.png`` into *output*; return the report's path.

    The page embeds its figures, so it can be mailed or archived on its own.
    """
    output = Path(output)
    figures = output / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    config = manifest["config"]
    parts = []
    parts.append(f"<h1>cogsim replication report</h1><p class='small'>cogsim {html.escape(manifest['versions']['cogsim'])}"
                 f" · {html.escape(manifest['created'])} · {manifest['trials']} trials · {manifest.get('seconds', '?')} s</p>")
    tested = verdicts["reproduced"].notna()
    n_ok = int(verdicts.loc[tested, "reproduced"].astype(bool).sum())
    from .profile import describe_naming_fit

    naming_fit = describe_naming_fit(rmse, rmse_interval)
    parts.append(
        "<h2>Summary</h2><ul>"
        f"<li>{config['n_patients']} virtual patients ({html.escape(manifest['backbone']['name'])} + semantic hub), "
        f"preset <code>{html.escape(manifest.get('preset', ''))}</code>: <code>{html.escape(manifest.get('lesion', ''))}</code>, "
        f"severities {', '.join(f'{s:g}' for s in config['severities'])}; {config['n_controls']} intact controls.</li>"
        f"<li>Battery <code>{html.escape(manifest['battery']['name'])}</code>: {manifest['battery']['items']} items.</li>"
        f"<li>Signatures of Patterson et al. (2007), Figure 2: <b>{n_ok} of {int(tested.sum())}</b> tested "
        f"signatures reproduced; {int((~tested).sum())} not testable (see the notes)."
        + (f" Against the baselines, {int((verdicts['diagnostic'] == 'diagnostic').sum())} of them are diagnostic "
           f"(some baseline fails them) and {int((verdicts['diagnostic'] == 'not diagnostic').sum())} not "
           "diagnostic (every baseline reproduces them too)." if "diagnostic" in verdicts else "") + "</li>"
        f"<li>{html.escape(naming_fit)}</li></ul>")
    parts.append("<h2>Signatures (Patterson, Nestor &amp; Rogers 2007, Figure 2)</h2>"
                 "<p class='small'>Stages are observed, from naming accuracy: control (intact or severity 0), "
                 "minimal (≥ 0.9), mild (≥ 0.55), moderate (≥ 0.25), severe. One-sided tests at α = 0.05 on "
                 "per-patient summaries, across patients (valid with few patients; with one patient, across its "
                 "sessions). The estimate is in the unit under it; the effect size is standardised (d_z: the mean "
                 "over the SD of the per-patient values, unless the method says otherwise). Threshold and "
                 "equivalence checks have no test of a difference.</p>" + _baselines_text(manifest, verdicts)
                 + _verdict_table(verdicts) + _effects_text(effects))
    ran = set(results["paradigm"].astype(str))
    listed = manifest.get("paradigms") or [{"name": name, "mirrors": ""} for name in sorted(ran)]
    parts.append("<h2>Paradigms</h2><ul>" + "".join(
        f"<li><code>{html.escape(p['name'])}</code>: {html.escape(p['mirrors'] or '(no description)')}</li>"
        for p in listed) + "</ul>")
    parts.append("<h2>Figures</h2>")
    if "category_verification" in ran:
        parts.append(_figure(figures, "fig2a_verification", plot_verification(results),
                             "Category verification by label level and observed stage (cf. Figure 2a)."))
    if "colour_judgment" in ran:
        parts.append(_figure(figures, "fig2c_colour", plot_colour(results),
                             "Colour judgment for items of typical and atypical colour (cf. Figure 2c, left)."))
    parts.append(_figure(figures, "naming_profile", plot_naming_profile(results),
                         "Naming response types against naming accuracy; filled markers: SD patients' bins; "
                         "open squares: the Rogers et al. (2004) model."))
    if "word_picture_matching" in ran:
        parts.append(_figure(figures, "matching", plot_matching(results),
                             "Word–picture matching, the severity index, against lesion severity."))
    hodges = ["chicken", "duck", "ostrich", "peacock", "penguin", "rooster"]
    first = results[results["paradigm"] == "picture_naming"]["patient"].iloc[0]
    items = [i for i in hodges if i in set(results["item"])] or None
    if items is None:
        items = list(dict.fromkeys(results.loc[results["paradigm"] == "picture_naming", "item"]))[:12]
    sessions = _decline_sessions(results, first)
    parts.append(_figure(figures, "fig2b_naming_table",
                         plot_naming_table(results, patient=first, items=items, sessions=sessions),
                         f"Longitudinal naming of patient {first} across sessions of growing damage "
                         "(cf. Figure 2b; '+' = correct)."))
    if maps is not None:
        parts.append(_maps_text(figures, maps))
    parts.append("<h2>Naming against the patients' bins</h2>"
                 f"<p>{html.escape(naming_fit)}</p>"
                 "<p class='small'>Both profiles are interpolated at each bin's overall naming accuracy "
                 "(Rogers et al. aligned bins the same way): <code>rogers_aligned</code> is the model along its "
                 "own accuracy curve (intact point included), <code>rogers_model</code> its published points at "
                 "their own accuracies. The <code>correct</code> cells of aligned profiles equal the bins' accuracy "
                 "by construction, so the 16 other cells are the headline. The patients' values were read off a "
                 "published figure (about ±0.02).</p>"
                 + _table(rmse) + (_table(rmse_interval) if rmse_interval is not None else "") + _table(comparison))
    if views is not None and not views.empty:
        parts.append(_views_text(views, views_rmse))
    summary = case_control.groupby(["paradigm", "severity"], observed=True).agg(
        case_accuracy=("case", "mean"), control_mean=("control_mean", "first"), control_sd=("control_sd", "first"),
        median_t=("t", "median"), share_p_below_05=("p", lambda p: float((p < 0.05).mean()) if p.notna().any()
                                                   else float("nan"))).reset_index()
    parts.append("<h2>Case–control statistics</h2><p class='small'>Each virtual patient-session against the intact "
                 "controls with the Crawford–Howell test (one-tailed for a deficit) and the Bayesian test of "
                 "Crawford &amp; Garthwaite (2007); per-patient rows are in <code>case_control.csv</code>. "
                 "When the controls have no variance the tests are undefined (NaN).</p>" + _table(summary))
    parts.append("<h2>Files and provenance</h2><ul>"
                 "<li><code>trials.csv.gz</code>: every trial (patients and controls), tidy.</li>"
                 "<li><code>verdicts.csv</code>, <code>naming_comparison.csv</code>, <code>naming_rmse.csv</code>, "
                 "<code>naming_rmse_interval.csv</code>, <code>naming_effects.csv</code>, "
                 "<code>baseline_trials.csv.gz</code> (every baseline trial, with a <code>baseline</code> column), "
                 "<code>views_trials.csv.gz</code>, <code>views_summary.csv</code>, "
                 "<code>views_naming_rmse.csv</code> (naming of new views), "
                 "<code>case_control.csv</code>, <code>verification.csv</code>, <code>accuracy.csv</code>.</li>"
                 "<li><code>manifest.json</code>: versions, configuration, seeds and hashes.</li></ul>"
                 f"<pre class='small'>{html.escape(json.dumps(manifest, indent=1, ensure_ascii=False))}</pre>")
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>cogsim replication report</title>"
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>")
    from .._reportdir import atomic_write

    path = output / "report.html"
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return path

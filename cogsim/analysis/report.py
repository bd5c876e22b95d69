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

from .figures import (plot_colour, plot_drawings, plot_matching, plot_naming_profile, plot_naming_table,
                      plot_object_decision, plot_verification)

__all__ = ["write_report"]

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1400px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
tr.yes td.verdict { background: #d9f0d3; } tr.no td.verdict { background: #fde0dd; }
tr.na td.verdict { background: #eee; } td.verdict { white-space: nowrap; }
td.yes { color: #2a6b21; } td.no { color: #a3271a; } td.na { color: #888; }
figure { display: inline-block; margin: 0.5em 1em 1em 0; vertical-align: top; max-width: 100%; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #555; max-width: 640px; }
td.method { font-size: 0.8em; } td.expected { min-width: 8em; max-width: 14em; } .wide { overflow-x: auto; }
table.verdicts td.signature { max-width: 22em; } table.verdicts td.estimate { min-width: 7em; }
tr.detail td { border-top: none; background: #fafafa; padding-left: 2em; }
td.baselines { white-space: nowrap; font-size: 0.9em; } td.baselines div.yes { color: #2a6b21; }
td.baselines div.no { color: #a3271a; } td.baselines div.na { color: #888; }
.small { font-size: 0.85em; color: #555; } code { background: #f5f5f5; padding: 0 3px; }
"""

# Japanese pages: the Japanese system fonts of macOS, Windows and Linux, then the one matplotlib-fontja ships
_CSS_JA = """
body { font-family: system-ui, "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP", "IPAexGothic", sans-serif; }
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


def _outcome(value, T) -> tuple[str, str]:
    if value is pd.NA or pd.isna(value):
        return "na", T.term("not tested")
    return ("yes", T.term("reproduced")) if bool(value) else ("no", T.term("not reproduced"))


def _descriptions(T) -> dict:
    """Signature id → its description in the report's language (Japanese where the table has it)."""
    from .reference import load_signatures

    table = load_signatures()
    column = "description_ja" if T.language == "ja" and "description_ja" in table else "description"
    return {sig: (text or en) for sig, text, en in zip(table["signature"], table[column], table["description"])}


def _baseline_estimate(row, column: str) -> str:
    """The baseline's estimate under its verdict, when the table has it."""
    value = row.get("estimate_" + column[len("baseline_"):])
    return f' <span class="small">({_fmt(value)})</span>' if value is not None and pd.notna(value) else ""


_MARKS = {"yes": "✓", "no": "✗", "na": "–"}


def _baseline_lines(v, baselines: list, T) -> str:
    """One short line per baseline: its name, ✓ / ✗ / – (words in the tooltip) and its estimate."""
    lines = []
    for c in baselines:
        cls, word = _outcome(v[c], T)
        lines.append(f'<div class="{cls}" title="{html.escape(word)}"><b>{html.escape(c[len("baseline_"):])}</b>: '
                     f'{_MARKS[cls]} {word if cls == "na" else ""}{_baseline_estimate(v, c)}</div>')
    return "".join(lines)


def _verdict_row(v, baselines: list, described: dict, n_columns: int, T) -> str:
    cls, mark = _outcome(v["reproduced"], T)
    description = described.get(v["signature"], v.get("description", ""))
    status = (f'<div class="small">{_fmt(T.term(v.get("diagnostic", "")))}</div>'
              if baselines and pd.notna(v.get("diagnostic")) else "")
    estimate = (f'{_fmt(v["estimate"])}<div class="small">{_fmt(v.get("unit", ""))}</div>'
                f'<div class="small">{_ci(v["ci_low"], v["ci_high"])}</div>')
    main = (f'<tr class="{cls}"><td class="text signature">{_fmt(v["signature"])} '
            f'<span class="small">({_fmt(v["panel"])})</span><div class="small">{_fmt(description)}</div></td>'
            f'<td class="text expected">{_fmt(v["expected"])}</td><td class="estimate">{estimate}</td>'
            f'<td>{_fmt(v["p"])}</td><td>{_fmt(v.get("effect_size"))}</td>'
            f'<td class="verdict text">{mark}{status}</td>'
            + (f'<td class="text baselines">{_baseline_lines(v, baselines, T)}</td>' if baselines else "")
            + f'<td>{_fmt(v["n_patients"])}</td></tr>')
    method = "; ".join(_fmt(x) for x in (v["method"], v["note"]) if isinstance(x, str) and x)
    return main + (f'<tr class="detail"><td class="text small method" colspan="{n_columns}">{method}</td></tr>'
                   if method else "")


def _verdict_table(verdicts: pd.DataFrame, T) -> str:
    """The verdicts, one signature per row and its method and note in a detail row under it, so the table
    reads on one laptop screen (about 1100 px); the baselines fold into one cell, one line each."""
    baselines = [c for c in verdicts.columns if c.startswith("baseline_")]
    described = _descriptions(T)
    head = (f"<tr><th class='text'>{T('signature (panel)', 'サイン（パネル）')}</th>"
            f"<th class='text'>{T('expected', '期待される結果')}</th>"
            f"<th>{T('estimate (unit), 90% CI', '推定値（単位）、90% 信頼区間')}</th>"
            f"<th>p</th><th>{T('effect size', '効果量')}</th>"
            f"<th class='text'>{T('SD cohort', 'SD コホート')}"
            + (f"<div class='small'>{T('diagnostic?', '診断的か')}</div>" if baselines else "") + "</th>"
            + (f"<th class='text'>{T('baselines', 'ベースライン')}</th>" if baselines else "")
            + f"<th>{T('n', '人数')}</th></tr>")
    n_columns = 7 + bool(baselines)
    rows = "".join(_verdict_row(v, baselines, described, n_columns, T) for _, v in verdicts.iterrows())
    note = T("<p class='small'>Under each signature: its method and note (in English). The CI is the 90% "
             "interval (one-sided 95%). Baselines: ✓ reproduced, ✗ not reproduced, – not tested; their estimate in "
             "brackets.</p>",
             "<p class='small'>各サインの下の行は手法と注記（英語）。信頼区間は 90%（片側 95%）。ベースライン："
             "✓ 再現、✗ 再現せず、– 検定不能；括弧内はその推定値。</p>")
    return f"{note}<div class='wide'><table class='verdicts'>{head}{rows}</table></div>"


def _baselines_text(manifest: dict, verdicts: pd.DataFrame, T) -> str:
    from .baselines import BASELINES_JA, list_baselines, get_baseline

    japanese = dict(BASELINES_JA, **{name: get_baseline(name).description_ja for name in list_baselines()})
    baselines = manifest.get("baselines") or {}
    if not baselines:
        return T("<p class='small'>No baselines were run, so no signature is marked diagnostic or not.</p>",
                 "<p class='small'>ベースラインを実行していないため、どのサインも診断的かどうか判定されていない。</p>")
    items = "".join(f"<li><b>{html.escape(name)}</b>: "
                    f"{html.escape(T(info['description'], japanese.get(name, info['description'])))} "
                    f"(<code>{html.escape(str(info['lesion']))}</code>)</li>" for name, info in baselines.items())
    counts = verdicts["diagnostic"].value_counts() if "diagnostic" in verdicts else pd.Series(dtype=int)
    summary = T(", ", "、").join(f"{int(counts.get(k, 0))} {T.term(k)}"
                                 for k in ("diagnostic", "not diagnostic", "undetermined"))
    return T("<p>Baselines, declines that are not SD, run on the same premorbid patients, paradigms and seeds. A "
             "signature the SD cohort reproduces is <i>diagnostic</i> if at least one baseline fails it and <i>not "
             f"diagnostic</i> if every baseline reproduces it too. Of the reproduced signatures: {summary}.</p>",
             "<p>ベースラインは SD ではない低下で、同じ病前の患者・課題・シードで実行する。SD コホートが再現したサインは、"
             "少なくとも一つのベースラインが再現しなければ<i>診断的</i>、すべてのベースラインも再現すれば"
             f"<i>非診断的</i>である。再現されたサインのうち：{summary}。</p>") + f"<ul class='small'>{items}</ul>"


def _views_text(views: pd.DataFrame, views_rmse: pd.DataFrame | None, T) -> str:
    control = views[views["stage"] == "control"]
    premorbid = ""
    if not control.empty:
        row = control.iloc[0]
        premorbid = T(f"Premorbid (intact patients and controls, {int(row['patients'])} networks), naming is "
                      f"{row['trained']:.2f} on the trained pictures and {row['new_views']:.2f} on the new views. ",
                      f"病前（損傷前の患者と統制、{int(row['patients'])} ネットワーク）の呼称正答率は、訓練した絵で "
                      f"{row['trained']:.2f}、新しい見え方で {row['new_views']:.2f}。")
    fit = ""
    if views_rmse is not None:
        table = views_rmse.set_index("response")
        fit = T(f"Aligned to the patients' bins by naming accuracy on the new views, the naming profile's RMSE over "
                f"the 16 informative cells is {table.loc['informative', 'cogsim']:.3f}. ",
                "新しい見え方での呼称正答率で患者のビンに位置合わせすると、情報をもつ 16 セルの呼称プロフィールの "
                f"RMSE は {table.loc['informative', 'cogsim']:.3f}。")
    return T("<h2>New views of known items</h2><p>Every patient-session and control also named a new view of "
             "every item (rotated 25–40°, sheared 10–20°, shrunk to 55–70% of the side: outside the training "
             "augmentation; <code>cogsim.stimuli.new_views</code>). SD patients fail to recognise other versions "
             f"of objects they know (Ikeda et al. 2006). {html.escape(premorbid + fit)}Stages come from naming "
             "the trained pictures; the difference is new − trained, averaged per patient, with a 95% t interval "
             "across patients.</p>",
             "<h2>知っている項目の新しい見え方</h2><p>すべての患者セッションと統制は、各項目の新しい見え方"
             "（25–40° 回転、10–20° せん断、辺の 55–70% に縮小：訓練時のデータ拡張の範囲外；"
             "<code>cogsim.stimuli.new_views</code>）も呼称した。SD の患者は知っている物の別の見え方を認識できない"
             f"（Ikeda et al. 2006）。{html.escape(premorbid + fit)}重症度の段階は訓練した絵の呼称から決め、差は"
             "「新 − 訓練済み」を患者ごとに平均し、患者間の 95% t 区間を添える。</p>") + _table(views)


def _effects_text(effects: pd.DataFrame | None, T) -> str:
    if effects is None or effects.empty:
        return ""
    return T("<h3>Effect sizes where the patients' are known</h3><p class='small'>The naming signatures' size in "
             "the SD patients' four bins (Rogers et al. 2004), in cogsim's profile and in the Rogers et al. model, "
             "both aligned to the bins by naming accuracy; the patients' values carry the reference's digitisation "
             "error (about ±0.02 per cell). No numbers are published for the other panels of Figure 2, so their "
             "effect sizes cannot be compared.</p>",
             "<h3>患者の値がわかる効果量</h3><p class='small'>呼称のサインの大きさを、SD 患者の 4 つのビン"
             "（Rogers et al. 2004）、cogsim のプロフィール、Rogers et al. のモデル（両モデルとも呼称正答率でビンに"
             "位置合わせ）で示す。患者の値には参照データの読み取り誤差（セルあたり約 ±0.02）がある。図2の他の"
             "パネルには数値が公表されていないので、その効果量は比較できない。</p>") + _table(effects)


def _maps_text(figures: Path, maps: dict, T, names: dict | None = None) -> str:
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
    labels = maps["labels"]
    if T.language == "ja":
        labels = [" ".join([T.term(label.split(" ", 1)[0]), *label.split(" ", 1)[1:]]) for label in labels]
    fig = plot_explanations(rows, labels=labels, language=T.language, lexicon_names=names if T.language == "ja" else None)
    hub = summary.loc[summary["lesion"] == "hub", "map_correlation"]
    visual = summary.loc[summary["lesion"] == "visual", "map_correlation"]
    expected = bool(len(hub) and len(visual) and hub.min() > visual.max())
    sep = T(", ", "、")
    correlations = sep.join(f"{T.term(r.lesion)} {r.severity:g}: {r.map_correlation:.2f}" for r in summary.itertuples())
    shares = sep.join(f"{T.term(r.lesion)} {r.severity:g}: {r.top_item_correct:.2f}" for r in summary.itertuples())
    n_items = len(frame["item_id"].unique())
    text = T("<h2>Where does the patient look?</h2>"
             f"<p>{method} maps of patient P01 for the pictured item ({n_items} items), intact "
             "and at two severities of the cohort's hub lesion and of the visual preset's lesion (the same damage as "
             "in their runs). The hub-and-spoke account expects hub damage to change what the patient says while "
             "the evidence in the picture stays where it was, and visual damage to move it. Correlation of each map "
             "with the intact one, averaged over the items (a flat map, where nothing in the picture supports the "
             f"item any more, counts as 0; the table gives how many): {correlations}. Expected pattern (every "
             "hub-damage session's maps closer to the intact ones than every visual-damage session's): "
             f"{'observed' if expected else '<b>not observed</b>'}. Share of these pictures whose most probable "
             f"item is the pictured one: intact {intact_correct:.2f}, {shares}. Numbers per item: "
             "<code>explain.csv</code>.</p>",
             "<h2>患者はどこを見ているか</h2>"
             f"<p>患者 P01 の、描かれた項目についての {method} マップ（{n_items} 項目）。損傷前と、コホートのハブ損傷・"
             "視覚プリセットの損傷それぞれ二つの重さ（本実行と同じ損傷）で示す。ハブ‐スポーク説は、ハブ損傷では患者の"
             "答えは変わっても絵の中の根拠の位置は変わらず、視覚損傷では根拠の位置が動くと予測する。各マップと損傷前の"
             "マップとの相関を項目で平均した値（平坦なマップ、つまり絵のどこも項目を支持しなくなったものは 0 とし、"
             f"その数は表に示す）：{correlations}。予測されたパターン（ハブ損傷のどのセッションのマップも、視覚損傷の"
             f"どのセッションより損傷前に近い）：{'観察された' if expected else '<b>観察されなかった</b>'}。最も確率の"
             f"高い項目が描かれた項目である絵の割合：損傷前 {intact_correct:.2f}、{shares}。項目ごとの値："
             "<code>explain.csv</code>。</p>")
    caption = T(f"{method} maps (red: evidence for the pictured item) of patient P01; each panel's title gives the "
                "patient's answer and its probability, then the pictured item's probability.",
                f"患者 P01 の {method} マップ（赤：描かれた項目の根拠）。各パネルの見出しは患者の答えとその確率、"
                "次に描かれた項目の確率。")
    shown_summary = summary.assign(lesion=summary["lesion"].map(T.term))
    return text + _figure(figures, "where_it_looks", fig, caption) + _table(shown_summary)


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


def _summary_section(r, T) -> str:
    """The title line and the summary list."""
    manifest = r.manifest
    verdicts = r.verdicts
    rmse = r.rmse
    rmse_interval = r.rmse_interval
    language = T.language
    config = manifest["config"]
    title = T("cogsim replication report", "cogsim 再現報告書")
    parts = []
    parts.append(f"<h1>{title}</h1><p class='small'>cogsim {html.escape(manifest['versions']['cogsim'])}"
                 f" · {html.escape(manifest['created'])} · {manifest['trials']} {T('trials', '試行')} · "
                 f"{manifest.get('seconds', '?')} {T('s', '秒')}</p>")
    tested = verdicts["reproduced"].notna()
    n_ok = int(verdicts.loc[tested, "reproduced"].astype(bool).sum())
    from .profile import describe_naming_fit

    naming_fit = describe_naming_fit(rmse, rmse_interval, language=language)
    severities = ", ".join(f"{s:g}" for s in config["severities"])
    n_diagnostic = int((verdicts["diagnostic"] == "diagnostic").sum()) if "diagnostic" in verdicts else 0
    n_not = int((verdicts["diagnostic"] == "not diagnostic").sum()) if "diagnostic" in verdicts else 0
    preset, lesion = html.escape(manifest.get("preset", "")), html.escape(manifest.get("lesion", ""))
    version, asked = html.escape(manifest.get("preset_version", "")), manifest.get("preset_requested")
    # the version that ran, beside the alias asked for (sd_hub names the default version of the day)
    preset_en = preset_ja = (f"<code>{preset}</code>" if version in ("", preset)
                             else f"<code>{preset}</code> = <code>{version}</code>")
    if asked:  # the alias stood for another version on this battery (no word frequencies)
        asked = html.escape(asked)
        preset_en = (f"<code>{preset}</code> (asked for <code>{asked}</code>, whose default version trains with "
                     "word frequencies this battery does not have)")
        preset_ja = f"<code>{preset}</code>（<code>{asked}</code> を指定。既定の版が学習に使う単語頻度がこのバッテリーにない）"
    parts.append(
        f"<h2>{T('Summary', '概要')}</h2><ul>"
        + T(f"<li>{config['n_patients']} virtual patients ({html.escape(manifest['backbone']['name'])} + semantic "
            f"hub), preset {preset_en}: <code>{lesion}</code>, severities {severities}; "
            f"{config['n_controls']} intact controls.</li>"
            f"<li>Battery <code>{html.escape(manifest['battery']['name'])}</code>: {manifest['battery']['items']} "
            "items.</li>"
            f"<li>Signatures of Patterson et al. (2007), Figure 2: <b>{n_ok} of {int(tested.sum())}</b> tested "
            f"signatures reproduced; {int((~tested).sum())} not testable (see the notes)."
            + (f" Against the baselines, {n_diagnostic} of them are diagnostic (some baseline fails them) and "
               f"{n_not} not diagnostic (every baseline reproduces them too)." if "diagnostic" in verdicts else "")
            + "</li>",
            f"<li>仮想患者 {config['n_patients']} 人（{html.escape(manifest['backbone']['name'])} + 意味ハブ）、"
            f"プリセット {preset_ja}：<code>{lesion}</code>、損傷の重さ {severities}；損傷のない統制 "
            f"{config['n_controls']} 人。</li>"
            f"<li>バッテリー <code>{html.escape(manifest['battery']['name'])}</code>：{manifest['battery']['items']} "
            "項目。</li>"
            f"<li>Patterson et al. (2007) 図2のサイン：検定できた {int(tested.sum())} 個のうち <b>{n_ok} 個</b>を再現；"
            f"{int((~tested).sum())} 個は検定不能（注記を参照）。"
            + (f"ベースラインと比べると、そのうち {n_diagnostic} 個が診断的（いずれかのベースラインは再現しない）、"
               f"{n_not} 個が非診断的（すべてのベースラインも再現する）。" if "diagnostic" in verdicts else "")
            + "</li>")
        + f"<li>{html.escape(naming_fit)}</li></ul>")
    return "".join(parts)


def _signatures_section(r, T) -> str:
    """The verdict table with the baselines and the effect sizes."""
    manifest = r.manifest
    verdicts = r.verdicts
    effects = r.effects
    parts = []
    parts.append(T("<h2>Signatures (Patterson, Nestor &amp; Rogers 2007, Figure 2)</h2>"
                   "<p class='small'>Stages are observed, from naming accuracy: control (intact or severity 0), "
                   "minimal (≥ 0.9), mild (≥ 0.55), moderate (≥ 0.25), severe. One-sided tests at α = 0.05 on "
                   "per-patient summaries, across patients (valid with few patients; with one patient, across its "
                   "sessions). The estimate is in the unit under it; the effect size is standardised (d_z: the mean "
                   "over the SD of the per-patient values, unless the method says otherwise). Threshold and "
                   "equivalence checks have no test of a difference.</p>",
                   "<h2>サイン（Patterson, Nestor &amp; Rogers 2007, 図2）</h2>"
                   "<p class='small'>重症度の段階は呼称正答率から観察で決める：統制（損傷なし・重さ 0）、最軽度"
                   "（≥ 0.9）、軽度（≥ 0.55）、中等度（≥ 0.25）、重度。患者ごとの要約値について患者間で α = 0.05 の"
                   "片側検定を行う（少数の患者でも妥当；患者が一人ならそのセッション間）。推定値の単位はその下に"
                   "示す。効果量は標準化した値（d_z：患者ごとの値の平均をその標準偏差で割ったもの。手法欄に別の"
                   "記載がなければ）。閾値と同等性の確認には差の検定がない。表の「期待される結果」と手法欄は"
                   "機械可読な英語のまま。</p>")
                 + _baselines_text(manifest, verdicts, T) + _verdict_table(verdicts, T) + _effects_text(effects, T))
    return "".join(parts)


def _paradigms_section(r, T) -> str:
    """The paradigms run, with the study each mirrors."""
    manifest = r.manifest
    results = r.results
    parts = []
    ran = set(results["paradigm"].astype(str))
    listed = manifest.get("paradigms") or [{"name": name, "mirrors": ""} for name in sorted(ran)]
    def paradigm_line(p: dict) -> str:
        gloss = f" ({html.escape(T.term(p['name']))})" if T.language == "ja" else ""
        text = T(p["mirrors"], p.get("mirrors_ja") or p["mirrors"]) or T("(no description)", "（説明なし）")
        return f"<li><code>{html.escape(p['name'])}</code>{gloss}: {html.escape(text)}</li>"

    parts.append(f"<h2>{T('Paradigms', '課題')}</h2><ul>" + "".join(paradigm_line(p) for p in listed) + "</ul>")
    return "".join(parts)


#: The delayed-copy figure's items on the bundled battery: animals whose distinctive attributes can be lost (the
#: camel's hump, the elephant's trunk), two that lack the attribute most of the battery's animals have (a tail) so
#: that an intrusion can show (Bozeat et al. 2003's generic animal), and an artefact and a fruit.
DRAWN_ITEMS = ("duck", "camel", "elephant", "penguin", "kangaroo", "dolphin", "gorilla", "fly", "car", "banana")


def _figures_section(r, T, figures) -> str:
    """The panels of Figure 2 that the paradigms run allow."""
    results = r.results
    battery = r.battery
    language = T.language
    ran = set(results["paradigm"].astype(str))
    parts = []
    parts.append(f"<h2>{T('Figures', '図')}</h2>")
    if "category_verification" in ran:
        parts.append(_figure(figures, "fig2a_verification", plot_verification(results, language=language),
                             T("Category verification by label level and observed stage (cf. Figure 2a).",
                               "ラベルの水準と観察された段階ごとのカテゴリー検証（図2a 参照）。")))
    if "colour_judgment" in ran:
        parts.append(_figure(figures, "fig2c_colour", plot_colour(results, language=language),
                             T("Colour judgment for items of typical and atypical colour (cf. Figure 2c, left).",
                               "典型色と非典型色の項目の色の判断（図2c 左 参照）。")))
    parts.append(_figure(figures, "naming_profile", plot_naming_profile(results, r.reference, language=language),
                         T("Naming response types against naming accuracy; filled markers: SD patients' bins; "
                           "open squares: the Rogers et al. (2004) model.",
                           "呼称正答率に対する呼称の反応の種類。塗りつぶしの印：SD 患者のビン；白抜きの四角："
                           "Rogers et al. (2004) のモデル。")))
    if "object_decision" in ran:
        parts.append(_figure(figures, "fig2c_object_decision", plot_object_decision(results, language=language),
                             T("Object decision: a real animal beside a chimera, by which picture is more typical "
                               "of the domain (cf. Figure 2c, right).",
                               "物体判断：実在の動物とキメラ。どちらが領域により典型的かで分けた正答率（図2c 右 参照）。")))
    if "delayed_copy" in ran and battery is not None:
        first_patient = results[results["paradigm"] == "delayed_copy"]["patient"].iloc[0]
        wanted = [i for i in DRAWN_ITEMS if i in set(results["item"])] or None
        parts.append(_figure(figures, "fig2d_drawings",
                             plot_drawings(results, battery, patient=first_patient, items=wanted,
                                           sessions=_decline_sessions(results, first_patient, most=4), language=language),
                             T(f"Delayed copy of {first_patient}: the attributes drawn from memory, omitted (−) "
                               "and intruded (+), as Bozeat et al. (2003) tabulated them (cf. Figure 2d).",
                               f"{first_patient} の遅延模写：記憶から描かれた属性、脱落（−）と侵入（+）。"
                               "Bozeat et al. (2003) の表と同じ形（図2d 参照）。")))
    if "word_picture_matching" in ran:
        parts.append(_figure(figures, "matching", plot_matching(results, language=language),
                             T("Word–picture matching, the severity index, against lesion severity.",
                               "重症度の指標である単語‐絵照合と損傷の重さ。")))
    return "".join(parts)


def _naming_table_section(r, T, figures) -> str:
    """Figure 2b: one patient's naming across sessions."""
    results = r.results
    names = r.names
    language = T.language
    parts = []
    hodges = ["chicken", "duck", "ostrich", "peacock", "penguin", "rooster"]
    first = results[results["paradigm"] == "picture_naming"]["patient"].iloc[0]
    items = [i for i in hodges if i in set(results["item"])] or None
    if items is None:
        items = list(dict.fromkeys(results.loc[results["paradigm"] == "picture_naming", "item"]))[:12]
    sessions = _decline_sessions(results, first)
    parts.append(_figure(figures, "fig2b_naming_table",
                         plot_naming_table(results, patient=first, items=items, sessions=sessions, language=language,
                                           names=names),
                         T(f"Longitudinal naming of patient {first} across sessions of growing damage "
                           "(cf. Figure 2b; '+' = correct).",
                           f"損傷が進むセッションを通じた患者 {first} の呼称（図2b 参照；「+」= 正答）。")))
    return "".join(parts)


def _naming_section(r, T) -> str:
    """Naming against the patients' bins of Rogers et al. (2004)."""
    rmse = r.rmse
    rmse_interval = r.rmse_interval
    comparison = r.comparison
    from .profile import describe_naming_fit
    
    naming_fit = describe_naming_fit(rmse, rmse_interval, language=T.language)
    parts = []
    parts.append(T("<h2>Naming against the patients' bins</h2>", "<h2>患者のビンと比べた呼称</h2>")
                 + f"<p>{html.escape(naming_fit)}</p>"
                 + T("<p class='small'>Both profiles are interpolated at each bin's overall naming accuracy "
                     "(Rogers et al. aligned bins the same way): <code>rogers_aligned</code> is the model along its "
                     "own accuracy curve (intact point included), <code>rogers_model</code> its published points at "
                     "their own accuracies. The <code>correct</code> cells of aligned profiles equal the bins' "
                     "accuracy by construction, so the 16 other cells are the headline. The patients' values were "
                     "read off a published figure (about ±0.02).</p>",
                     "<p class='small'>両プロフィールを各ビンの呼称正答率で内挿する（Rogers et al. も同じ方法でビンを"
                     "位置合わせした）：<code>rogers_aligned</code> はモデル自身の正答率曲線に沿った値（損傷前の点を"
                     "含む）、<code>rogers_model</code> は公表点をそれ自身の正答率で見た値。位置合わせしたプロフィール"
                     "の <code>correct</code> セルは作り方からビンの正答率に等しいので、残りの 16 セルが主な指標。"
                     "患者の値は公表された図から読み取った（約 ±0.02）。</p>")
                 + _table(rmse) + (_table(rmse_interval) if rmse_interval is not None else "") + _table(comparison))
    return "".join(parts)


def _case_control_section(r, T) -> str:
    """Case–control statistics, summarised by paradigm and severity."""
    case_control = r.case_control
    parts = []
    summary = case_control.groupby(["paradigm", "severity"], observed=True).agg(
        case_accuracy=("case", "mean"), control_mean=("control_mean", "first"), control_sd=("control_sd", "first"),
        median_t=("t", "median"), share_p_below_05=("p", lambda p: float((p < 0.05).mean()) if p.notna().any()
                                                   else float("nan"))).reset_index()
    parts.append(T("<h2>Case–control statistics</h2><p class='small'>Each virtual patient-session against the "
                   "intact controls with the Crawford–Howell test (one-tailed for a deficit) and the Bayesian test of "
                   "Crawford &amp; Garthwaite (2007); per-patient rows are in <code>case_control.csv</code>. "
                   "When the controls have no variance the tests are undefined (NaN).</p>",
                   "<h2>症例‐統制の統計</h2><p class='small'>仮想患者の各セッションを損傷のない統制と比べる："
                   "Crawford–Howell 検定（障害について片側）と Crawford &amp; Garthwaite (2007) のベイズ検定。"
                   "患者ごとの行は <code>case_control.csv</code> にある。統制に分散がないとき検定は定義されない"
                   "（NaN）。</p>") + _table(summary))
    return "".join(parts)


def _contrast_section(r, T, figures) -> str:
    """SD against the contrasting disorders (semantic aphasia): the table of contrasts and the patients' measures."""
    from .disorders import CONTRASTS, disorder_measures
    from .figures import plot_disorders

    described = dict(zip(CONTRASTS["signature"], CONTRASTS["description_ja"])) if T.language == "ja" else {}
    parts = [T("<h2>Semantic dementia against semantic aphasia</h2>"
               "<p>Jefferies &amp; Lambon Ralph (2006) contrasted SD, where the store of knowledge degrades, with "
               "semantic aphasia (SA) after stroke, where the knowledge is there but its controlled retrieval fails: "
               "SD patients are consistent across tasks and sessions, sensitive to frequency and little helped by "
               "phonemic cues; SA patients the reverse. The SA cohort is the same premorbid patients with "
               "<code>RetrievalControl</code> damage (noise where each task selects its answer, the store intact). "
               "Each patient's measures are taken over its sessions in the mild to severe stages (by uncued naming, "
               "the same bounds for both cohorts); the estimate is the expected-higher group's mean minus the "
               "other's, Welch's t-test (one-sided), 90% interval, Hedges' g.</p>",
               "<h2>意味性認知症と意味性失語の対比</h2>"
               "<p>Jefferies &amp; Lambon Ralph (2006) は、知識の貯蔵が劣化する SD と、脳卒中後に知識はあるがその"
               "統制された想起が損なわれる意味性失語（SA）を比べた。SD の患者は課題と回をまたいで一貫し、頻度に敏感で、"
               "音韻キューの助けが小さい；SA はその逆。SA コホートは同じ病前の患者に <code>RetrievalControl</code> "
               "損傷（各課題が答えを選ぶ段階のノイズ、貯蔵は無傷）を与えたもの。各患者の指標は軽度から重度の段階"
               "（キューなしの呼称で決め、両コホートで同じ境界）のセッションで求め、推定値は高いと期待される群の平均から"
               "他方を引いた差、Welch の t 検定（片側）、90% 区間、Hedges の g。</p>")]
    head = (f"<tr><th class='text'>{T('contrast', '対比')}</th><th class='text'>{T('expected', '期待')}</th>"
            f"<th>SD {T('mean, 90% CI', '平均、90% 区間')}</th><th>{T('other, 90% CI', '対比群、90% 区間')}</th>"
            f"<th>{T('difference, 90% CI', '差、90% 区間')}</th><th>p</th><th>{T('effect size', '効果量')}</th>"
            f"<th class='text'>{T('verdict', '判定')}</th></tr>")
    rows = []
    for _, v in r.contrasts.iterrows():
        cls, mark = _outcome(v["reproduced"], T)
        diagnostic = v.get("diagnostic")
        status = f'<div class="small">{_fmt(T.term(diagnostic))}</div>' if isinstance(diagnostic, str) and diagnostic \
            else ""
        note = f'<div class="small">{_fmt(v["note"])}</div>' if isinstance(v.get("note"), str) and v["note"] else ""
        rows.append(f'<tr class="{cls}"><td class="text">{_fmt(T.term(v["contrast"]))}: {_fmt(v["signature"])}'
                    f'<div class="small">{_fmt(described.get(v["signature"], v["description"]))}</div>{note}</td>'
                    f'<td class="text">{_fmt(v["expected"])}</td>'
                    f'<td>{_fmt(v.get("sd_mean"))}'
                    f'<div class="small">{_ci(v.get("sd_ci_low"), v.get("sd_ci_high"))}</div></td>'
                    f'<td>{_fmt(v.get("other_mean"))}'
                    f'<div class="small">{_ci(v.get("other_ci_low"), v.get("other_ci_high"))}'
                    f'</div></td><td>{_fmt(v.get("estimate"))}'
                    f'<div class="small">{_ci(v.get("ci_low"), v.get("ci_high"))}</div></td>'
                    f'<td>{_fmt(v.get("p"))}</td><td>{_fmt(v.get("effect_size"))}</td>'
                    f'<td class="verdict text">{mark}{status}</td></tr>')
    parts.append(f"<div class='wide'><table class='verdicts'>{head}{''.join(rows)}</table></div>")
    items = r.battery.items if r.battery is not None else None
    if items is not None and r.contrast_trials:
        for name, trials in r.contrast_trials.items():
            label = "SA" if name == "semantic_aphasia" else name
            try:
                groups = {"SD": disorder_measures(r.results, items), label: disorder_measures(trials, items)}
            except ValueError:  # e.g. one virtual patient: the table's note says why; no figure
                continue
            parts.append(_figure(figures, f"contrast_{name}", plot_disorders(groups, language=T.language),
                                 T(f"SD against {name}: each dot a virtual patient (its mean over the mild to severe "
                                   "sessions), bars the group means.",
                                   f"SD と{T.term(name)}の対比：点は仮想患者一人（軽度〜重度のセッションの平均）、"
                                   "横棒は群の平均。")))
    return "".join(parts)


def _files_section(r, T) -> str:
    """The files of the folder and the manifest."""
    manifest = r.manifest
    parts = []
    parts.append(T("<h2>Files and provenance</h2>", "<h2>ファイルと来歴</h2>") + "<ul>"
                 + T("<li><code>trials.csv.gz</code>: every trial (patients and controls), tidy.</li>",
                     "<li><code>trials.csv.gz</code>：すべての試行（患者と統制）、整然データ。</li>")
                 + "<li><code>verdicts.csv</code>, <code>naming_comparison.csv</code>, <code>naming_rmse.csv</code>, "
                 "<code>naming_rmse_interval.csv</code>, <code>naming_effects.csv</code>, "
                 + T("<code>baseline_trials.csv.gz</code> (every baseline trial, with a <code>baseline</code> column), "
                     "<code>views_trials.csv.gz</code>, <code>views_summary.csv</code>, "
                     "<code>views_naming_rmse.csv</code> (naming of new views), ",
                     "<code>baseline_trials.csv.gz</code>（ベースラインのすべての試行、<code>baseline</code> 列つき）、"
                     "<code>views_trials.csv.gz</code>、<code>views_summary.csv</code>、"
                     "<code>views_naming_rmse.csv</code>（新しい見え方の呼称）、")
                 + "<code>case_control.csv</code>, <code>verification.csv</code>, <code>accuracy.csv</code>.</li>"
                 + T("<li><code>manifest.json</code>: versions, configuration, seeds and hashes.</li></ul>",
                     "<li><code>manifest.json</code>：バージョン、設定、シード、ハッシュ。</li></ul>")
                 + f"<pre class='small'>{html.escape(json.dumps(manifest, indent=1, ensure_ascii=False))}</pre>")
    return "".join(parts)


def write_report(output, result, *, language: str = "en") -> Path:
    """Write ``report.html`` and ``figures/*.png`` into *output*; return the report's path.

    *result* is a :class:`cogsim.replication.Replication` (anything with its
    attributes: ``results``, ``controls``, ``verdicts``, ``comparison``, ``rmse``,
    ``rmse_interval``, ``effects``, ``case_control``, ``views_summary``,
    ``views_rmse``, ``maps``, ``manifest``, ``battery``).  The page embeds its
    figures, so it can be mailed or archived on its own.  ``language="ja"``
    writes it in Japanese: headings, text, verdicts, signature descriptions and
    figure labels; item names and naming responses are translated through the
    battery's Japanese names.  Column names of the tables stay as in the CSV
    files, so a table can be found in its file.
    """
    from .._validation import check_option
    from .i18n import LANGUAGES, Text, japanese_names

    check_option("language", language, LANGUAGES)
    T = Text(language)
    output = Path(output)
    figures = output / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    r = _ReportView(result)
    r.names = japanese_names(result.battery.items) if result.battery is not None else None
    sections = [_summary_section(r, T), _signatures_section(r, T), _paradigms_section(r, T),
                _figures_section(r, T, figures), _naming_table_section(r, T, figures)]
    if r.maps is not None:
        sections.append(_maps_text(figures, r.maps, T, r.names))
    sections.append(_naming_section(r, T))
    if r.views_summary is not None and not r.views_summary.empty:
        sections.append(_views_text(r.views_summary, r.views_rmse, T))
    if r.contrasts is not None and len(r.contrasts):
        sections.append(_contrast_section(r, T, figures))
    sections += [_case_control_section(r, T), _files_section(r, T)]
    title = T("cogsim replication report", "cogsim 再現報告書")
    css = _CSS + (_CSS_JA if language == "ja" else "")
    page = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{css}</style></head><body>{''.join(sections)}</body></html>")
    from .._reportdir import atomic_write

    path = output / "report.html"
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return path


class _ReportView:
    """The attributes of a result the report reads, by name (a copy: the result is not changed)."""

    _FIELDS = ("results", "controls", "verdicts", "comparison", "rmse", "rmse_interval", "effects", "case_control",
               "views_summary", "views_rmse", "maps", "manifest", "battery", "reference", "contrasts",
               "contrast_trials")

    def __init__(self, result):
        for name in self._FIELDS:
            setattr(self, name, getattr(result, name, None))

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab 4 · One patient against controls / 実習4・1 人の患者と統制群
#
# **Goal.** Neuropsychology often studies one patient. Compare one virtual
# patient in mild SD with a small control sample using the single-case methods
# of Crawford and colleagues: the Crawford–Howell test for a deficit, and the
# revised standardised difference test for a dissociation between two tasks.
# Then write the result up as a short case report.
#
# **目標。** 神経心理学はしばしば 1 人の患者を研究する。軽度の SD の仮想患者 1 人を小さな
# 統制群と、Crawford らの単一事例の方法で比べる：障害についての Crawford–Howell 検定と、
# 二つの課題間の乖離についての改訂標準化差検定。結果を短い症例報告にまとめる。
#
# | time / 時間 | part / 内容 |
# |---|---|
# | 15 min | the case and the controls / 症例と統制 |
# | 20 min | a test at ceiling / 天井にある検査 |
# | 25 min | deficits and a dissociation / 障害と乖離 |
# | 30 min | the case report / 症例報告 |

# %%
from dataclasses import replace

import pandas as pd

import cogsim
from cogsim.analysis import case_control_table, crawford_howell, revised_standardised_difference
from cogsim.paradigms import get_paradigm, run_paradigms
from cogsim.presets import get_preset
from cogsim.stimuli import new_views

battery = cogsim.load_battery()
preset = get_preset("sd_hub_v20")
tasks = [get_paradigm(name) for name in
         ("picture_naming", "category_verification", "colour_judgment", "word_picture_matching")]

# %% [markdown]
# ## 1. The case and the controls / 症例と統制
#
# The controls are four intact patients that differ from the case only in their
# training seed. The case is the labs' patient (`sd_hub_v20`, training seed 0)
# at severity 0.55 of the preset's lesion.
#
# 統制は、訓練シードだけが症例と異なる損傷のない患者 4 人。症例は実習の患者（`sd_hub_v20`、
# 訓練シード 0）をプリセットの損傷の重さ 0.55 で損傷したもの。

# %%
controls = cogsim.build_patients(battery, [1, 2, 3, 4], preset="sd_hub_v20")
case = cogsim.build_patient(battery, preset="sd_hub_v20").lesion(replace(preset.lesion, severity=0.55), random_state=1)


def run(patients, pictures, **kwargs):
    """Every task on *pictures*: one tidy table / すべての課題を実施：整然データ 1 つ"""
    return pd.concat(run_paradigms(tasks, patients, pictures, random_state=0, **kwargs).values(), ignore_index=True)


def scores(results):
    """Accuracy per task (rows) and patient (columns) / 課題（行）と患者（列）ごとの正答率"""
    return results.groupby(["paradigm", "patient"])["correct"].mean().unstack()


case_trained, controls_trained = run(case, battery), run(controls, battery)
pd.concat([scores(case_trained).rename(columns={"P01": "case"}), scores(controls_trained)], axis=1).round(3)

# %% [markdown]
# ## 2. A test at ceiling / 天井にある検査
#
# **Question 1.** Try the Crawford–Howell test on naming of the trained
# pictures. What happens, and why? What would you do with a human patient?
#
# **問1.** 訓練した絵の呼称に Crawford–Howell 検定を試せ。何が起こるか、それはなぜか。ヒトの
# 患者ならどうするか。

# %%
naming_case = scores(case_trained).loc["picture_naming"].iloc[0]
try:
    print(crawford_howell(naming_case, scores(controls_trained).loc["picture_naming"]))
except ValueError as error:
    print("Crawford–Howell:", error)

# %% [markdown] tags=["answer"]
# **Answer.** Every control names every trained picture, so the controls' SD
# is 0 and the test is undefined: there is no scale on which to say how unusual
# the case is. A test at ceiling in controls cannot measure a deficit's size.
# With people, one would choose a harder test (less familiar items, time
# limits); here we show new views of the items, which the controls do not all
# get right.
#
# **答え。** 統制全員が訓練した絵をすべて呼称するので、統制の標準偏差が 0 になり検定は定義
# されない：症例がどれほど珍しいかを言う尺度がない。統制で天井にある検査では障害の大きさを
# 測れない。ヒトなら、より難しい検査（親しみの少ない項目、時間制限）を選ぶ。ここでは項目の
# 新しい見え方を見せる。統制も全問正解とはならない。

# %% [markdown]
# ## 3. Deficits and a dissociation / 障害と乖離

# %%
views = new_views(battery)
case_new, controls_new = run(case, views, new_pictures=True), run(controls, views, new_pictures=True)
table = case_control_table(case_new, controls_new, random_state=0)
table[["paradigm", "case", "control_mean", "control_sd", "t", "p", "zcc", "abnormality", "note"]].round(4)

# %% [markdown]
# `zcc` is the case's distance from the control mean in control SDs;
# `abnormality` the estimated percentage of the control population that would
# score lower. Now the dissociation: is naming *more* impaired than colour
# knowledge? The revised standardised difference test (RSDT) compares the two
# standardised deficits, taking the controls' correlation between the tasks
# into account.
#
# `zcc` は症例と統制平均の距離を統制の標準偏差で表したもの。`abnormality` は統制の母集団で
# 症例より低い得点をとる人の割合の推定値。次に乖離：呼称は色の知識*より*損なわれているか。
# 改訂標準化差検定（RSDT）は、統制での課題間の相関を考慮して二つの標準化された障害を比べる。

# %%
control_scores = scores(controls_new)
case_scores = scores(case_new).iloc[:, 0]
rsdt = revised_standardised_difference(case_scores["picture_naming"], case_scores["colour_judgment"],
                                       control_scores.loc["picture_naming"], control_scores.loc["colour_judgment"])
rsdt

# %% [markdown]
# **Question 2.** Which tasks show a deficit (one-tailed p < 0.05)? Does the
# case meet Crawford's criteria for a *classical* dissociation between naming
# and colour knowledge (a deficit on one, none on the other, and a significant
# difference), or for a *differential* deficit (both impaired, one
# significantly more)? Why is word–picture matching a problem here?
#
# **問2.** どの課題に障害があるか（片側 p < 0.05）。症例は呼称と色の知識の間の*古典的*乖離
# （一方に障害、他方に障害なし、差が有意）の基準を満たすか、それとも*差異的*障害（両方に障害、
# 一方が有意に大きい）か。ここで単語‐絵照合が問題になるのはなぜか。

# %% [markdown] tags=["answer"]
# **Answer.** Read `table`: naming, category verification and colour
# judgment are all far below the controls (p < 0.05), so there is no classical
# dissociation; if the RSDT is significant, naming is *differentially* impaired,
# which is what SD predicts (naming needs the item-specific knowledge that goes
# first). Word–picture matching is at ceiling in the controls (SD 0): the tests
# are undefined (see `note`), as in question 1. Note also how small the
# controls' SDs are: virtual controls share one backbone and one training set and
# differ only in their seed, so they vary far less than people; z-scores of 10
# or more are common and should not be read as in a human study.
#
# **答え。** `table` を読もう：呼称・カテゴリー検証・色の判断はいずれも統制よりはるかに低い
# （p < 0.05）ので、古典的乖離ではない。RSDT が有意なら、呼称は*差異的に*損なわれており、
# SD の予測どおりである（呼称は最初に失われる項目固有の知識を必要とする）。単語‐絵照合は統制で
# 天井（標準偏差 0）なので、問1と同じく検定は定義されない（`note` を参照）。統制の標準偏差の
# 小ささにも注意：仮想の統制は一つのバックボーンと一つの訓練セットを共有し、シードしか違わない
# ので、ヒトよりはるかにばらつかない。10 以上の z 得点もよくあり、ヒトの研究と同じように読んでは
# いけない。

# %% [markdown]
# ## 4. The case report / 症例報告
#
# A first draft, written from the numbers (edit it; every number can be traced
# to the tables above and their seeds).
#
# 数値から書いた最初の草稿（手を加えよう。どの数値も上の表とそのシードにたどれる）。

# %%
naming_row = table.set_index("paradigm").loc["picture_naming"]
draft = (
    f"The case (virtual; EfficientNet-Lite0 + semantic hub, preset sd_hub_v20, hub lesion severity 0.55) named "
    f"{naming_row['case']:.0%} of new views of 140 pictured objects, against {naming_row['control_mean']:.0%} "
    f"(SD {naming_row['control_sd']:.3f}) in {int(naming_row['n_controls'])} intact controls "
    f"(Crawford–Howell t({int(naming_row['df'])}) = {naming_row['t']:.2f}, one-tailed p = {naming_row['p']:.2g}; "
    f"Z-CC = {naming_row['zcc']:.1f}). Against colour knowledge, the revised standardised difference test gave "
    f"t({int(rsdt.df)}) = {rsdt.statistic:.2f}, p = {rsdt.p_value:.2g} (Z-DCC = {rsdt.effect:.1f})."
)
print(draft)

# %% [markdown]
# **Question 3.** Write a case report of half a page in the usual order:
# background, tests, results (with the statistics above), interpretation. What
# does the profile say about where the damage is? Which further test would
# separate a semantic from a visual cause (lab 5 gives one)?
#
# **問3.** ふつうの順序で半ページの症例報告を書け：背景、検査、結果（上の統計とともに）、解釈。
# このプロフィールは損傷の場所について何を示すか。意味的な原因と視覚的な原因を区別するには、
# さらにどの検査が役立つか（実習5 に一つある）。

# %% [markdown] tags=["answer"]
# **Answer (example).** *Background:* a virtual patient with progressive damage
# to the semantic hub, tested at one point of the decline. *Tests:* picture
# naming, category verification, colour knowledge and word–picture matching,
# on new views of 140 objects; four intact controls. *Results:* naming,
# verification and colour knowledge are impaired (Crawford–Howell, above);
# matching is at ceiling in controls and cannot be scored for a deficit; naming
# is (or is not) differentially impaired relative to colour knowledge (RSDT).
# *Interpretation:* a multimodal semantic impairment, worst where item-specific
# knowledge is needed, as in SD. A visual cause would impair recognising the
# pictures themselves and would move the evidence the network uses in the
# picture; a hub lesion leaves it in place (lab 5, "where does the patient
# look").
#
# **答え（例）。** *背景：* 意味ハブに進行性の損傷をもつ仮想患者。経過の一時点で検査した。
# *検査：* 140 物体の新しい見え方での絵の呼称、カテゴリー検証、色の知識、単語‐絵照合。統制は
# 損傷のない 4 人。*結果：* 呼称・検証・色の知識に障害（上の Crawford–Howell）。照合は統制で天井の
# ため障害を評価できない。呼称は色の知識に比べ差異的に損なわれている（あるいはいない）（RSDT）。
# *解釈：* 項目固有の知識が必要なところで最も重い多様式の意味障害で、SD と同じ。視覚的な原因なら
# 絵そのものの認識が損なわれ、ネットワークが絵の中で使う根拠の位置が動く。ハブの損傷ではその
# 位置は変わらない（実習5「患者はどこを見ているか」）。

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
# # Lab 2 · A patient declines / 実習2・患者の症状が進む
#
# **Goal.** Damage the semantic hub of one patient a little more at every
# "visit", as semantic dementia progresses, and follow its picture naming: the
# longitudinal table of Patterson, Nestor & Rogers (2007, Figure 2b; patient JL
# of Hodges, Graham & Patterson 1995) and the error types of Rogers et al. (2004).
#
# **目標。** 意味性認知症の進行のように、1 人の患者の意味ハブを「受診」ごとに少しずつ損傷し、
# 絵の呼称を追う：Patterson, Nestor & Rogers (2007) 図2b の経過表（Hodges, Graham &
# Patterson 1995 の患者 JL）と Rogers et al. (2004) の誤りの種類。
#
# | time / 時間 | part / 内容 |
# |---|---|
# | 15 min | the lesion and the visits / 損傷と受診 |
# | 25 min | the naming table / 呼称の経過表 |
# | 30 min | error types against the patients / 誤りの種類と患者データ |
# | 20 min | another lesion / 別の損傷 |

# %%
import pandas as pd

import cogsim
from cogsim.analysis import compare_naming, naming_profile, naming_rmse, plot_naming_profile, plot_naming_table
from cogsim.analysis.i18n import japanese_names
from cogsim.lesions import get_lesion, progression
from cogsim.paradigms import PictureNaming
from cogsim.presets import get_preset

battery = cogsim.load_battery()
patient = cogsim.build_patient(battery, preset="sd_hub_v20")

# %% [markdown]
# ## 1. The lesion and the visits / 損傷と受診
#
# The preset's lesion removes hub units and makes the survivors noisy.
# `progression` damages the *same* patient at growing severities with one random
# stream: the units lost at one visit stay lost at the next.
#
# プリセットの損傷はハブのユニットを取り除き、残ったユニットにノイズを加える。`progression` は
# 同じ患者を一つの乱数系列で重さを増しながら損傷する：ある受診で失われたユニットは次の受診でも
# 失われたまま。

# %%
preset = get_preset("sd_hub_v20")
print(preset.lesion)
severities = [0.0, 0.4, 0.55, 0.65, 0.75, 0.85, 0.9, 0.95, 1.0]
jl = progression(patient, preset.lesion, severities, random_state=1)
naming = PictureNaming().run(jl, battery, random_state=0)
by_visit = naming.groupby(["session", "severity"])["correct"].mean().rename("naming accuracy").reset_index()
by_visit

# %% [markdown]
# **Question 1.** Up to which severity is naming still at ceiling? Is the
# decline linear in the share of the hub that is damaged? What could explain the
# shape?
#
# **問1.** どの重さまで呼称は天井にあるか。ハブの損傷の割合に対して低下は直線的か。この形は
# 何で説明できるか。

# %% [markdown] tags=["answer"]
# **Answer.** Naming stays at ceiling while a large part of the hub is already
# damaged, then falls steeply. Knowledge is distributed over many units, so the
# survivors still carry enough of each item's pattern (graceful degradation);
# only when too few remain do answers fail, and then quickly. Patients likewise
# come to the clinic once the loss is already substantial.
#
# **答え。** ハブの大部分がすでに損傷していても呼称は天井にとどまり、その後急に落ちる。知識は
# 多くのユニットに分散しているので、残ったユニットが各項目のパターンを十分に担う（緩やかな
# 劣化）。残りが少なくなりすぎて初めて答えが崩れ、そのときは速い。患者も、損失がすでに大きく
# なってから受診する。

# %% [markdown]
# ## 2. The naming table (Figure 2b) / 呼称の経過表（図2b）
#
# JL's birds, visit by visit. "+" is a correct name. The Japanese table uses the
# battery's Japanese names.
#
# JL の鳥を受診ごとに示す。「+」は正しい名前。日本語の表はバッテリーの日本語名を使う。

# %%
birds = ["chicken", "duck", "ostrich", "peacock", "penguin", "rooster"]
visits = [4, 5, 6, 7, 8, 9]
plot_naming_table(naming, items=birds, sessions=visits)

# %%
plot_naming_table(naming, items=birds, sessions=visits, language="ja", names=japanese_names(battery.items))

# %% [markdown]
# **Question 2.** Describe the order in which the answers change for one bird.
# Which kinds of answer come first, which last? Compare with JL (Hodges et al.
# 1995): "duck" for many birds, then "bird", then "animal", then nothing.
#
# **問2.** 1 羽の鳥について答えが変わっていく順序を述べよ。どの種類の答えが先に、どれが後に
# 現れるか。JL（Hodges et al. 1995）と比べよ：多くの鳥に「アヒル」、次に「鳥」、次に「動物」、
# 最後には答えがなくなる。

# %% [markdown] tags=["answer"]
# **Answer.** The specific name is lost first. Then the patient gives the name
# of another, usually more familiar, member of the category (a semantic error) or
# the category name ("bird"), later the domain ("animal"), and in the end "don't
# know". What goes first is the specific, distinctive knowledge; the general
# knowledge shared by many items survives longest, as in JL.
#
# **答え。** まず特定の名前が失われる。次に同じカテゴリーの別の（ふつうはより親しみのある）
# メンバーの名前（意味性錯語）かカテゴリー名（「とり」）、後には領域名（「どうぶつ」）、最後は
# 「わからない」になる。先に失われるのは特定の弁別的な知識で、多くの項目に共通する一般的な
# 知識は最後まで残る。JL と同じである。

# %% [markdown]
# ## 3. Error types against the patients / 誤りの種類と患者データ
#
# The naming profile is the share of each response type at each severity. The
# markers are the SD patients of Rogers et al. (2004), grouped in four bins of
# naming accuracy, and their model.
#
# 呼称プロフィールは各重さでの反応の種類の割合。印は Rogers et al. (2004) の SD 患者
# （呼称正答率で 4 ビンにまとめたもの）とそのモデル。

# %%
naming_profile(naming).round(2)

# %%
plot_naming_profile(naming)

# %%
rmse = naming_rmse(compare_naming(naming))
rmse.round(3)

# %% [markdown]
# **Question 3.** Which response types rise and fall with severity? Which one
# does this single patient match worst? Why is one virtual patient not enough to
# say whether cogsim fits the patients better or worse than the Rogers et al.
# model? (*Hint:* `rmse`, and the replication report's interval over patients.)
#
# **問3.** 重症化とともに増えて減る反応の種類はどれか。この 1 人の患者が最も合わないのは
# どれか。1 人の仮想患者では、cogsim が Rogers et al. のモデルより患者によく合うかどうか
# 言えないのはなぜか。（*ヒント:* `rmse` と、再現報告書の患者間の区間。）

# %% tags=["answer"]
comparison = compare_naming(naming)
comparison.assign(error=(comparison["cogsim"] - comparison["patients"]).abs()).sort_values(
    "error", ascending=False).head(5).round(3)

# %% [markdown] tags=["answer"]
# **Answer.** Semantic errors rise and then fall; superordinate responses peak
# later; omissions rise throughout and dominate at the end; cross-domain errors
# stay rare. The worst cells are listed above (they differ between seeds). One
# patient is one sample: another training seed or lesion stream gives another
# profile, so a comparison of models needs many virtual patients, an interval
# over them, and the same alignment for both models (the replication report
# does this), and a difference smaller than the reference's digitisation error
# (±0.02) cannot be called a better fit.
#
# **答え。** 意味性錯語は増えてから減る。上位語の反応はもっと遅れてピークになる。無反応は
# 増え続け、最後には大半を占める。領域外の誤りはまれなまま。最も合わないセルは上の表のとおり
# （シードによって変わる）。1 人の患者は 1 つの標本にすぎず、別の訓練シードや損傷の乱数系列
# では別のプロフィールになる。モデルの比較には多くの仮想患者とその区間、両モデルに同じ
# 位置合わせが必要であり（再現報告書はそうしている）、参照データの読み取り誤差（±0.02）より
# 小さい差をよりよい当てはまりとは言えない。

# %% [markdown]
# ## 4. Another lesion / 別の損傷
#
# **Question 4.** The preset's lesion has two parts: units lost, and noise in
# the units that survive. Keep only the loss
# (`get_lesion("unit_ablation", severity=0.0, site="hub")`) and compare the
# naming profile. Which signature of SD does it keep, which does it lose? What
# does the noise contribute?
#
# **問4.** プリセットの損傷には 2 つの部分がある：ユニットの消失と、残ったユニットのノイズ。
# 消失だけ（`get_lesion("unit_ablation", severity=0.0, site="hub")`）にして呼称プロフィールを
# 比べよ。SD のどのサインが保たれ、どれが失われるか。ノイズは何をもたらしているか。

# %% tags=["answer"]
loss_only = progression(patient, get_lesion("unit_ablation", severity=0.0, site="hub"), severities, random_state=1)
loss_naming = PictureNaming().run(loss_only, battery, random_state=0)
loss_profile = naming_profile(loss_naming)
loss_profile.round(2)

# %% [markdown] tags=["answer"]
# **Answer.** With units lost and no noise, naming still declines and
# omissions still take over, but semantic errors stay rare (at most about 5% of
# answers here, against about 24% with the preset's lesion): the surviving units
# fall silent on items they no longer support instead of pointing to a
# neighbouring item. The "rise then fall" of semantic errors, a signature of SD,
# needs the noisy survivors. (Try `get_lesion("weight_noise", severity=0.0,
# site="hub")` as well: noise in the weights as large as the weights themselves
# leaves naming intact, because knowledge spread over many connections averages
# the noise out.) Which lesion models SD best is an empirical question: cogsim's
# calibration study (docs/calibration.md) chose the preset's lesion and reports
# its fit on data the choice never saw (a held-out bin of patients, held-out
# training seeds).
#
# **答え。** ノイズなしでユニットを失わせると、呼称は低下し無反応も最後には大半を占めるが、
# 意味性錯語はまれなまま（ここでは答えの最大約 5%、プリセットの損傷では約 24%）。残った
# ユニットは、もう支えられない項目について近くの項目を指す代わりに黙ってしまう。SD のサインで
# ある意味性錯語の「増えてから減る」には、ノイズを帯びた生き残りのユニットが必要である。
# （`get_lesion("weight_noise", severity=0.0, site="hub")` も試そう：重みと同じ大きさの重みノイズ
# でも呼称は保たれる。多くの結合に広がった知識がノイズを平均してしまうからである。）どの損傷が
# SD を最もよく表すかは実証的な問題である：cogsim の較正研究（docs/calibration.md）はプリセットの
# 損傷を選び、その選択が見ていないデータ（除外した患者のビン、除外した訓練シード）で当てはまりを
# 報告している。

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
# # Lab 5 · Where does the patient look? / 実習5・患者はどこを見ているか
#
# **Goal.** Class activation maps show which parts of a picture support an
# answer. Compute CAM and Grad-CAM for the intact patient, then after damage to
# the semantic hub (SD) and after damage to late visual layers, and test the
# hub-and-spoke prediction: hub damage changes *what* the patient says while the
# evidence stays where it was; visual damage moves the evidence.
#
# **目標。** クラス活性化マップは、絵のどの部分が答えを支えているかを示す。損傷前の患者、
# 意味ハブの損傷（SD）後、後期の視覚層の損傷後について CAM と Grad-CAM を計算し、ハブ‐スポーク
# 説の予測を検証する：ハブの損傷では患者の*答え*は変わるが根拠の位置は変わらず、視覚の損傷では
# 根拠が動く。
#
# | time / 時間 | part / 内容 |
# |---|---|
# | 20 min | CAM of the intact patient / 損傷前の患者の CAM |
# | 15 min | CAM, Grad-CAM and HiResCAM / CAM、Grad-CAM、HiResCAM |
# | 35 min | hub damage and visual damage / ハブの損傷と視覚の損傷 |
# | 20 min | discussion / 討論 |
#
# Grad-CAM needs the optional package `grad-cam` (`pip install "cogsim[explain]"`);
# without it, use `method="cam"` everywhere.
# Grad-CAM には追加パッケージ `grad-cam` が必要（`pip install "cogsim[explain]"`）。ない場合は
# どこでも `method="cam"` を使う。

# %%
import importlib.util
from dataclasses import replace

import pandas as pd

import cogsim
from cogsim.analysis.i18n import japanese_names
from cogsim.explain import damage_maps, explain, map_agreement, plot_explanations
from cogsim.presets import get_preset

battery = cogsim.load_battery()
patient = cogsim.build_patient(battery, preset="sd_hub_v20")
items = ["penguin", "zebra", "banana", "guitar", "teapot", "duck"]
gradcam = "gradcam" if importlib.util.find_spec("pytorch_grad_cam") else "cam"
names_ja = japanese_names(battery.items)

# %% [markdown]
# ## 1. CAM of the intact patient / 損傷前の患者の CAM
#
# The backbone's last feature maps are averaged over the picture and fed to the
# hub. CAM weights each feature map by how much it raises the score of the
# target (here the pictured item) and sums them: red regions support the item.
#
# バックボーンの最後の特徴マップは絵全体で平均されてハブに入る。CAM は各特徴マップを目標
# （ここでは描かれた項目）の得点をどれだけ上げるかで重みづけて足し合わせる：赤い領域が項目を
# 支える。

# %%
intact = explain(patient, battery, items, method="cam")
intact.frame.round(3)

# %%
plot_explanations([intact], labels=["損傷前 / intact"], language="ja", lexicon_names=names_ja)

# %% [markdown]
# **Question 1.** Which parts of each picture does the patient use? Are they the
# parts a person would name as typical of the object?
#
# **問1.** 患者は各絵のどの部分を使っているか。それはヒトがその物の特徴として挙げる部分か。

# %% [markdown] tags=["answer"]
# **Answer.** Mostly the object itself, often its most distinctive part (the
# zebra's striped body, the penguin's white front), but sometimes a broad blob
# or an edge: the maps are coarse (7 × 7 cells upsampled) and show what the
# network uses, which need not be what a person would name.
#
# **答え。** 主に物体そのもの、しばしば最も弁別的な部分（シマウマの縞の胴、ペンギンの白い腹）
# だが、ときには広いしみや縁になる。マップは粗く（7 × 7 のセルを拡大）、ネットワークが使うものを
# 示すので、ヒトが挙げる部分と同じとは限らない。

# %% [markdown]
# ## 2. CAM, Grad-CAM and HiResCAM / CAM、Grad-CAM、HiResCAM
#
# Grad-CAM weights each feature map by the *gradient* of the target's score,
# averaged over the map; HiResCAM multiplies gradient and activation location
# by location. Compare them with CAM on the last feature maps, then on the
# output of an earlier stage (`layer="block12"`).
#
# Grad-CAM は各特徴マップを目標の得点の*勾配*（マップ上で平均）で重みづける。HiResCAM は位置
# ごとに勾配と活性化を掛ける。最後の特徴マップで CAM と比べ、次に前のステージの出力
# （`layer="block12"`）で比べる。

# %%
methods = [gradcam] + (["hirescam"] if gradcam == "gradcam" else [])
agreement = {}
for method in methods:
    for layer in (None, "block12"):
        other = explain(patient, battery, items, method=method, layer=layer)
        agreement[f"{method} at {layer or 'last maps'}"] = map_agreement(intact, other)
agreement = pd.DataFrame(agreement)
agreement.round(3)

# %% [markdown]
# **Question 2.** On the last feature maps the three methods agree perfectly
# (correlation 1 for every item). Why? Why do they disagree at an earlier
# stage, and which map would you trust there?
#
# **問2.** 最後の特徴マップでは三つの方法が完全に一致する（どの項目でも相関 1）。なぜか。前の
# ステージで一致しなくなるのはなぜか、そこではどのマップを信頼するか。

# %% [markdown] tags=["answer"]
# **Answer.** The last feature maps are averaged over the picture before the
# hub, so the gradient of the score with respect to a map is the same at every
# location: Grad-CAM's averaged gradient, HiResCAM's location-wise gradient and
# CAM's read-out weight are then one number per map, and the three maps are
# equal up to a constant factor (cogsim's tests check this against a hand
# computation). At an earlier stage, further convolutions lie between the map
# and the pooling, the gradient varies over the picture, and each method
# summarises it differently; no map is "the" truth. Attribution maps are
# descriptions of a model under assumptions; comparing methods, and comparing a
# patient with itself before damage (as below) with one method, is safer than
# reading one map alone.
#
# **答え。** 最後の特徴マップはハブの前に絵全体で平均されるので、マップについての得点の勾配は
# どの位置でも同じになる：Grad-CAM の平均勾配、HiResCAM の位置ごとの勾配、CAM の読み出しの重みは
# どれもマップごとに一つの数になり、三つのマップは定数倍を除いて等しい（cogsim のテストは手計算と
# 比べてこれを確かめている）。前のステージでは、マップとプーリングの間にさらに畳み込みがあり、
# 勾配が絵の上で変わるので、方法ごとに要約が異なる。どのマップも「真実」ではない。帰属マップは
# 仮定のもとでのモデルの記述であり、一つのマップだけを読むより、方法どうしを比べたり、同じ方法で
# 損傷前の自分自身と比べたり（次の節）するほうが安全である。

# %% [markdown]
# ## 3. Hub damage and visual damage / ハブの損傷と視覚の損傷
#
# The same patient, damaged in the hub (the SD preset) and in late visual layers
# (the visual preset), at two severities each. The target is always the pictured
# item, so every map answers the same question.
#
# 同じ患者を、ハブ（SD プリセット）と後期の視覚層（視覚プリセット）でそれぞれ二つの重さで損傷
# する。目標はつねに描かれた項目なので、どのマップも同じ問いに答える。

# %%
hub_lesion, visual_lesion = get_preset("sd_hub_v20").lesion, get_preset("visual").lesion
damage = {
    "hub": [(s, patient.lesion(replace(hub_lesion, severity=s), random_state=1)) for s in (0.65, 0.9)],
    "visual": [(s, patient.lesion(replace(visual_lesion, severity=s), random_state=1)) for s in (0.6, 1.0)],
}
frame, explanations, labels = damage_maps(patient, damage, battery, items, method=gradcam)
plot_explanations(explanations, labels=labels, language="ja", lexicon_names=names_ja)

# %%
summary = frame[frame["lesion"] != "intact"].groupby(["lesion", "severity"]).agg(
    correct=("answer", lambda a: (a == frame.loc[a.index, "item_id"]).mean()),
    map_correlation=("map_correlation", lambda r: r.fillna(0.0).mean()),
    flat_maps=("flat_map", "sum"))
summary.round(3)

# %% [markdown]
# **Question 3.** Compare the two lesions on both columns: does the patient
# still name the pictures, and is its evidence where it was? Is the
# hub-and-spoke prediction borne out? What would this measure add to the case
# report of lab 4?
#
# **問3.** 二つの損傷を両方の列で比べよ：患者はまだ絵を呼称できるか、根拠は元の位置にあるか。
# ハブ‐スポーク説の予測は支持されるか。この指標は実習4 の症例報告に何を加えるか。

# %% [markdown] tags=["answer"]
# **Answer.** Under hub damage the answers fail (at 0.9 few pictures are still
# named) while the maps stay almost identical to the intact ones (correlations
# near 1): the visual evidence is intact, the knowledge it should reach is
# not. Under visual damage the maps change completely (correlations near 0, or
# flat maps where nothing supports the item any more), together with the
# answers. The prediction is borne out for these items (the replication report
# tests it on 12). For a case report, the maps separate a semantic from a
# visual (apperceptive) cause of a naming deficit, which accuracy alone cannot.
#
# **答え。** ハブの損傷では答えが崩れる（0.9 ではまだ呼称できる絵は少ない）が、マップは損傷前と
# ほぼ同じ（相関は 1 に近い）：視覚的な根拠は無傷で、それが届くべき知識が失われている。視覚の
# 損傷ではマップが完全に変わり（相関は 0 に近いか、何も項目を支えない平坦なマップになる）、答えも
# 変わる。これらの項目では予測は支持される（再現報告書は 12 項目で検定している）。症例報告に
# とっては、呼称障害の意味的な原因と視覚的（統覚的）な原因を、正答率だけではできない形で区別する。

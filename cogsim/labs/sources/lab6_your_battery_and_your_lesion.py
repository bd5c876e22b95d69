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
# # Lab 6 · Your own battery and your own lesion / 実習6・自分のバッテリーと自分の損傷
#
# **Goal.** Prepare a picture battery of your own (a folder of pictures and an
# `items.csv`), let cogsim check it, teach a patient your items, and damage it
# with a lesion you write yourself. (Object decision and delayed copy drawing,
# Figure 2c right and 2d, are not part of a lab yet; docs/paradigms/ has examples.)
#
# **目標。** 自分の絵のバッテリー（絵のフォルダと `items.csv`）を用意し、cogsim に検査させ、
# 患者に項目を学習させ、自分で書いた損傷を与える。（図2右下の物体判断と遅延模写はまだ実習に
# 入っていない。docs/paradigms/ に例がある。）
#
# | time / 時間 | part / 内容 |
# |---|---|
# | 25 min | a battery folder, and its errors / バッテリーのフォルダとそのエラー |
# | 20 min | a patient that knows your items / 自分の項目を知る患者 |
# | 30 min | a lesion of your own / 自分の損傷 |
# | 15 min | what to report / 何を報告するか |
#
# This lab writes a folder `my_battery/` in the current folder.
# この実習は現在のフォルダに `my_battery/` フォルダを書き出す。

# %%
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import cogsim
from cogsim.analysis import naming_profile
from cogsim.lesions import UnitLesion, get_lesion, progression, register_lesion
from cogsim.paradigms import PictureNaming

# %% [markdown]
# ## 1. A battery folder / バッテリーのフォルダ
#
# A battery is a folder with the pictures and an `items.csv`: one row per item
# with `item_id`, `specific`, `basic`, `domain` and `image` (the picture's path
# inside the folder); `name_ja`, `basic_ja` and `domain_ja` give Japanese names.
# Here we take 12 pictures of the bundled battery, as if they were your
# photographs (transparent PNG or photos on a plain background work best).
#
# バッテリーは、絵と `items.csv` の入ったフォルダ。1 項目 1 行で `item_id`、`specific`、`basic`、
# `domain`、`image`（フォルダ内の絵のパス）を書く。`name_ja`、`basic_ja`、`domain_ja` は日本語名。
# ここでは同梱バッテリーの 12 枚の絵を、自分の写真のつもりで使う（透過 PNG か無地の背景の写真が
# 最もよい）。

# %%
bundled = cogsim.load_battery()
chosen = ["duck", "penguin", "ostrich", "owl", "apple", "banana", "carrot", "broccoli",
          "hammer", "saw", "guitar", "violin"]
folder = Path("my_battery")
(folder / "pictures").mkdir(parents=True, exist_ok=True)
rows = []
for item in chosen:
    row = bundled.row(item)
    (folder / "pictures" / f"{item}.png").write_bytes(bundled.path(item).read_bytes())
    rows.append({"item_id": item, "specific": row["specific"], "basic": row["basic"], "domain": row["domain"],
                 "image": f"pictures/{item}.png", "name_ja": row["name_ja"], "basic_ja": row["basic_ja"],
                 "domain_ja": row["domain_ja"]})
with open(folder / "items.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
mine = cogsim.load_battery(folder)
print(mine)

# %% [markdown]
# **Question 1.** Break the battery on purpose, one mistake at a time: a
# picture that does not exist, an item whose basic category belongs to two
# domains, an empty `domain`. Read cogsim's error message each time: does it
# tell you which file and row to fix? (Restore `items.csv` afterwards.)
#
# **問1.** わざとバッテリーを一つずつ壊してみよ：存在しない絵、二つの領域に属する基本カテゴリー、
# 空の `domain`。そのたびに cogsim のエラーメッセージを読め：どのファイルのどの行を直せばよいか
# わかるか。（その後 `items.csv` を元に戻す。）

# %% tags=["answer"]
broken = folder.parent / "my_battery_broken"
(broken / "pictures").mkdir(parents=True, exist_ok=True)
for item in chosen:
    (broken / "pictures" / f"{item}.png").write_bytes((folder / "pictures" / f"{item}.png").read_bytes())
bad_rows = [dict(r) for r in rows]
bad_rows[1]["image"] = "pictures/no_such_picture.png"
bad_rows[5]["domain"] = "animal"
bad_rows[9]["domain"] = ""


def write_and_load(table):
    with open(broken / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    try:
        cogsim.load_battery(broken)
    except ValueError as error:
        print(error, end="\n\n")


write_and_load(bad_rows)                      # the table's problems, all at once
bad_rows[5]["domain"], bad_rows[9]["domain"] = rows[5]["domain"], rows[9]["domain"]
write_and_load(bad_rows)                      # the table is right: now the pictures are checked

# %% [markdown] tags=["answer"]
# **Answer.** Each message names the file, the row and the item. cogsim checks
# in two passes: first the table (here the basic category `fruit` placed under
# two domains and the empty `domain`, reported together), then, once the table
# is right, the pictures (the missing file). Nothing is loaded until everything
# is fixed, so a half-valid battery never reaches a patient.
#
# **答え。** どのメッセージもファイル・行・項目を示す。cogsim は二段階で検査する：まず表（ここでは
# 二つの領域に置かれた基本カテゴリー `fruit` と空の `domain`。まとめて報告される）、表が正しく
# なってから絵（存在しないファイル）。すべて直すまで何も読み込まれないので、半分だけ正しい
# バッテリーが患者に届くことはない。

# %% [markdown]
# ## 2. A patient that knows your items / 自分の項目を知る患者
#
# The same preset, trained on your battery (the backbone's features of your
# pictures are computed once and cached).
#
# 同じプリセットを自分のバッテリーで訓練する（自分の絵のバックボーン特徴は一度だけ計算して
# キャッシュされる）。

# %%
patient = cogsim.build_patient(mine, preset="sd_hub_v20")
naming = PictureNaming(language="ja").run(patient, mine, random_state=0)
naming[["target", "response", "correct"]]

# %% [markdown]
# ## 3. A lesion of your own / 自分の損傷
#
# A lesion family is one small class. This one is *focal*: it silences a run of
# neighbouring hub units around a random centre, growing with severity. It
# draws from the random generator it is given, and the same numbers at every
# severity, so that a progression is nested (lost units stay lost).
#
# 損傷の種類は小さなクラス一つで書ける。これは*局所的な*損傷で、ランダムな中心のまわりの
# 隣り合うハブのユニットを、重さとともに広がる範囲で黙らせる。与えられた乱数生成器から、どの重さ
# でも同じ数を引くので、進行は入れ子になる（失われたユニットは失われたまま）。

# %%
@register_lesion("focal_ablation", replace=True)
@dataclass(frozen=True)
class FocalAblation(UnitLesion):
    """Silence the units within severity * n / 2 of a random centre (units in a ring) / 局所的なユニットの消失"""

    def dead_units(self, n_units, rng):
        centre = rng.integers(n_units)
        distance = np.abs((np.arange(n_units) - centre + n_units // 2) % n_units - n_units // 2)
        return distance < self.severity * n_units / 2


severities = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0]
focal = progression(patient, get_lesion("focal_ablation", severity=0.0, site="hub"), severities, random_state=1)
scattered = progression(patient, get_lesion("unit_ablation", severity=0.0, site="hub"), severities, random_state=1)
profiles = pd.concat({
    "focal": naming_profile(PictureNaming().run(focal, mine, random_state=0)).set_index("severity"),
    "scattered": naming_profile(PictureNaming().run(scattered, mine, random_state=0)).set_index("severity"),
}, axis=1)
profiles.xs("correct", axis=1, level=1).round(2)

# %% [markdown]
# **Question 2.** Do focal and scattered loss of the same number of hub units
# differ? What does the answer say about how knowledge is laid out in the hub?
# Would you expect the same in the anterior temporal lobes?
#
# **問2.** 同じ数のハブのユニットを局所的に失うのと散在的に失うのとで違いはあるか。その答えは、
# ハブの中で知識がどう配置されているかについて何を示すか。前部側頭葉でも同じことが予想されるか。

# %% [markdown] tags=["answer"]
# **Answer.** They decline alike (compare the rows; small differences come from
# which units happen to be lost). The hub's units have no spatial layout:
# neighbouring numbers mean nothing, and every item is spread over all the
# units, so where the loss falls matters little, only how much. In the brain,
# the ventral anterior temporal lobe is graded: regions nearer to visual or
# language areas weigh those modalities more (Lambon Ralph et al. 2017), so a
# focal lesion there could affect some kinds of knowledge more than others.
# A hub with topography would be needed to model that.
#
# **答え。** 両者は同じように低下する（行を比べよ。小さな違いはたまたまどのユニットが失われたか
# による）。ハブのユニットには空間的な配置がない：隣の番号に意味はなく、どの項目もすべての
# ユニットに広がっているので、損失がどこに落ちるかはほとんど関係なく、量だけが効く。脳では、
# 腹側前部側頭葉は段階的で、視覚野や言語野に近い部位ほどそのモダリティの比重が大きい（Lambon
# Ralph et al. 2017）ので、そこでの局所的な損傷は知識の種類によって影響が異なりうる。それを
# モデル化するには、位置をもつハブが必要になる。

# %% [markdown]
# ## 4. What to report / 何を報告するか
#
# **Question 3.** Someone else wants to repeat your study exactly. List what
# they need. (*Hint:* `patient.seed`, `patient.parameter_hash()`,
# `mine.fingerprint`, the lesion's `repr`, the `random_state` of every call,
# `cogsim.__version__`.)
#
# **問3.** 誰かがあなたの研究をそっくり繰り返したい。その人に必要なものを挙げよ。（*ヒント:*
# `patient.seed`、`patient.parameter_hash()`、`mine.fingerprint`、損傷の `repr`、各呼び出しの
# `random_state`、`cogsim.__version__`。）

# %% tags=["answer"]
{"cogsim": cogsim.__version__, "battery": mine.fingerprint, "patient seed": patient.seed,
 "patient parameters": patient.parameter_hash(), "lesion": repr(focal.lesion), "severities": severities,
 "lesion random_state": 1, "paradigm random_state": 0}

# %% [markdown] tags=["answer"]
# **Answer.** The battery (its pictures and `items.csv`; the fingerprint
# checks it is the same), the backbone and its weights, the preset (hub,
# training, policy), the patient's training seed (the parameter hash checks
# the trained patient), the lesion with its parameters, the severities, every
# `random_state`, and the cogsim version. With these, cogsim gives the same
# DataFrame again; `cogsim replicate` writes all of them into `manifest.json`.
#
# **答え。** バッテリー（絵と `items.csv`。フィンガープリントで同じものか確かめられる）、
# バックボーンとその重み、プリセット（ハブ・訓練・応答方針）、患者の訓練シード（パラメータの
# ハッシュで訓練済みの患者を確かめられる）、損傷とそのパラメータ、重さ、すべての `random_state`、
# cogsim のバージョン。これらがあれば cogsim は同じ DataFrame を再び返す。`cogsim replicate` は
# これらすべてを `manifest.json` に書き出す。

"""Virtual patients: pretrained backbones, the semantic hub, building and caching.

仮想患者：事前学習済みバックボーンと意味ハブ。
"""

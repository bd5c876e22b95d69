"""Paradigms: picture naming, category verification, colour judgment, word-picture matching.

課題：呼称・カテゴリー判断・色判断・語-絵照合。
"""

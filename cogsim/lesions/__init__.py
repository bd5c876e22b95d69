"""Lesions that damage a patient: weight noise, pruning, unit ablation; sites and progression.

損傷：重みノイズ・刈り込み・ユニット除去。
"""

"""Analysis: scoring, reference data, signature tests, single-case statistics, figures.

分析：採点・参照データ・単一事例統計・図。
"""

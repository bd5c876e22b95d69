"""Analysis: scoring summaries, signal detection, reference data, signatures, case–control statistics.

分析：要約、信号検出、参照データ、事例対照統計。
"""

from .sdt import d_prime, verification_summary

__all__ = ["d_prime", "verification_summary"]

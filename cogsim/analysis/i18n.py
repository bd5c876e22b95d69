"""English and Japanese for what a reader sees: the report, figure labels, item names.

The report and the figures take ``language="en"`` or ``language="ja"``.  Running text is
written in both languages side by side where it is used (``text("Summary", "概要")``),
so a sentence and its translation change together; the recurring terms
(severity stages, conditions, response types, verdicts) are tables here.

Item names come from the battery (``name_ja``, ``basic_ja``, ``domain_ja`` in
``items.csv``), so a user battery with those columns is translated too; a name
without a Japanese form stays as it is.

表示用の英語・日本語：報告書、図のラベル、項目名。
"""

from __future__ import annotations

import pandas as pd

from .._validation import check_option
from .._languages import LANGUAGES, renamed_keyword

__all__ = ["LANGUAGES", "Text", "term", "translate_names", "japanese_names"]


#: Recurring terms: English → Japanese.  Values not listed are shown as they are.
TERMS_JA = {
    # observed severity stages (from naming accuracy)
    "control": "統制", "minimal": "最軽度", "mild": "軽度", "moderate": "中等度", "severe": "重度",
    # category-verification label levels
    "domain": "領域（上位）", "basic": "基本", "specific": "特定（下位）",
    # colour judgment conditions
    "typical": "典型色", "atypical": "非典型色",
    # naming response types (Rogers et al. 2004)
    "correct": "正答", "semantic": "意味性錯語", "superordinate": "上位語", "cross_domain": "領域外の誤り",
    "omission": "無反応",
    # verdicts
    "reproduced": "再現", "not reproduced": "再現せず", "not tested": "検定不能",
    "diagnostic": "診断的", "not diagnostic": "非診断的", "undetermined": "未確定",
    # paradigms
    "picture_naming": "絵の呼称", "category_verification": "カテゴリー検証", "colour_judgment": "色の判断",
    "word_picture_matching": "単語‐絵照合", "object_decision": "物体判断", "delayed_copy": "遅延模写",
    "cued_naming": "音韻キュー付きの呼称", "semantic_aphasia": "意味性失語",
    # object decision conditions and delayed-copy outcomes
    "real_typical": "実物が典型的", "real_atypical": "キメラが典型的",
    "kept": "保持", "omitted": "脱落", "intruded": "侵入", "shared": "共有属性", "distinctive": "弁別的属性",
    # lesions in the 'where does the patient look' section
    "hub": "ハブ損傷", "visual": "視覚損傷", "intact": "損傷前",
}


@renamed_keyword("lang", "language")
def term(value, language: str = "en"):
    """*value* in *language*: the Japanese of a recurring term, or *value* itself."""
    if language == "ja" and isinstance(value, str):
        return TERMS_JA.get(value, value)
    return value


class Text:
    """Picks the English or the Japanese of a pair: ``T = Text("ja"); T("Summary", "概要")`` → ``"概要"``.

    >>> Text("ja")("Summary", "概要"), Text("en")("Summary", "概要")
    ('概要', 'Summary')
    >>> Text("fr")
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'language'. Allowed values are 'en' and 'ja', but got 'fr'.
    """

    @renamed_keyword("lang", "language")
    def __init__(self, language: str = "en"):
        check_option("language", language, LANGUAGES)
        self.language = language

    def __call__(self, en: str, ja: str) -> str:
        return ja if self.language == "ja" else en

    def term(self, value):
        """:func:`term` in this language."""
        return term(value, self.language)


def japanese_names(items: pd.DataFrame) -> dict:
    """English display names → Japanese, from a battery's items table.

    Covers what a naming response or a table row can be: item ids and specific
    names (``name_ja``), basic categories (``basic_ja``), domains (``domain_ja``)
    and the omission response.  Columns the table lacks are skipped.
    """
    from ..paradigms.naming import _OMISSION

    names = {_OMISSION["en"]: _OMISSION["ja"]}
    for english_columns, japanese in ((("basic",), "basic_ja"), (("domain",), "domain_ja"),
                                      (("item_id", "specific", "name_en"), "name_ja")):
        if japanese not in items.columns:
            continue
        for column in english_columns:
            if column in items.columns:
                for en, ja in zip(items[column], items[japanese]):
                    if isinstance(en, str) and isinstance(ja, str) and ja.strip():
                        names[en] = ja
    return names


def translate_names(results: pd.DataFrame, names: dict, columns=("target", "response")) -> pd.DataFrame:
    """*results* with the display names in *columns* replaced through *names* (unknown names kept)."""
    out = results.copy()
    for column in columns:
        if column in out.columns:
            out[column] = [names.get(v, v) if isinstance(v, str) else v for v in out[column]]
    return out

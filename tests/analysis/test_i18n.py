"""English and Japanese display: terms, the battery's Japanese names, translated results."""

import pandas as pd
import pytest

from cogsim.analysis.i18n import TERMS_JA, Text, japanese_names, term, translate_names


def test_text_picks_the_language_and_refuses_others():
    assert Text("ja")("Summary", "概要") == "概要" and Text("en")("Summary", "概要") == "Summary"
    assert Text("ja").term("severe") == "重度" and Text("en").term("severe") == "severe"
    with pytest.raises(ValueError, match="Invalid value for 'language'"):
        Text("de")


def test_every_stage_response_type_and_verdict_has_a_japanese_term():
    from cogsim.analysis.reference import RESPONSE_CLASSES
    from cogsim.analysis.signatures import STAGES

    for value in (*STAGES, *RESPONSE_CLASSES, "reproduced", "not reproduced", "not tested", "diagnostic",
                  "not diagnostic", "undetermined"):
        assert term(value, "ja") == TERMS_JA[value] != value
    assert term("unknown-thing", "ja") == "unknown-thing" and term(3, "ja") == 3


def test_japanese_names_come_from_the_battery_columns():
    items = pd.DataFrame({"item_id": ["robin", "cod"], "specific": ["robin", "cod"], "basic": ["bird", "fish"],
                          "domain": ["animal", "animal"], "name_ja": ["コマドリ", " "], "basic_ja": ["とり", "さかな"],
                          "domain_ja": ["どうぶつ", "どうぶつ"]})
    names = japanese_names(items)
    assert names["robin"] == "コマドリ" and names["bird"] == "とり" and names["animal"] == "どうぶつ"
    assert "cod" not in names                      # a blank Japanese name is not a translation
    assert names["don't know"] == "わからない"
    # a battery without Japanese columns: only the omission response is translated
    assert japanese_names(items[["item_id", "specific", "basic", "domain"]]) == {"don't know": "わからない"}


def test_translate_names_keeps_unknown_names_and_the_original():
    results = pd.DataFrame({"target": ["robin", "cod"], "response": ["bird", None], "correct": [0, 1]})
    out = translate_names(results, {"robin": "コマドリ", "bird": "とり"})
    assert out["target"].tolist() == ["コマドリ", "cod"] and out["response"].iloc[0] == "とり"
    assert pd.isna(out["response"].iloc[1])
    assert results["target"].tolist() == ["robin", "cod"]          # the input is left as it was


def test_bundled_signatures_all_have_a_japanese_description():
    from cogsim.analysis import load_signatures

    table = load_signatures()
    assert (table["description_ja"].str.len() > 0).all()
    assert table["description_ja"].map(lambda t: any("\u3040" <= ch <= "\u9fff" for ch in t)).all()

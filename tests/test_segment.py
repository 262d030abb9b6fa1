"""kg.segment: the one jieba tokenizer, its user dictionary and word offsets."""

import pytest
from hypothesis import given, settings, strategies as st

from kg.segment import cut, tokenizer, tokens, user_words, word_tag


def test_one_tokenizer_per_process():
    assert tokenizer() is tokenizer()


@pytest.mark.parametrize("word", ["建设银行", "中国建设银行", "蚂蚁金服", "有限公司"])
def test_gazetteer_names_and_suffixes_are_one_word(word):
    assert word in cut(f"据报道{word}今日发布公告")


def test_user_dictionary_tags_organisations():
    assert ("蚂蚁金服", "nt") in user_words()
    assert word_tag("蚂蚁金服") == "nt"
    assert word_tag("北京") == "ns"
    assert word_tag("与") == "p"
    assert word_tag("云帆星桥") == ""


def test_jieba_global_tokenizer_is_left_alone():
    import jieba

    tokenizer()
    assert "金融壹账通" not in jieba.dt.FREQ


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="中国建设银行与同盾科技有限公司合作ABC 123，。（）", max_size=40))
def test_tokens_join_back_and_carry_offsets(text):
    toks = tokens(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start:t.end] == t.text for t in toks)

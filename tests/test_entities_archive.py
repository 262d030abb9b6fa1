"""Entity error classes found by reading a random sample of the news-archive build
(benchmarks/results/archive_review.md). Sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.mentions import find_spans


def persons(sentence: str) -> list[str]:
    return [s.text for s in find_spans(sentence) if s.type == "Person"]


@pytest.mark.parametrize("sentence, name", [
    ("监管局局长林舒18日在论坛上表示。", "林舒"),
    ("甲银行行长何川3日表示，利率保持稳定。", "何川"),
    ("乙科技首席执行官苏明、丙集团总裁吴凡出席。", "苏明"),
    ("丁集团董事局主席秦岭；", "秦岭"),
    ("甲银行行长何川：保持流动性合理充裕。", "何川"),
])
def test_person_name_after_a_role_stops_at_a_digit_or_punctuation(sentence, name):
    assert name in persons(sentence)
    assert not any(p != name and p.startswith(name) for p in persons(sentence))


def test_person_name_after_a_role_keeps_three_characters():
    assert persons("乙科技首席执行官林望舒表示。") == ["林望舒"]

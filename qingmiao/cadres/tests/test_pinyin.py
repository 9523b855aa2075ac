import pytest

from qingmiao.cadres import pinyin


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张伟", "zhangwei", "zw"),
        ("李娜", "lina", "ln"),
        ("吕布", "lvbu", "lb"),
        ("曾小明", "zengxiaoming", "zxm"),  # surname reading, not céng
        ("单雄信", "shanxiongxin", "sxx"),  # surname reading, not dān
        ("尉迟恭", "yuchigong", "ycg"),  # two-character surname
        ("欧阳娜娜", "ouyangnana", "oynn"),
    ],
)
def test_pinyin_keys(name, full, initials):
    assert pinyin.full(name) == full
    assert pinyin.initials(name) == initials


def test_single_character_surname_alone_uses_normal_reading():
    # A lone 单 is not treated as a surname (there is nothing after it).
    assert pinyin.full("单") == "dan"

"""One splitting rule on both sides of search: the Python index splitter and the JS query splitter agree."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kiroku.searchsplit import JS_SPLITTER, split

SAMPLES = [
    "キム・ジョンウン総書記", "キムジョンウン", "ｷﾑ･ｼﾞｮﾝｳﾝ", "キム·ジョンウン", "ペスコフ報道官", "宇宙基地", "首脳会談",
    "総書記", "ICBM級", "ＩＣＢＭ級", "1対1形式", "１対１形式", "Putin", "Kim Jong Un", "Vostochny Cosmodrome",
    "13日 19:40 ロシア国営通信社“プーチン大統領が基地出発”", "党", "・・・", "a・b", "ルナ25号", "火星17型",
    "Ünïcödé café", "москва", "서울 회담", "〇〆々", "x", "", "   ", "〔時刻なし〕", "\u3000全角\u3000空白",
]


def test_python_rule_examples() -> None:
    assert split("キム・ジョンウン") == ["キム", "ム・", "・ジ", "ジョ", "ョン", "ンウ", "ウン", "ムジ"]
    assert split("ICBM級") == ["ic", "cb", "bm", "m級", "icbm"]
    assert split("ＩＣＢＭ級") == split("ICBM級")
    assert split("ｷﾑ･ｼﾞｮﾝｳﾝ") == split("キム・ジョンウン")
    assert split("Kim Jong Un") == ["kim", "jong", "un"]
    # Every term of a query that occurs in a text is a term of the text.
    text = "北朝鮮のキム・ジョンウン総書記とロシアのプーチン大統領による首脳会談"
    for query in ("キムジョンウン", "総書記", "プーチン大統領", "首脳会談", "キム・ジョンウン総書記"):
        assert set(split(query)) <= set(split(text)), query


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to run the JS splitter")
def test_javascript_splitter_agrees_with_python() -> None:
    program = JS_SPLITTER + (
        "\nconst qs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nprocess.stdout.write(JSON.stringify(qs.map(splitQuery)));"
    )
    result = subprocess.run(["node", "-e", program], input=json.dumps(SAMPLES), capture_output=True, text=True,
                            check=True)
    assert json.loads(result.stdout) == [split(s) for s in SAMPLES]

"""One normalization rule on both sides of search: kiroku.searchnorm in Python and its JS twin agree."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kiroku.searchnorm import JS_NORMALIZE, changed_forms, normalize

SAMPLES = [
    "キム・ジョンウン総書記", "ｷﾑ･ｼﾞｮﾝｳﾝ", "キム·ジョンウン", "ペスコフ報道官", "ICBM級", "ＩＣＢＭ級", "1対1形式",
    "１対１形式", "Putin", "Kim Jong Un", "13日 19:40 ロシア国営通信社“プーチン大統領が基地出発”", "・・・",
    "ルナ25号", "Ünïcödé CAFÉ", "МОСКВА", "서울 회담", "〇〆々", "", "   ", "\u3000全角\u3000空白", "①②", "㍻", "ﬁ",
    "İstanbul", "ΣΊΣΥΦΟΣ",
]


def test_python_rule_examples() -> None:
    assert normalize("ＩＣＢＭ級") == "icbm級" == normalize("ICBM級")
    assert normalize("ｷﾑ") == "キム"
    assert normalize("１対１形式") == "1対1形式"
    assert normalize("Putin") == "putin"
    # What the build adds to the index: only text that NFKC changes, normalized, once.
    assert changed_forms(["プーチン大統領", "ＩＣＢＭ級", "ICBM級", "ＩＣＢＭ級", "ｶﾅ"]) == ["icbm級", "カナ"]
    # Word by word: punctuation and spaces that NFKC changes are not searched, so they add nothing.
    assert changed_forms(["首脳会談（速報）が始まる。", "首脳　会談！"]) == []
    assert changed_forms(["（３）ＩＣＢＭ級の発射、ﾌﾟｰﾁﾝ大統領が発言"]) == ["3", "icbm級の発射", "プーチン大統領が発言"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to run the JS rule")
def test_javascript_rule_agrees_with_python() -> None:
    program = JS_NORMALIZE + (
        "\nconst qs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nprocess.stdout.write(JSON.stringify(qs.map(kirokuNormalize)));"
    )
    result = subprocess.run(["node", "-e", program], input=json.dumps(SAMPLES), capture_output=True, text=True,
                            check=True)
    assert json.loads(result.stdout) == [normalize(s) for s in SAMPLES]

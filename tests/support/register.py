"""The one register of the course's student-facing Korean: 합니다체, never 해라체 (the tests' detector)."""

from __future__ import annotations

import re

# One register for the course: student-facing Korean is in 합니다체 (입니다, 합니다, 됩니다, 없습니다, ...),
# never in 해라체 / plain form (이다, 한다, 된다, 없다, ...). A clause ends in plain form when its last syllable
# before a sentence or clause mark (. ? ! ; : or a closing bracket), an opening parenthesis or the end of the
# text is 다 ending a word and not preceded by 니 (nor the polite hortative -ㅂ시다), or a plain hortative (하자),
# imperative (구하라) or question (인가?, 하는가?, 하느냐?, 될까?). The particles 보다 and 마다
# ("전방 차분보다 (두 점)", "step마다 (매번)") and the adverb 다 ("둘 다 (x와 y)") are not verb endings.
# Not checked, on purpose: math and code ($...$, `...`), where a Korean word never occurs, and text in double
# quotes, which is a lecture slide quoted word for word (e.g. "선형 분류 문제를 풀 수 있음") or a term, and must
# stay as the lecture wrote it.
NOT_KOREAN_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\"[^\"\n]*\"|“[^”]*”", re.S)
PLAIN_FORM = re.compile(
    r"(?:(?<=[가-힣])(?<![니보마])다|(?:하|보|두)자|(?:하|구하|고르|쓰)라)(?=[\s*_'’]*(?:[.?!;:)\]]|\(|$))"
    r"|(?:인가|는가|한가|느냐|이냐|(?<!니)까)\?",
    re.M,
)


def is_polite_hortative(prose: str, end: int) -> bool:
    """``prose[:end]`` ends in the 합니다체 hortative -ㅂ시다 (합시다, 봅시다): 시다 after a syllable ending in ㅂ."""
    before = prose[end - 3] if end >= 3 else ""
    return prose[end - 2:end] == "시다" and "가" <= before <= "힣" and (ord(before) - ord("가")) % 28 == 17


def plain_form_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that end in 해라체 / plain form, each with the words before it."""
    prose = NOT_KOREAN_PROSE.sub(" … ", text)
    return [
        prose[max(0, m.start() - 30):m.end()].strip()
        for m in PLAIN_FORM.finditer(prose)
        if not is_polite_hortative(prose, m.end())
    ]

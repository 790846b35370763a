"""Registry texts made comparable: full-width forms to half-width, no spaces, lower case; a segment name's words.

>>> normalise_text("３５１４ 挖掘机")
'3514挖掘机'
"""
from __future__ import annotations

import re
import unicodedata

NAME_SPLIT = re.compile(r"[/、，,；;与和及]")
BRACKETS = re.compile(r"[（(][^）)]*[）)]")
FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")   # full-width ASCII forms and the ideographic space
HALF_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
COMMON_FULL_WIDTH = "；，（）：\u3000"   # most of them in registry texts


def normalise_text(text) -> str:
    """Full-width to half-width, lower case, no spaces: '３５１４ 挖掘机' -> '3514挖掘机'."""
    if text is None or text != text:  # None or NaN
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def normalise_texts(texts: list[str]) -> list[str]:
    """:func:`normalise_text` of many strings at once, with the same result, only quicker.

    The texts are joined by NUL (which none of them holds, else they are done one by one): NFKC, white space and
    case never cross it. Full-width forms (；（）：，) are most of what NFKC changes in registry texts and cost it the
    most; they are first replaced by what NFKC makes of them (the same result: NFKC composes the decomposed text),
    after which NFKC finds most texts already normal.

    >>> normalise_texts(["３５１４ 挖掘机", "", "ＡＢ；①"])
    ['3514挖掘机', '', 'ab;1']
    """
    joined = "\x00".join(texts)
    if not texts or joined.count("\x00") != len(texts) - 1:
        return [normalise_text(t) for t in texts]
    for mark in COMMON_FULL_WIDTH:   # str.replace is quicker than a regex call per mark; the regex does the rest
        joined = joined.replace(mark, HALF_WIDTH[mark])
    joined = FULL_WIDTH.sub(lambda m: HALF_WIDTH[m.group()], joined)
    if not unicodedata.is_normalized("NFKC", joined):
        joined = "\x00".join(t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
                             for t in joined.split("\x00"))
    return re.sub(r"\s+", "", joined).lower().split("\x00")


def name_words(name: str) -> list[str]:
    """Words of a segment name usable as keywords: the name, and its parts of 3+ characters ('电气与自动化' gives
    '自动化' but not '电气', a word of many trades).

    >>> name_words("液压泵/马达"), name_words("电气与自动化")
    (['液压泵/马达', '液压泵'], ['电气与自动化', '自动化'])
    """
    parts = NAME_SPLIT.split(BRACKETS.sub("", name))
    whole = normalise_text(name)
    return [whole, *(p for p in (normalise_text(p) for p in parts) if len(p) >= 3 and p != whole)]

"""Bytes to text: UTF-8 (with or without BOM) or GB18030/GBK; files that mix encodings are refused.

>>> decode("企业".encode("gbk"), "firms.csv", [])
'企业'
"""
from __future__ import annotations

from graph.io.issues import Issue


def decode(data: bytes, file: str, issues: list[Issue]) -> str | None:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; refuse files that mix them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8_row = gbk_row = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
            if utf8_row is None and any(b > 127 for b in line):
                utf8_row = number
        except UnicodeDecodeError:
            gbk_row = gbk_row or number
    if utf8_row is not None and gbk_row is not None:
        issues.append(Issue(file, None, None, "mixed_encoding", {"utf8_row": utf8_row, "gbk_row": gbk_row}))
        return None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        issues.append(Issue(file, None, None, "bad_encoding"))
        return None


BOM = b"\xef\xbb\xbf"


def to_utf8(data: bytes, file: str, issues: list[Issue]) -> bytes | None:
    """The file's bytes as UTF-8 without a BOM (re-encoded from GB18030/GBK when needed), or None with an issue.

    >>> to_utf8(BOM + "企业".encode(), "f.csv", []), to_utf8("企业".encode("gbk"), "f.csv", [])
    (b'\\xe4\\xbc\\x81\\xe4\\xb8\\x9a', b'\\xe4\\xbc\\x81\\xe4\\xb8\\x9a')
    """
    body = data[len(BOM):] if data.startswith(BOM) else data
    if body.isascii():
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        text = decode(data, file, issues)
        return None if text is None else text.encode("utf-8")

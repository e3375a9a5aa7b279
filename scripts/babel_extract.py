"""A pybabel extraction method for the package's Python sources (babel.cfg names it).

It is Babel's own Python extraction, plus one text gettext cannot see: the "What excuses it"
paragraph of each rule module's docstring, which the generated rule pages (docs/rules/, one set
per language) translate with ``_()`` at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

PREFIX = "What excuses it:"  # delegate_tui.patterns.docs.EXCUSES_PREFIX


def _excuses(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    doc = ast.get_docstring(tree, clean=False)
    if not doc or not tree.body:
        return
    for paragraph in doc.split("\n\n"):
        text = " ".join(paragraph.split())
        if text.startswith(PREFIX):
            rest = text.removeprefix(PREFIX).strip()
            yield tree.body[0].lineno, rest[:1].upper() + rest[1:]


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's Python messages, then (for a rule module) its "What excuses it" paragraph."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    name = getattr(fileobj, "name", "")
    if "/patterns/rules/" in str(name).replace("\\", "/"):
        fileobj.seek(0)
        for line, text in _excuses(fileobj.read().decode("utf-8")):
            yield line, "_", text, ["The 'What excuses it' paragraph of the rule module's docstring."]

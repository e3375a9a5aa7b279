"""The Dutch catalogue (docs/translating.md): every user-facing text of the sources has a Dutch
translation, keeps its placeholders, and the shipped .mo is the compiled .po."""

from __future__ import annotations

import ast
import gettext
import io
import string
import sys
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "delegate_tui/locale/nl/LC_MESSAGES/delegate-tui.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@pytest.fixture(scope="module")
def source_texts() -> dict[str | tuple[str, str], str]:
    """Every text the sources pass to _(), N_() or ngettext(), found as `make translations` finds it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        found: dict[str | tuple[str, str], str] = {}
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT),
            method_map=[("delegate_tui/**.py", "babel_extract.extract")],
            keywords=KEYWORDS,
            comment_tags=(),
        ):
            key = message if isinstance(message, str) else (message[0], message[1])
            found.setdefault(key, f"{filename}:{lineno}")
        return found
    finally:
        sys.path.remove(str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def dutch() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def _translated(catalog: Catalog, key: str | tuple[str, str]) -> bool:
    message = catalog.get(key[0] if isinstance(key, tuple) else key)
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return isinstance(key, tuple) == isinstance(message.id, (list, tuple)) and all(forms)


def test_every_user_facing_text_has_a_dutch_translation(
    source_texts: dict[str | tuple[str, str], str], dutch: Catalog
) -> None:
    assert len(source_texts) > 1000  # the extraction itself works
    missing = sorted(f"{where}: {key!r}"[:160] for key, where in source_texts.items() if not _translated(dutch, key))
    assert not missing, (
        f"{len(missing)} texts have no Dutch translation (or only a fuzzy one); run `make translations`, "
        "translate them in delegate_tui/locale/nl/LC_MESSAGES/delegate-tui.po and run it again:\n" + "\n".join(missing)
    )


def test_no_text_is_translated_inside_an_f_string() -> None:
    """The extraction cannot see ``_()`` inside an f-string (f"## {_('Totals')}"): such a text is
    never in the catalogue, and the test above cannot miss it either. Write ``"## " + _("Totals")``."""
    found = []
    for path in sorted((ROOT / "delegate_tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in ("_", "ngettext")
                ):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not found, "translated inside an f-string: " + ", ".join(found)


def _fields(text: str) -> list[str]:
    return sorted(
        f"{name}!{conversion}:{spec}" for _l, name, spec, conversion in string.Formatter().parse(text) if name
    )


def test_every_translation_keeps_the_placeholders_of_its_text(dutch: Catalog) -> None:
    broken = []
    for message in dutch:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if "python-format" in message.flags and not any("{" in text for text in ids):
            continue  # argparse's printf texts: gettext and pybabel compile check those
        wanted = _fields(ids[-1])
        for form in forms:
            if not form:
                continue
            try:
                got = _fields(form)
            except ValueError as error:
                broken.append(f"{ids[0]!r}: {error}")
                continue
            # A singular may leave the count out ("once"; "één keer"), so only the plural's fields are required of it.
            if got != wanted and not (form is forms[0] and set(got) <= set(wanted) | set(_fields(ids[0]))):
                broken.append(f"{ids[0]!r}: {got} instead of {wanted}")
    assert not broken, "\n".join(broken)


def test_the_shipped_mo_is_the_compiled_po(dutch: Catalog) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, dutch, use_fuzzy=False)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    with MO.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == expected._catalog, (  # type: ignore[attr-defined]
        "delegate_tui/locale/nl/LC_MESSAGES/delegate-tui.mo is stale; run `make translations`"
    )

"""Every user-facing string of the addons' Python code reaches their translation templates. Odoo extracts the
terms with Babel, which evaluates each literal argument of a ``_()`` call: an f-string among them makes it
drop the whole file (its messages then never reach a translator). French and German translate every term of
the templates, their placeholders intact."""

import pathlib
import re

from babel.messages.extract import extract
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ("revlog_returns", "revlog_returns_stock", "revlog_returns_account", "revlog_returns_mrp")
KEYWORDS = {"_": None, "_lt": None}  # Odoo's own (odoo.tools.translate)


def _python_files(addon):
    return [p for p in sorted((ROOT / addon).rglob("*.py")) if not {"tests", "migrations"} & set(p.parts)]


def test_python_terms_extract_from_every_file():
    failed = []
    for addon in ADDONS:
        for path in _python_files(addon):
            with path.open("rb") as source:
                try:
                    list(extract("python", source, keywords=KEYWORDS))
                except Exception as error:  # Babel raises whatever evaluating the literal raised
                    failed.append(f"{path.relative_to(ROOT)}: {error!r}")
    assert not failed, "\n".join(failed)


def test_templates_hold_the_python_terms():
    missing = []
    for addon in ADDONS:
        with (ROOT / addon / "i18n" / f"{addon}.pot").open("rb") as template:
            msgids = {message.id for message in read_po(template)}
        for path in _python_files(addon):
            with path.open("rb") as source:
                for __, message, __, __ in extract("python", source, keywords=KEYWORDS):
                    msgid = message if isinstance(message, str) else message[0]
                    if msgid not in msgids:
                        missing.append(f"{path.relative_to(ROOT)}: {msgid[:60]}")
    assert not missing, "regenerate the .pot files (docs/deployment.md, Translations):\n" + "\n".join(missing[:20])


LANGUAGES = ("fr", "de")
NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]")


def test_french_and_german_translate_every_term():
    problems = []
    for addon in ADDONS:
        with (ROOT / addon / "i18n" / f"{addon}.pot").open("rb") as template:
            msgids = [message.id for message in read_po(template) if message.id]
        for lang in LANGUAGES:
            path = ROOT / addon / "i18n" / f"{lang}.po"
            with path.open("rb") as po:
                messages = {message.id: message for message in read_po(po) if message.id}
            where = path.relative_to(ROOT)
            for msgid in msgids:
                message = messages.get(msgid)
                if message is None or not message.string:
                    problems.append(f"{where}: untranslated {msgid[:60]!r}")
                elif message.fuzzy:
                    problems.append(f"{where}: fuzzy {msgid[:60]!r}")
                elif sorted(NAMED_PLACEHOLDER.findall(msgid)) != sorted(NAMED_PLACEHOLDER.findall(message.string)):
                    problems.append(f"{where}: named placeholders differ in {msgid[:60]!r}")
                elif msgid.count("%s") != message.string.count("%s"):
                    problems.append(f"{where}: %s count differs in {msgid[:60]!r}")
    assert not problems, "\n".join(problems[:20])

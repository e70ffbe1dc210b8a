"""The Vietnamese check shared by both add-ons: every term that Odoo would export
for a module must have a non-empty translation in the module's i18n/vi.po."""

from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader


def untranslated_terms(env, module):
    exported = {
        source
        for term_module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
            env.cr, modules=[module]
        )
        if term_module == module
    }
    translated = set()
    with open(file_path(f"{module}/i18n/vi.po"), "rb") as po_file:
        for entry in PoFileReader(po_file):
            if entry["value"]:
                translated.add(entry["src"])
    return sorted(exported - translated)

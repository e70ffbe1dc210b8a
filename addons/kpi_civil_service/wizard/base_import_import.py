import logging

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.base_import.models.base_import import ImportValidationError

_logger = logging.getLogger(__name__)


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def _convert_import_data(self, fields, options):
        """A damaged, empty or ragged file sent to our models ends in a clear
        message in the user's language, not an IndexError or ValueError
        (Odoo's preview screen catches them; a direct call of execute_import
        does not): the import returns it with nothing written."""
        if not (self.res_model or "").startswith("kpi."):
            return super()._convert_import_data(fields, options)
        try:
            return super()._convert_import_data(fields, options)
        except ImportValidationError:
            raise
        except (UserError, ValueError, IndexError, KeyError, TypeError) as error:
            _logger.info("Import of %s into %s refused: %s", self.file_name, self.res_model, error)
            raise ImportValidationError(
                self.env._(
                    "%s cannot be read: it is empty, damaged, or not a CSV or XLSX file with the template's "
                    "columns on every row.",
                    self.file_name or self.env._("The file"),
                )
            ) from None

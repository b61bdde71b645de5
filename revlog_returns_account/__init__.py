from odoo.tools import SQL

from . import models, report, wizard
from .models.account_move import NUMBERING_INDEXES


def _drop_numbering_indexes(env):
    """The indexes revlog adds to ``account_move`` (see ``account.move.init``) go with it."""
    for indexname in NUMBERING_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(indexname)))

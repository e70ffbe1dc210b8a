"""Small helpers of the ORM plumbing shared by several models."""

from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import formatLang

# Writing many rows in one statement (a province's 30,000 scores or assessments): each kind of
# column with its SQL type, a column of its values as the column stores them
# (numbers to the 2 decimals of their digits, so that rows compare as the
# database would), and one value as an element of a PostgreSQL array constant
# ('{1,2,NULL}'), which the server parses at once (a list sent as ARRAY[...]
# is parsed element by element). Column by column: 30,000 rows of 20 columns
# are normalized in a fraction of a second.
COLUMN_KINDS = {
    "numeric": ("numeric", lambda values: [round(float(value or 0.0), 2) for value in values], repr),
    "float8": ("float8", lambda values: [float(value or 0.0) for value in values], repr),
    "int4": ("int4", lambda values: [int(value or 0) for value in values], str),
    "bool": ("bool", lambda values: [bool(value) for value in values], lambda value: "t" if value else "f"),
    "id": ("int4", lambda values: [value or None for value in values], str),
    "varchar": (
        "varchar",
        lambda values: [value or None for value in values],
        lambda value: '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"',
    ),
}


def normalized_values(columns, rows):
    """The values of `columns` ({name: kind}) of some rows (dicts), normalized,
    as one tuple a row."""
    normalized = [COLUMN_KINDS[kind][1]([row.get(name) for row in rows]) for name, kind in columns.items()]
    return list(zip(*normalized, strict=True))


def column_arrays(columns, values):
    """The SQL arrays, a column each, of rows of normalized values, for
    `unnest(...) AS t(columns)`."""
    arrays = []
    for kind, column in zip(columns.values(), zip(*values, strict=True), strict=True):
        sql_type, _normalize, element = COLUMN_KINDS[kind]
        text = ",".join("NULL" if value is None else element(value) for value in column)
        arrays.append(SQL(f"%s::{sql_type}[]", "{" + text + "}"))
    return SQL(", ").join(arrays)


def int_param(env, key, default):
    """A whole-number setting (System Parameters), or `default` when it is
    missing or not a whole number."""
    value = env["ir.config_parameter"].sudo().get_param(key)
    return int(value) if value and value.isdigit() else default


def written_fields(vals):
    """The fields a create or write sets, less the chatter's and activities'."""
    return {name for name in vals if not name.startswith(("message_", "activity_"))}


def check_create_fields(model, vals_list, allowed):
    """The field rules of write hold for create too, or a forged call would
    create what it may not write: a caller without superuser rights sets on a
    new record only the fields in `allowed`, in its values or as defaults in
    its context; the state, approvals and figures are the workflow's."""
    if model.env.su:
        return
    # a default from the context is a value the caller sends too
    defaults = {key[len("default_") :] for key in model.env.context if key.startswith("default_")}
    refused = written_fields(defaults & set(model._fields)) - allowed
    refused |= set().union(*(written_fields(vals) - allowed for vals in vals_list))
    if refused:
        labels = sorted(
            model._fields[name]._description_string(model.env) if name in model._fields else name for name in refused
        )
        raise AccessError(
            model.env._("These fields are set by the workflow, not when the record is created: %s", ", ".join(labels))
        )


def serialize_on(env, table, ids):
    """Makes the checks of concurrent transactions on the same records run one
    after the other (e.g. two deciders passing the same quota, two
    24-hour lines of one day). Odoo's transactions are REPEATABLE READ: a lock
    alone would let the second check read the snapshot of before the first
    commit. Rewriting the shared rows does not: the second transaction waits
    for the first and then fails with a serialization error, which Odoo
    answers by running the request again, on fresh data."""
    if ids:
        env.cr.execute(
            SQL("UPDATE %s SET write_date = write_date WHERE id = ANY(%s)", SQL.identifier(table), list(ids))
        )


def given_reason(env, reason):
    """The reason an action that needs one was given: None when none was
    (the action then opens the dialog that asks for it), the text stripped,
    or a refusal when it is blank or not a text, whoever calls."""
    if reason is None or reason is False:
        return None
    if not isinstance(reason, str) or not reason.strip():
        raise UserError(env._("The reason is required."))
    return reason.strip()


def number(env, value, digits=2):
    """A number as the user reads it in a message: their language's decimal
    mark and thousands separator, at most `digits` decimals, no trailing
    zeros ("81,27", "25,5", "24" in Vietnamese)."""
    text = formatLang(env, round(float(value or 0.0), digits), digits=digits)
    decimal_point = env["res.lang"]._get_data(code=env.lang or "en_US").decimal_point or "."
    if decimal_point in text:
        text = text.rstrip("0").rstrip(decimal_point)
    return text


def in_language_of(records, user):
    """`records` in `user`'s language, for what is written for that person
    to read (an activity's summary), whoever writes it."""
    return records.with_context(lang=user.sudo().lang or records.env.lang)


def state_label(record):
    """The label of the record's state, in the record's language."""
    return record._fields["state"].convert_to_export(record.state, record)

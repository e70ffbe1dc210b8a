"""Small helpers of the ORM plumbing shared by several models."""

from odoo.tools import SQL

# Writing many rows in one statement (the batches of issue 10): each kind of
# column with its SQL type, its values as the column stores them (numbers to
# the 2 decimals of their digits, so that rows compare as the database would),
# and its values as the elements of one PostgreSQL array constant ('{1,2,NULL}'),
# which the server parses at once (a list sent as ARRAY[...] is parsed element
# by element).
COLUMN_KINDS = {
    "numeric": ("numeric", lambda value: round(float(value or 0.0), 2), repr),
    "float8": ("float8", lambda value: float(value or 0.0), repr),
    "int4": ("int4", lambda value: int(value or 0), str),
    "bool": ("bool", bool, lambda value: "t" if value else "f"),
    "id": ("int4", lambda value: value or None, str),
    "varchar": (
        "varchar",
        lambda value: value or None,
        lambda value: '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"',
    ),
}


def normalized_values(columns, rows):
    """The values of `columns` ({name: kind}) of some rows (dicts), normalized,
    as one tuple a row."""
    normalize = [(name, COLUMN_KINDS[kind][1]) for name, kind in columns.items()]
    return [tuple(convert(row.get(name)) for name, convert in normalize) for row in rows]


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

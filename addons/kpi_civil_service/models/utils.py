"""Small helpers of the ORM plumbing shared by several models."""


def write_if_changed(record, vals):
    """Writes on one record the values that differ from what it holds, as the
    field stores them (a recompute mostly finds the same numbers)."""
    changed = {
        name: value
        for name, value in vals.items()
        if record._fields[name].convert_to_cache(value, record)
        != record._fields[name].convert_to_cache(record[name], record)
    }
    if changed:
        record.write(changed)


def int_param(env, key, default):
    """A whole-number setting (System Parameters), or `default` when it is
    missing or not a whole number."""
    value = env["ir.config_parameter"].sudo().get_param(key)
    return int(value) if value and value.isdigit() else default

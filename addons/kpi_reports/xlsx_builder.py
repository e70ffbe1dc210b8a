"""One way to write the XLSX files HR sends upward: a title block, a frozen
header row, an autofilter, column widths, typed cells and a totals row.
Plain Python over xlsxwriter, so every export looks the same."""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

import xlsxwriter


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 14
    kind: str = "text"  # text, integer, number, percent, date
    total: bool | str = False  # True: sum this column in the totals row; "average": its mean


def ascii_name(text):
    """ASCII letters, digits and dashes only: what a file name may safely hold."""
    text = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^A-Za-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")


def build_workbook(sheet_name, title_lines, columns, rows, totals_label=None):
    """Returns the bytes of an XLSX workbook with one sheet.

    `title_lines` are written above the table (the first in bold), `rows` are
    sequences of values in the order of `columns`. Without title lines the
    header is the first row, as a file read by another system wants it.
    """
    return build_workbook_sheets([Sheet(sheet_name, title_lines, columns, rows, totals_label)])


@dataclass(frozen=True)
class Sheet:
    name: str
    title_lines: list
    columns: list
    rows: list
    totals_label: str | None = None


def build_workbook_sheets(sheets):
    """Returns the bytes of an XLSX workbook with one worksheet per Sheet, each
    written as build_workbook writes its one."""
    buffer = io.BytesIO()
    # constant_memory: each row goes to a temporary file as it is written, so a
    # province's 30,000 rows never sit in memory as cells
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    formats = _formats(workbook)
    for sheet in sheets:
        _write_sheet(workbook, formats, sheet)
    workbook.close()
    return buffer.getvalue()


def _formats(workbook):
    font = {"font_name": "Times New Roman", "font_size": 12}
    return {
        "title": workbook.add_format({**font, "bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({**font, "italic": True}),
        "header": workbook.add_format(
            {
                **font,
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        ),
        "text": workbook.add_format({**font, "border": 1}),
        "integer": workbook.add_format({**font, "border": 1, "num_format": "#,##0"}),
        "number": workbook.add_format({**font, "border": 1, "num_format": "#,##0.00"}),
        "percent": workbook.add_format({**font, "border": 1, "num_format": "0.00"}),
        "date": workbook.add_format({**font, "border": 1, "num_format": "dd/mm/yyyy"}),
        "total_label": workbook.add_format({**font, "bold": True, "border": 1}),
        "total": workbook.add_format({**font, "bold": True, "border": 1, "num_format": "#,##0.00"}),
    }


def _write_sheet(workbook, formats, sheet_data):
    title_lines, columns, rows = sheet_data.title_lines, sheet_data.columns, sheet_data.rows
    totals_label = sheet_data.totals_label
    sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", sheet_data.name)[:31])
    for row_index, line in enumerate(title_lines):
        sheet.write_string(row_index, 0, line, formats["title" if row_index == 0 else "subtitle"])
    header_row = len(title_lines) + 1 if title_lines else 0
    for col_index, column in enumerate(columns):
        sheet.set_column(col_index, col_index, column.width)
        sheet.write_string(header_row, col_index, column.label, formats["header"])
    first_data_row = header_row + 1
    for offset, values in enumerate(rows):
        for col_index, (column, value) in enumerate(zip(columns, values, strict=True)):
            cell_format = formats[column.kind]
            if value is None or value is False:
                sheet.write_blank(first_data_row + offset, col_index, None, cell_format)
            elif column.kind == "text":
                # text as text: "=1+2" or "@cmd" typed in a description is never a formula
                sheet.write_string(first_data_row + offset, col_index, str(value), cell_format)
            elif column.kind == "date" and isinstance(value, datetime.date):
                sheet.write_datetime(
                    first_data_row + offset, col_index, datetime.datetime.combine(value, datetime.time()), cell_format
                )
            else:
                sheet.write(first_data_row + offset, col_index, value, cell_format)
    last_data_row = first_data_row + len(rows) - 1
    sheet.freeze_panes(first_data_row, 0)
    sheet.autofilter(header_row, 0, max(last_data_row, header_row), len(columns) - 1)
    if totals_label and rows:
        total_row = last_data_row + 1
        sheet.write(total_row, 0, totals_label, formats["total_label"])
        for col_index, column in enumerate(columns[1:], start=1):
            numbers = [values[col_index] for values in rows if isinstance(values[col_index], int | float)]
            if column.total and (numbers or column.total != "average"):
                cell = xlsxwriter.utility.xl_rowcol_to_cell
                function = "AVERAGE" if column.total == "average" else "SUM"
                formula = f"={function}({cell(first_data_row, col_index)}:{cell(last_data_row, col_index)})"
                value = sum(numbers) / len(numbers) if column.total == "average" else sum(numbers)
                sheet.write_formula(total_row, col_index, formula, formats["total"], value)
            else:
                sheet.write_blank(total_row, col_index, None, formats["total_label"])

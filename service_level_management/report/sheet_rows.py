# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rows put straight into a finished workbook's sheet as SpreadsheetML.

xlsxwriter spends about 10 µs on a cell and a month of a large agreement has a million cells of
clocks. Such a sheet is written by xlsxwriter with its header, widths and frozen pane only; its rows
are formatted here and added to the sheet's XML after the header, a batch at a time.
"""

import re
from io import BytesIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

# What XML 1.0 cannot carry, and what a cell can hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CELL_LIMIT = 32767


def text_cell(column: str, row: int, text: str) -> str:
    """A cell of text, inline (no shared strings table to keep)."""
    text = escape(NOT_XML.sub("", text[:CELL_LIMIT]))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{column}{row}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def number_cell(column: str, row: int, value: float, style: int) -> str:
    """A number shown with the workbook's cell format number ``style``."""
    return f'<c r="{column}{row}" s="{style}"><v>{value!r}</v></c>'


def sheet_file(workbook, worksheet) -> str:
    """The path of ``worksheet`` in the package xlsxwriter writes."""
    return f"xl/worksheets/sheet{workbook.worksheets().index(worksheet) + 1}.xml"


def add_rows(package: bytes, rows_by_sheet: dict) -> bytes:
    """The workbook ``package`` with rows added after the last row of some sheets.

    ``rows_by_sheet`` maps a sheet's path to an iterable of strings of ``<row>`` elements, numbered on
    from the sheet's last row. The sheet's dimension, optional in SpreadsheetML, is left out rather than
    left wrong.
    """
    output = BytesIO()
    with ZipFile(BytesIO(package)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            rows = rows_by_sheet.get(info.filename)
            if rows is None:
                target.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode().replace("<sheetData/>", "<sheetData></sheetData>")
            head, tail = xml.rsplit("</sheetData>", 1)
            head = re.sub("<dimension [^>]*/>", "", head, count=1)
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.encode())
                for chunk in rows:
                    sheet.write(chunk.encode())
                sheet.write(f"</sheetData>{tail}".encode())
    return output.getvalue()

"""Reads a workbook with openpyxl (a second, independent reader) and prints, as JSON, what
the Go tests check: the sheets, any formula, each sheet's frozen panes, filter and row count;
the header, cell types and first data row of the sheets named after the workbook; the numbers
beside the labels of the first sheet. Exit status 3: openpyxl is not installed."""
import datetime
import json
import sys

try:
    import openpyxl
except ImportError:
    sys.exit(3)

wb = openpyxl.load_workbook(sys.argv[1])
detailed = set(sys.argv[2:])
out = {"sheets": wb.sheetnames, "formulas": [], "data": {}}
for i, ws in enumerate(wb.worksheets):
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                out["formulas"].append(f"{ws.title}!{c.coordinate}")
    rows = list(ws.iter_rows(values_only=True))
    info = {"freeze_panes": ws.freeze_panes, "auto_filter": ws.auto_filter.ref, "rows": len(rows)}
    if ws.title in detailed and len(rows) > 1:
        info["header"] = list(rows[0])
        info["types"] = [type(v).__name__ for v in rows[1]]
        info["first"] = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in rows[1]]
    if i == 0:
        info["labels"] = {str(r[0]): list(r[1:3]) for r in rows
                          if r and r[0] is not None and len(r) > 2 and isinstance(r[1], (int, float)) and not isinstance(r[1], bool)}
    out["data"][ws.title] = info
json.dump(out, sys.stdout)

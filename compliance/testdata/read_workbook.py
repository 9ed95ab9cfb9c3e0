"""Reads compliance.xlsx with openpyxl (a second, independent reader) and prints what the
Go test checks, as JSON. Exit status 3: openpyxl is not installed."""
import datetime
import json
import sys

try:
    import openpyxl
except ImportError:
    sys.exit(3)

wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "formulas": [], "data": {}}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                out["formulas"].append(f"{ws.title}!{c.coordinate}")
    rows = list(ws.iter_rows(values_only=True))
    info = {"freeze_panes": ws.freeze_panes, "auto_filter": ws.auto_filter.ref, "rows": len(rows)}
    if ws.title != "Summary" and len(rows) > 1:
        info["header"] = list(rows[0])
        info["types"] = [type(v).__name__ for v in rows[1]]
        info["first"] = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in rows[1]]
    if ws.title == "Summary":
        info["labels"] = {str(r[0]): [r[1], r[2]] for r in rows if r and r[0] is not None and len(r) > 2 and isinstance(r[1], (int, float))}
    out["data"][ws.title] = info
json.dump(out, sys.stdout)

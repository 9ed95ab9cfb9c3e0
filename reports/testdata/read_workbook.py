"""Reads report.xlsx with openpyxl (as a second, independent reader) and prints what the
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
    if ws.title in ("Risky sign-ins", "Detections", "Flagged users", "Audit findings") and len(rows) > 1:
        info["header"] = list(rows[0])
        info["types"] = [type(v).__name__ for v in rows[1]]
        info["first"] = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in rows[1]]
    out["data"][ws.title] = info
json.dump(out, sys.stdout)

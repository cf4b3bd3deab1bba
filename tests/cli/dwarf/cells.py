#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cells.py formats|enums < REPORT_JSON: facts from kabiscan's JSON report,
for tests/cli/t0310-dwarf-differential.sh.

    formats   "KIND NAME FORMAT" for each present cell (FORMAT is the
              cell's source.format, BTF or DWARF), "KIND NAME =state S"
              for the others
    enums     "enum NAME size=N", then "enum NAME MEMBER VALUE" for each
              enumerator, for each present enum cell
"""
import json
import sys


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("formats", "enums"):
        sys.stderr.write("usage: cells.py formats|enums < REPORT_JSON\n")
        sys.exit(2)
    out = []
    for cell in json.load(sys.stdin)["cells"]:
        tname = "%s %s" % (cell.get("kind", "?"), cell["name"])
        if cell["state"] != "present":
            if sys.argv[1] == "formats":
                out.append("%s =state %s" % (tname, cell["state"]))
            continue
        if sys.argv[1] == "formats":
            out.append("%s %s" % (tname, cell["source"]["format"]))
        elif cell["kind"] == "enum":
            out.append("%s size=%d" % (tname, cell["size"]))
            for m in cell["members"]:
                # Unsigned 64-bit values past 2^63-1 come as decimal strings.
                out.append("%s %s %s" % (tname, m["name"], m["value"]))
    sys.stdout.write("".join(line + "\n" for line in out))


main()

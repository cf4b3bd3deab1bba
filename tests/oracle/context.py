#!/usr/bin/env python3
"""The kernel's own types for the compile oracle, from bpftool's C dump.

    context.py DUMP.h BTF.json [BASE.json] >context.h

bpftool 7.1 (libbpf 1.1) prints every enum as plain C, so an enum of 1, 2
or 8 bytes whose values C would fit in an int (7.2's packed enum rw_hint)
gets int's size, and every struct holding one gets the wrong layout. This
adds "__attribute__((__mode__(...)))" after the "}" of each such enum, found
by its first enumerator (enumerator names are unique in C), and packs the
named unions libbpf 1.1 does not; nothing else. It prints "context: N enums
sized, unions packed" on stderr.
"""
import json
import re
import sys

MODES = {1: "QI", 2: "HI", 4: "SI", 8: "DI"}


def main():
    types = []
    for p in sys.argv[2:]:
        with open(p) as f:
            types += json.load(f)["types"]
    done = 0
    fix = {}
    for t in types:
        if t["kind"] not in ("ENUM", "ENUM64") or not t["vlen"] or t["size"] not in MODES:
            continue
        vals = [v["val"] for v in t["values"]]
        c_size = 4 if all(-(1 << 31) <= v < (1 << 32) for v in vals) and \
            (min(vals) >= 0 or max(vals) < (1 << 31)) else 8
        if c_size != t["size"]:
            fix[t["values"][0]["name"]] = t["size"]
    # libbpf 1.1 packs only structs: a union whose size is no multiple of
    # its members' alignment (6.12's ec_response_get_next_data_v3, 18 bytes
    # holding a uint64_t) is printed unpacked.
    byid = {t["id"]: t for t in types}

    def align(tid, depth=0):
        t = byid.get(tid)
        if not t or depth > 64:
            return 1
        k = t["kind"]
        if k in ("INT", "FLOAT", "ENUM", "ENUM64"):
            return min(t["size"], 8) or 1
        if k == "PTR":
            return 8
        if k in ("ARRAY", "TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG"):
            return align(t["type_id"], depth + 1)
        if k in ("STRUCT", "UNION"):
            a = max([align(m["type_id"], depth + 1) for m in t["members"]] or [1])
            return 1 if t["size"] % a else a
        return 1

    unions = set()
    for t in types:
        if t["kind"] == "UNION" and t["name"] != "(anon)" and t["members"]:
            a = max(align(m["type_id"]) for m in t["members"])
            if t["size"] % a:
                unions.add(t["name"])
    with open(sys.argv[1]) as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^union ([A-Za-z_][A-Za-z0-9_]*) \{$", line)
        if m and m.group(1) in unions:
            j = i
            while lines[j] != "};":
                j += 1
            lines[j] = "} __attribute__((packed));"
            done += 1
    first = re.compile(r"^(\t*)([A-Za-z_][A-Za-z0-9_]*) = -?[0-9]+,$")
    i = 0
    while i < len(lines):
        m = first.match(lines[i])
        if m and m.group(2) in fix and lines[i - 1].rstrip().endswith("{"):
            close = m.group(1)[:-1] + "}"
            j = i
            while not lines[j].startswith(close):
                j += 1
            lines[j] = close + " __attribute__((__mode__(__%s__)))" % \
                MODES[fix[m.group(2)]] + lines[j][len(close):]
            done += 1
            i = j
        i += 1
    sys.stdout.write("\n".join(lines))
    print("context: %d enums sized, unions packed" % done, file=sys.stderr)


main()

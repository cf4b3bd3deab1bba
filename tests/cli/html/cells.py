#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cells.py DOM REPORT_JSON: check the matrix of an HTML report, as a browser
parsed it (chromium --dump-dom), against kabiscan's JSON report of the same
kernels and types, for tests/cli/t0610-html-chromium.sh. Type names must be
given bare (vfio_pci_regops, not struct vfio_pci_regops), as the JSON names
them.

Each matrix cell is a <td class="cell SHADE" data-kernel= data-type=
data-state=>. Checked: one cell per (kernel, type) of the JSON report and
no other; its state and shade (base, same, changed, absent, nodata) are
those the JSON cells and comparisons give; a present cell holds one
<pre class="def"> whose text, the source comment left out, is the JSON
definition (so escaping survived the browser's parser); no attribute or
style refers to anything outside the page. Prints one line per problem,
then "cells N", "shade NAME N" for each shade and "external N"; exits 1 on
any problem.
"""
import json
import re
import sys
from html.parser import HTMLParser

SHADES = ("base", "same", "changed", "absent", "nodata")
URL_ATTRS = ("src", "href", "srcset", "action", "formaction", "data", "poster", "background")


class Dom(HTMLParser):
    """The matrix cells and the references out of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells = []
        self.external = []
        self.cell = None
        self.pre = None
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in URL_ATTRS:
            if k in a and not (a[k] or "").startswith("#"):
                self.external.append("<%s %s=%r>" % (tag, k, a[k]))
        if tag in ("script", "link", "iframe", "img", "object", "embed", "base"):
            if tag != "script" or "src" in a:
                self.external.append("<%s>" % tag)
        if tag == "style":
            self.in_style = True
        if tag == "td" and "cell" in (a.get("class") or "").split():
            self.cell = {"kernel": a.get("data-kernel"), "type": a.get("data-type"),
                         "state": a.get("data-state"), "class": a.get("class").split(),
                         "defs": []}
            self.cells.append(self.cell)
        if tag == "pre" and self.cell is not None and "def" in (a.get("class") or "").split():
            self.pre = []

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "pre" and self.pre is not None:
            self.cell["defs"].append("".join(self.pre))
            self.pre = None
        if tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.pre is not None:
            self.pre.append(data)
        if self.in_style and re.search(r"url\(|@import", data):
            self.external.append("style: " + data.strip()[:60])


def expected(report):
    """{(release, name): (state, shade, definition)} from the JSON report."""
    cmp = {}
    for c in report["comparisons"]:
        cmp[(c["b_release"], c["name"])] = "same" if c["equal"] else "changed"
    want = {}
    for c in report["cells"]:
        key = (c["release"], c["name"])
        if c["state"] == "present":
            shade = cmp.get(key, "base")
        else:
            shade = "absent" if c["state"] == "absent" else "nodata"
        want[key] = (c["state"], shade, c.get("definition"))
    return want


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: cells.py DOM REPORT_JSON\n")
        sys.exit(2)
    dom = Dom()
    with open(sys.argv[1], encoding="utf-8") as f:
        dom.feed(f.read())
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    want = expected(report)
    problems = []
    if len(want) != len(report["kernels"]) * len({c["name"] for c in report["cells"]}):
        problems.append("JSON report: %d cells is not kernels x types" % len(want))
    seen = set()
    for c in dom.cells:
        key = (c["kernel"], c["type"])
        shade = [s for s in c["class"] if s in SHADES]
        if key in seen:
            problems.append("cell %s %s: twice" % key)
        seen.add(key)
        if key not in want:
            problems.append("cell %s %s: not in the JSON report" % key)
            continue
        state, wshade, definition = want[key]
        if c["state"] != state or shade != [wshade]:
            problems.append("cell %s %s: %s %s, want %s %s"
                            % (key + (c["state"], shade, state, wshade)))
        if state == "present":
            # The opening line may end in " /* vfio_pci_core, DWARF */".
            got = re.sub(r" /\* [^\n]* \*/\n", "\n", c["defs"][0], count=1) if c["defs"] else None
            if len(c["defs"]) != 1 or got != definition:
                problems.append("cell %s %s: definition %r, want %r"
                                % (key + ((c["defs"] or [None])[0], definition)))
        elif c["defs"]:
            problems.append("cell %s %s: a definition in a %s cell" % (key + (state,)))
    for key in sorted(set(want) - seen):
        problems.append("cell %s %s: missing" % key)
    problems += ["external reference: " + e for e in dom.external]
    for p in problems:
        print(p)
    print("cells %d" % len(dom.cells))
    for s in SHADES:
        print("shade %s %d" % (s, sum(s in c["class"] for c in dom.cells)))
    print("external %d" % len(dom.external))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

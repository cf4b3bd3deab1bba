#!/bin/bash
# Hostile names: well-formed BTF (written by hostile/mkbtf.py) whose names
# hold newlines, preprocessor lines, quotes, terminal escapes, Markdown
# fences, links and bytes XML cannot hold, and a release that holds a
# #define. No name becomes code or markup: the header refuses names that are
# not C identifiers, naming the type; text output shows control characters
# escaped; Markdown keeps them text; JUnit stays well-formed XML; JSON and
# HTML escape as they always did. Declarators nested too deep or looping say
# so, instead of an empty message.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_tool python3

A=$WORK/a.btf
B=$WORK/b.btf
python3 "$TOP/tests/cli/hostile/mkbtf.py" "$A" || fail "mkbtf.py failed"
python3 "$TOP/tests/cli/hostile/mkbtf.py" "$B" 2 || fail "mkbtf.py 2 failed"

# --- the header: one error naming the type, no output ---
bad "^kabiscan: cannot make a header for 'ops': type name 's\\\\n#define INJECTED 1' is not a C identifier$" \
	header "$A" -t ops
bad "^kabiscan: cannot make a header for 'lay': member name 'x\\\\n#include \"/etc/passwd\"' is not a C identifier$" \
	header "$A" -t lay
bad "^kabiscan: cannot make a header for 'quo': member name 'q\"x' is not a C identifier$" \
	header "$A" -t quo
bad "^kabiscan: cannot make a header for 'ctl': enumerator 'A\\\\x01\\\\x0c\\\\x1b\[31mB' is not a C identifier$" \
	header "$A" -t ctl
bad "^kabiscan: cannot make a header for 'md': member name 'm\\\\n\`\`\`" header "$A" -t md
bad "^kabiscan: cannot make a header for 'ops'" header "$A" "$B" -t wide -t ops
# -o: refused before anything is written
expect_error "not a C identifier" "$KABISCAN" header "$A" -t lay -o "$WORK/compat.h"
if [ -e "$WORK/compat.h" ] || ls "$WORK"/compat.h.tmp.* >/dev/null 2>&1; then
	fail "a refused header left a file behind"
else
	pass "a refused header writes no file"
fi
# A release holding a #define, from a file name.
ROOT=$WORK/root
mkdir -p "$ROOT/boot"
cp "$A" "$ROOT/boot/vmlinux-6.1\"
#define X 1
\"x"
bad "^kabiscan: cannot make a header for '$WORK/root': its release '6\.1\"\\\\n#define X 1\\\\n\"x' is not a kernel release" \
	header "$ROOT" -t wide
# A clean type of the same file still makes a header.
golden hostile-wide.h "$KABISCAN" header "$A" -t wide

# --- text: control characters escaped, no ESC or other C0 byte reaches the terminal ---
golden hostile-show.txt "$KABISCAN" show "$A" -t esc -t ctl -t md
golden hostile-report.txt "$KABISCAN" report "$A" "$B" -t esc -t ctl -t lay
golden hostile-diff.txt "$KABISCAN" diff "$A" "$B" -t esc -t ctl -t lay --fail-on none
for f in hostile-show.txt hostile-report.txt hostile-diff.txt; do
	if LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n' <"$WORK/$f.out"); then
		fail "$f: a control character other than newline reached the output"
	else
		pass "$f: no control characters"
	fi
done
# Outside definitions (which keep their line breaks), a newline in a name is "\n".
if grep -q '^#include' "$WORK/hostile-diff.txt.out"; then
	fail "diff: a newline in a name started a line of its own"
else
	pass "diff: a newline in a name is shown as \\n"
fi

# --- Markdown: hostile names stay text ---
golden hostile-report.md "$KABISCAN" report "$A" "$B" -t md -t ctl --format md
snap=$WORK/base.json
"$KABISCAN" snapshot "$A" -t md -t esc -t ctl -o "$snap" 2>"$WORK/err" ||
	fail "snapshot: $(cat "$WORK/err")"
"$KABISCAN" check --baseline "$snap" "$B" --format markdown >"$WORK/check.md" 2>"$WORK/err"
[ $? -eq 8 ] || fail "check --format markdown: want exit 8: $(cat "$WORK/err")"
# md_live FILE: lines outside code fences that hold, outside code spans, an
# <img>, a link, or a table row whose cells a name split (more or fewer bare
# pipes than its table's header row, which kabiscan writes alone).
md_live() {
	python3 - "$1" <<'PY'
import re, sys
fence = 0
want = None
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    run = len(line) - len(line.lstrip("`"))
    if fence:
        if run >= fence and not line.strip("`"):
            fence = 0
        continue
    if run >= 3:
        fence = run
        continue
    bare = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", line)
    pipes = len(re.findall(r"(?<!\\)\|", bare))
    if not line.startswith("|"):
        want = None
    elif want is None:
        want = pipes
    if "<img" in bare or "](" in bare or (line.startswith("|") and pipes != want):
        print("%d: %s" % (n, line))
PY
}
for f in "$WORK/hostile-report.md.out" "$WORK/check.md"; do
	live=$(md_live "$f")
	if [ -n "$live" ]; then
		fail "Markdown: live markup from a name: $live"
	else
		pass "Markdown: $(basename "$f"): names stay text"
	fi
done

# --- JUnit: well-formed XML ---
"$KABISCAN" check --baseline "$snap" "$B" --format junit -o "$WORK/check.xml" 2>"$WORK/err"
[ $? -eq 8 ] || fail "check --format junit: want exit 8: $(cat "$WORK/err")"
if python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' \
	"$WORK/check.xml" 2>"$WORK/err"; then
	pass "JUnit: well-formed XML"
else
	fail "JUnit: not well-formed: $(tail -n 1 "$WORK/err")"
fi
if grep -q 'A\\x01\\x0c\\x1b\[31mB' "$WORK/check.xml"; then
	pass "JUnit: control characters shown escaped"
else
	fail "JUnit: the enumerator is not shown escaped"
fi

# --- JSON and HTML escape as before ---
"$KABISCAN" report "$A" "$B" -t md -t ctl -t esc --format json >"$WORK/r.json" 2>"$WORK/err" ||
	fail "report --format json: $(cat "$WORK/err")"
if python3 -c '
import json, sys
names = [m["name"] for c in json.load(open(sys.argv[1]))["cells"] for m in c.get("members") or []]
want = ["A\x01\x0c\x1b[31mB", "\x1b]0;pwned\x07\x1b[2Jz"]
sys.exit(0 if all(w in names for w in want) else 1)' "$WORK/r.json"; then
	pass "JSON: names kept exactly, escaped by JSON"
else
	fail "JSON: names not kept exactly: $(head -c 300 "$WORK/r.json")"
fi
"$KABISCAN" report "$A" "$B" -t md --format html >"$WORK/r.html" 2>"$WORK/err" ||
	fail "report --format html: $(cat "$WORK/err")"
if grep -q '<img src=x' "$WORK/r.html"; then
	fail "HTML: a name became a live <img>"
else
	pass "HTML: names escaped"
fi

# --- declarators too deep or looping: a message, not "kabiscan: " ---
bad "^kabiscan: cannot render 'deep' in 'a\.btf': its declarators nest deeper than any C type, or loop$" \
	show "$A" -t deep
bad "^kabiscan: cannot render 'cloop' in 'a\.btf': its declarators nest deeper than any C type, or loop$" \
	show "$A" -t cloop
bad "^kabiscan: cannot render 'deep' in 'a\.btf'" diff "$A" "$B" -t deep

finish

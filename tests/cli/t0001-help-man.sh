#!/bin/bash
# Each command's -h line is "usage: " plus the SYNOPSIS of its man page,
# --help lists every command's usage, kabiscan(1) lists them too, and every
# man page renders without warnings (as git's t0450-txt-doc-vs-help.sh).
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
MANDIR=$TOP/man

# synopsis FILE: the first text line of the SYNOPSIS section of a roff page,
# with the escapes a plain synopsis may use (\- and \&) undone.
synopsis() {
	awk -v q="'" '
		/^\.SH/ { in_syn = $2 == "SYNOPSIS"; next }
		!in_syn || substr($0, 1, 1) == "." || substr($0, 1, 1) == q { next }
		{ print; exit }' "$1" | sed -e 's/\\-/-/g' -e 's/\\&//g'
}

# synopsis_lines FILE: every text line of the SYNOPSIS section.
synopsis_lines() {
	awk -v q="'" '
		/^\.SH/ { in_syn = $2 == "SYNOPSIS"; next }
		in_syn && substr($0, 1, 1) != "." && substr($0, 1, 1) != q' "$1" |
		sed -e 's/\\-/-/g' -e 's/\\&//g'
}

expect_exit 0 "$KABISCAN" --help
expect_exit 2 "$KABISCAN"
"$KABISCAN" --help >"$WORK/help" 2>&1

# The commands --help names ("  kabiscan CMD ..."); show and report at least.
sed -n 's/^  kabiscan \([a-z][a-z-]*\) .*/\1/p' "$WORK/help" >"$WORK/cmds"
for cmd in show report; do
	grep -qx "$cmd" "$WORK/cmds" || fail "--help does not list '$cmd'"
done

while read -r cmd; do
	page=$MANDIR/kabiscan-$cmd.1
	if [ ! -f "$page" ]; then
		fail "$cmd: no man page $page"
		continue
	fi
	want="usage: $(synopsis "$page")"
	"$KABISCAN" "$cmd" -h >"$WORK/h.out" 2>"$WORK/h.err"
	rc=$?
	got=$(cat "$WORK/h.out")
	if [ $rc -ne 0 ] || [ -s "$WORK/h.err" ]; then
		fail "$cmd -h: exit $rc, stderr '$(head -c 300 "$WORK/h.err")'"
	elif [ "$got" != "$want" ]; then
		fail "$cmd -h does not match the SYNOPSIS of $(basename "$page"):"
		printf '  -h:  %s\n  man: %s\n' "$got" "$want"
	else
		pass "$cmd -h matches $(basename "$page")"
	fi
	usage=${got#usage: }
	if grep -qxF "  $usage" "$WORK/help"; then
		pass "--help lists '$usage'"
	else
		fail "--help does not list '$usage'"
	fi
	if synopsis_lines "$MANDIR/kabiscan.1" | grep -qxF "$usage"; then
		pass "kabiscan.1 SYNOPSIS lists '$cmd'"
	else
		fail "kabiscan.1 SYNOPSIS lacks '$usage'"
	fi
	if grep -qF "kabiscan\\-$cmd (1)" "$MANDIR/kabiscan.1"; then
		pass "kabiscan.1 refers to kabiscan-$cmd(1)"
	else
		fail "kabiscan.1 does not refer to kabiscan-$cmd(1)"
	fi
done <"$WORK/cmds"

if ! command -v man >/dev/null 2>&1; then
	echo "skip - $TEST_NAME: man pages not rendered: man is not installed"
else
	for page in "$MANDIR"/*.1; do
		name=$(basename "$page")
		LC_ALL=C.UTF-8 MANROFFSEQ='' man --warnings -E UTF-8 -l "$page" \
			>"$WORK/man.out" 2>"$WORK/man.err"
		rc=$?
		if [ $rc -ne 0 ] || [ -s "$WORK/man.err" ]; then
			fail "$name renders with warnings (exit $rc):"
			head -20 "$WORK/man.err"
		else
			pass "$name renders without warnings"
		fi
		# The synopsis must come out as one line, as typed.
		want=$(synopsis "$page")
		if LC_ALL=C.UTF-8 MANWIDTH=200 MANROFFSEQ='' man -E UTF-8 -l "$page" 2>/dev/null |
			sed 's/^ *//' | grep -qxF -- "$want"; then
			pass "$name shows its synopsis on one line"
		else
			fail "$name does not render '$want' on one line"
		fi
	done
fi
finish

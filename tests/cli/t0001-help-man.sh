#!/bin/bash
# Help, man pages and the option parser agree, as git's
# t0450-txt-doc-vs-help.sh: each command's --help (made from its option
# table) starts with "usage: " plus the SYNOPSIS of its man page, describes
# the options the man page's OPTIONS section describes, no more and no
# fewer, and the parser takes every one of them; `kabiscan help CMD`, `CMD
# -h` and `CMD --help` print the same; the global help names each command
# with its man page's NAME line; and every man page renders without warnings.
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

# name_line FILE: the description of the NAME section ("kabiscan\-x \- DESC").
name_line() {
	awk '/^\.SH/ { in_name = $2 == "NAME"; next } in_name { print; exit }' "$1" |
		sed -e 's/\\-/-/g' -e 's/^[^ ]* - //'
}

# man_options FILE: the options the tags of the OPTIONS section name, one a
# line ("--long" or "-s"), sorted.
man_options() {
	awk '/^\.SH/ { in_opt = $2 == "OPTIONS"; next }
		in_opt && prev == ".TP" { print } { prev = $0 }' "$1" |
		sed -e 's/\\-/-/g' -e 's/\\f[RPBI]/ /g' -e 's/"/ /g' -e 's/=/ /g' |
		tr -s ' ,' '\n' | grep -E '^(--[a-z][a-z-]*|-[a-zA-Z])$' | sort -u
}

# help_options FILE: the options a --help output describes, sorted.
help_options() {
	sed -n -e 's/^  \(-[a-zA-Z]\), \(--[a-z][a-z-]*\).*/\1\n\2/p' \
		-e 's/^      \(--[a-z][a-z-]*\).*/\1/p' "$1" | sort -u
}

# help_option_args FILE: "--long ARG" or "--long" per option of a --help
# output: its option column runs up to two spaces or the end of the line.
help_option_args() {
	grep -E '^  (-[a-zA-Z], |    )--' "$1" | sed -e 's/^ *//' -e 's/  .*//' -e 's/^-[a-zA-Z], //'
}

# value ARG: a value the parser takes for an option whose value is named ARG.
value() {
	case $1 in
	*'|'*) echo "${1%%|*}" ;;
	N | MIB) echo 1 ;;
	NAME) echo task_struct ;;
	DIR) echo "$WORK" ;;
	*) echo "$WORK/names" ;;
	esac
}
echo task_struct >"$WORK/names"

"$KABISCAN" --help >"$WORK/help" 2>"$WORK/help.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$WORK/help.err" ] && grep -q '^commands:' "$WORK/help"; then
	pass "--help: exit 0, commands on stdout"
else
	fail "--help: exit $rc, stderr '$(head -c 300 "$WORK/help.err")'"
fi
for h in -h help; do
	"$KABISCAN" $h >"$WORK/h" 2>&1
	if cmp -s "$WORK/help" "$WORK/h"; then pass "'$h' prints --help"; else fail "'$h' differs from --help"; fi
done
# A usage error: stderr and exit 2, nothing on stdout.
"$KABISCAN" >"$WORK/noarg.out" 2>"$WORK/noarg.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$WORK/noarg.out" ] && grep -q '^usage: kabiscan' "$WORK/noarg.err"; then
	pass "no argument: usage on stderr, exit 2"
else
	fail "no argument: exit $rc, stdout '$(head -c 100 "$WORK/noarg.out")'"
fi
want_version="kabiscan $(sed -n 's/^\.TH KABISCAN 1 [^ ]* "kabiscan \([^"]*\)".*/\1/p' "$MANDIR/kabiscan.1")"
for v in -V --version version; do
	got=$("$KABISCAN" $v 2>&1)
	if [ "$got" = "$want_version" ]; then pass "$v: $got"; else fail "$v: '$got', want '$want_version'"; fi
done
expect_error "^kabiscan: unknown command 'reprot'; did you mean 'report'\\?$" "$KABISCAN" reprot
expect_exit 2 "$KABISCAN" reprot
expect_error "^kabiscan: unknown command 'frobnicate'; see 'kabiscan --help'$" "$KABISCAN" frobnicate
expect_error "^kabiscan: unknown command 'chek'; did you mean 'check'\\?$" "$KABISCAN" help chek
expect_error "^kabiscan: unknown option '--bogus'; see 'kabiscan --help'$" "$KABISCAN" --bogus

# The commands --help names ("  CMD  SUMMARY"); show and report at least.
sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$WORK/help" >"$WORK/cmds"
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
	"$KABISCAN" "$cmd" --help >"$WORK/h.out" 2>"$WORK/h.err"
	rc=$?
	got=$(head -1 "$WORK/h.out")
	if [ $rc -ne 0 ] || [ -s "$WORK/h.err" ]; then
		fail "$cmd --help: exit $rc, stderr '$(head -c 300 "$WORK/h.err")'"
	elif [ "$got" != "$want" ]; then
		fail "$cmd --help does not match the SYNOPSIS of $(basename "$page"):"
		printf '  help: %s\n  man:  %s\n' "$got" "$want"
	else
		pass "$cmd --help matches the synopsis of $(basename "$page")"
	fi
	for h in -h "help $cmd"; do
		# shellcheck disable=SC2086 # "help CMD" is two words
		if [ "$h" = -h ]; then "$KABISCAN" "$cmd" -h; else "$KABISCAN" $h; fi >"$WORK/h2" 2>&1
		if cmp -s "$WORK/h.out" "$WORK/h2"; then
			pass "'$h' prints '$cmd --help'"
		else
			fail "'$h' differs from '$cmd --help'"
		fi
	done
	usage=${got#usage: }
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
	summary=$(name_line "$page")
	if grep -qxF "  $(printf '%-10s %s' "$cmd" "$summary")" "$WORK/help"; then
		pass "--help sums up '$cmd' as its man page's NAME line"
	else
		fail "--help does not sum up '$cmd' as '$summary'"
	fi

	# Every option --help describes, the man page describes, and back.
	help_options "$WORK/h.out" >"$WORK/help.opts"
	man_options "$page" >"$WORK/man.opts"
	if [ ! -s "$WORK/help.opts" ]; then
		fail "$cmd --help describes no option"
	elif cmp -s "$WORK/help.opts" "$WORK/man.opts"; then
		pass "$cmd: --help and $(basename "$page") describe the same $(wc -l <"$WORK/help.opts") options"
	else
		fail "$cmd: --help (-) and $(basename "$page") (+) describe different options:"
		diff "$WORK/help.opts" "$WORK/man.opts" | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/'
	fi

	# The parser takes every option --help describes, with a value of the
	# kind it names, and still gets to --help.
	bad=0
	while read -r long arg; do
		# shellcheck disable=SC2086 # the value is one word or none
		"$KABISCAN" "$cmd" "$long" ${arg:+"$(value "$arg")"} --help >"$WORK/p.out" 2>"$WORK/p.err"
		rc=$?
		if [ $rc -ne 0 ] || ! cmp -s "$WORK/p.out" "$WORK/h.out"; then
			fail "$cmd $long ${arg:+$(value "$arg")}: exit $rc: $(head -1 "$WORK/p.err")"
			bad=1
		fi
	done < <(help_option_args "$WORK/h.out" | grep -v '^--help$')
	[ $bad -eq 0 ] && pass "$cmd: the parser takes every option --help describes"
	"$KABISCAN" "$cmd" --no-such-option >"$WORK/p.out" 2>"$WORK/p.err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$WORK/p.out" ] &&
		head -1 "$WORK/p.err" | grep -qx "kabiscan: unknown option '--no-such-option'"; then
		pass "$cmd: an unknown option is a usage error"
	else
		fail "$cmd --no-such-option: exit $rc, stderr '$(head -1 "$WORK/p.err")'"
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

#!/bin/bash
# --color=auto|always|never: the marks of report's text and the verdicts of
# diff and check in SGR colours; auto colours only a terminal (no -o, TERM
# not dumb, NO_COLOR unset or empty), always whatever NO_COLOR says, never
# never; colour only wraps marks, so without the escapes the bytes are the
# plain output's.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
K=("$DEB/6.1.0-50-amd64" "$DEB/6.1.0-50-686" "$DEB/6.1.0-50-armmp" "$DEB/5.10.0-32-amd64")
T='struct resource,vfio_pci_regops,vfio_device_ops'
A=$DEB/6.1.0-50-amd64
B=$DEB/6.12.117+deb12-amd64

golden color-report.txt "$KABISCAN" report --color=always "${K[@]}" -t "$T"
golden color-report-ascii.txt "$KABISCAN" report --color=always --ascii "${K[@]}" -t "$T"
golden color-diff.txt "$KABISCAN" diff --color=always --fail-on none "$A" "$B" \
	--spec "$TOP/tests/cli/diff/vfio.spec" --suppress "$TOP/tests/cli/diff/suppress-vfio" -v
"$KABISCAN" report --color=never "${K[@]}" -t "$T" >"$WORK/plain" 2>&1
sed 's/\x1b\[[0-9;]*m//g' "$WORK/color-report.txt.out" >"$WORK/stripped"
if cmp -s "$WORK/plain" "$WORK/stripped" && ! grep -q $'\x1b' "$WORK/plain"; then
	pass "--color=never is the colour output without its escapes"
else
	fail "--color=never differs from the colour output without escapes"
fi

# has_color WHAT CMD...: CMD's output has SGR escapes; no_color: it has none.
has_color() {
	local what=$1
	shift
	if "$@" | grep -q $'\x1b\\['; then pass "$what: coloured"; else fail "$what: not coloured"; fi
}
no_color() {
	local what=$1
	shift
	if "$@" | grep -q $'\x1b\\['; then fail "$what: coloured"; else pass "$what: not coloured"; fi
}
no_color "auto into a pipe" "$KABISCAN" report "$A" -t resource
has_color "always and NO_COLOR=1" env NO_COLOR=1 "$KABISCAN" report --color=always "$A" -t resource
if ! command -v script >/dev/null 2>&1; then
	skip_case terminal "script (util-linux) is not installed"
else
	# tty CMD: CMD run on a terminal (script), its output on stdout.
	tty() { script -qec "$*" /dev/null </dev/null; }
	r="'$KABISCAN' report '$A' -t resource"
	has_color "auto on a terminal" tty "TERM=xterm NO_COLOR= $r"
	no_color "auto on a terminal with NO_COLOR=1" tty "TERM=xterm NO_COLOR=1 $r"
	no_color "auto on a terminal with TERM=dumb" tty "TERM=dumb $r"
	no_color "never on a terminal" tty "TERM=xterm $r --color=never"
	tty "TERM=xterm $r -o '$WORK/o.txt'" >/dev/null
	no_color "auto on a terminal, -o FILE" cat "$WORK/o.txt"
	has_color "diff, auto on a terminal" tty "TERM=xterm NO_COLOR= '$KABISCAN' diff '$A' '$B' -t vfio_device_ops"
fi
usage_error "--color takes auto, always or never, not 'sometimes'" report "$A" -t resource \
	--color=sometimes
finish

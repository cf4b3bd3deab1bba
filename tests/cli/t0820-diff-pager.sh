#!/bin/bash
# diff and check send their text to a pager on a terminal, as git does:
# $PAGER through sh (default less), with LESS=FRX unless LESS is set; not
# with --no-pager, -o, another format, or when standard output is no
# terminal. --summary is for the text format only.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool script
A=$DEB/6.1.0-50-amd64
B=$DEB/6.12.117+deb12-amd64
D="'$KABISCAN' diff --fail-on none '$A' '$B' -t vfio_device_ops --color=never"
"$KABISCAN" diff --fail-on none "$A" "$B" -t vfio_device_ops >"$WORK/plain"

# tty ENV CMD: CMD on a terminal (script), with the environment ENV.
tty() { script -qec "env $1 $2" /dev/null </dev/null >"$WORK/screen"; }
PG="PAGER='echo \"LESS=\$LESS\" >$WORK/less; cat >$WORK/paged'"

rm -f "$WORK/paged" "$WORK/less"
tty "-u LESS $PG" "$D"
if cmp -s "$WORK/paged" "$WORK/plain" && [ "$(cat "$WORK/less")" = LESS=FRX ]; then
	pass "on a terminal the diff goes to \$PAGER, with LESS=FRX"
else
	fail "on a terminal: paged '$(head -c 100 "$WORK/paged" 2>&1)', $(cat "$WORK/less" 2>&1)"
fi
rm -f "$WORK/paged" "$WORK/less"
tty "$PG LESS=R" "$D"
if [ "$(cat "$WORK/less" 2>&1)" = LESS=R ]; then
	pass "a LESS the user set is kept"
else
	fail "LESS=R: the pager saw $(cat "$WORK/less" 2>&1)"
fi
for how in "--no-pager" "-o $WORK/o.txt" "--format json"; do
	rm -f "$WORK/paged"
	tty "$PG" "$D $how"
	if [ -e "$WORK/paged" ]; then fail "$how: paged"; else pass "$how: not paged"; fi
done
rm -f "$WORK/paged"
eval "env $PG $D" >/dev/null
if [ -e "$WORK/paged" ]; then fail "into a pipe: paged"; else pass "into a pipe: not paged"; fi
tty "PAGER=cat" "$D"
if grep -q 'size-changed' "$WORK/screen"; then
	pass "PAGER=cat: printed on the terminal"
else
	fail "PAGER=cat: nothing on the terminal"
fi
rm -f "$WORK/paged"
tty "$PG" "'$KABISCAN' check --baseline '$WORK/none.json' '$A'"
[ -e "$WORK/paged" ] && fail "a check that fails before its report started a pager"

usage_error "--summary is for the text format" diff --summary --format json "$A" "$B"
finish

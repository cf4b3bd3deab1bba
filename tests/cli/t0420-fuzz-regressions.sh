#!/bin/bash
# Inputs that crashed a fuzz target (tests/fuzz/regressions/, one per fixed
# bug) must now give a clear error or a result, never a signal. Run with
# the ASan binary (make check SANITIZE=1), a memory error fails here too.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
for f in "$TOP"/tests/fuzz/regressions/*; do
	name=$(basename "$f")
	timeout 20 "$KABISCAN" show -q "$f" -t 'vfio_pci_regops,struct node,bits' \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	if [ $rc -ge 124 ]; then
		fail "$name: exit $rc (crash or hang): $(head -c 300 "$WORK/err")"
	elif [ $rc -ne 0 ] && [ "$(wc -l <"$WORK/err")" -ne 1 ] &&
		grep -qv "^kabiscan: unknown type '[^']*': not found in 1 kernel" "$WORK/err"; then
		# show names each type it did not find on a line of its own
		fail "$name: exit $rc with $(wc -l <"$WORK/err") lines on stderr"
	else
		pass "$name: exit $rc, $(head -c 120 "$WORK/err")"
	fi
done
finish

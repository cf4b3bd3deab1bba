#!/bin/bash
# Inputs that crashed a fuzz target (tests/fuzz/regressions/, one per fixed
# bug) must now give a clear error or a result, never a signal. Run with
# the ASan binary (make check SANITIZE=1), a memory error fails here too;
# inputs named *-leak also run under valgrind, which must find no leak.
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
		grep -Eqv "^kabiscan: (unknown type '[^']*': not found in 1 kernel|warning: .*; (module|debug vmlinux) skipped$)" "$WORK/err"; then
		# show names each type it did not find on a line of its own, after
		# a warning for each file set aside (see --strict)
		fail "$name: exit $rc with $(wc -l <"$WORK/err") lines on stderr"
	else
		pass "$name: exit $rc, $(head -c 120 "$WORK/err")"
	fi
	# A leak found by fuzzing: the release binary under valgrind must lose nothing.
	case $name in *-leak) ;; *) continue ;; esac
	if ! command -v valgrind >/dev/null; then
		skip_case "$name under valgrind" "valgrind is not installed"
	elif [[ $KABISCAN == */asan/* ]]; then
		skip_case "$name under valgrind" "an ASan binary checks leaks itself"
	elif valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
		"$KABISCAN" show -q --no-cache "$f" -t 'vfio_pci_regops,struct node,bits' \
		>/dev/null 2>"$WORK/vg"; [ $? -eq 99 ]; then
		fail "$name: valgrind finds a leak: $(grep -m3 -E 'lost|by 0x' "$WORK/vg")"
	else
		pass "$name: no leak under valgrind"
	fi
done
finish

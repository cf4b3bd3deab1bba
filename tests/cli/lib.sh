#!/bin/bash
# Shared helpers for CLI tests (tests/cli/tNNNN-*.sh). Each test sources this
# file, calls the checks below, and ends with `finish`.
#   KABISCAN         binary under test (default: ./kabiscan at the repo root)
#   KABISCAN_CORPUS  the real-kernel corpus (default: ../shared/corpus)
# The scan cache is $WORK/xdg-cache/kabiscan, empty when a test starts.
# A missing golden file is written out and the test fails, so a new golden
# file is always looked at before it is committed.

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KABISCAN=${KABISCAN:-$TOP/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$TOP/../shared/corpus}
GOLDEN=$TOP/tests/cli/golden
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Never the user's scan cache: each test starts with an empty one of its own.
XDG_CACHE_HOME=$WORK/xdg-cache
export XDG_CACHE_HOME
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "ok - $TEST_NAME: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "not ok - $TEST_NAME: $1"; }

# skip REASON: the whole test is skipped (exit 77), with the reason printed.
skip() { echo "skip - $TEST_NAME: $1"; exit 77; }

need_corpus() {
	[ -d "$CORPUS/debian" ] || skip "no corpus at $CORPUS (set KABISCAN_CORPUS)"
	DEB=$CORPUS/debian
	export DEB
}

need_tool() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"
}

# Replace run-specific paths so golden files do not depend on where the
# corpus or the work directory is.
normalise() {
	sed -e "s|$CORPUS|CORPUS|g" -e "s|$WORK|WORK|g" -e "s|$TOP|TOP|g"
}

# golden NAME CMD...: stdout of CMD (exit 0, or GOLDEN_EXIT) must equal
# golden/NAME byte for byte.
golden() {
	local name=$1 out=$WORK/$1.out rc
	shift
	"$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	normalise <"$WORK/raw" >"$out"
	if [ $rc -ne "${GOLDEN_EXIT:-0}" ]; then
		fail "$name: exit $rc: $(head -c 300 "$WORK/err")"
	elif [ ! -f "$GOLDEN/$name" ]; then
		cp "$out" "$GOLDEN/$name"
		fail "$name: golden file was missing; wrote $GOLDEN/$name, review it"
	elif cmp -s "$out" "$GOLDEN/$name"; then
		pass "$name"
	else
		fail "$name: output differs from golden:"
		diff -u "$GOLDEN/$name" "$out" | head -40
	fi
}

# expect_error PATTERN CMD...: CMD must exit non-zero (not by a signal),
# print nothing on stdout, and print one line on stderr matching PATTERN.
expect_error() {
	local pattern=$1 rc lines
	shift
	"$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	lines=$(wc -l <"$WORK/err")
	if [ $rc -eq 0 ] || [ $rc -ge 128 ]; then
		fail "'$*': exit $rc, want an error exit: $(head -c 300 "$WORK/err")"
	elif [ -s "$WORK/raw" ]; then
		fail "'$*': printed on stdout despite the error"
	elif [ "$lines" -ne 1 ]; then
		fail "'$*': $lines lines on stderr, want 1: $(head -c 300 "$WORK/err")"
	elif ! grep -Eq -- "$pattern" "$WORK/err"; then
		fail "'$*': stderr '$(cat "$WORK/err")' does not match '$pattern'"
	else
		pass "error: $(cat "$WORK/err")"
	fi
}

# expect_exit CODE CMD...: CMD must exit with CODE.
expect_exit() {
	local want=$1 rc
	shift
	"$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "exit $want: $*"
	else
		fail "'$*': exit $rc, want $want: $(head -c 300 "$WORK/err")"
	fi
}

# usage_error MESSAGE KABISCAN-ARGS...: kabiscan exits 2, prints nothing on
# stdout, and its first stderr line is "kabiscan: MESSAGE".
usage_error() {
	local msg=$1 rc
	shift
	"$KABISCAN" "$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$WORK/raw" ] && [ "$(head -1 "$WORK/err")" = "kabiscan: $msg" ]; then
		pass "usage error: $msg"
	else
		fail "'$*': exit $rc, '$(head -1 "$WORK/err")', want exit 2 and 'kabiscan: $msg'"
	fi
}

# skip_case CASE REASON: one case of a test is skipped, with the reason.
skip_case() { echo "skip - $TEST_NAME: $1: $2"; }

# t20 CMD...: CMD under a 20 s limit; a hang is reported on stderr.
t20() {
	local rc
	timeout -k 5 20 "$@"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "TEST: timed out after 20 s (hang)" >&2
	fi
	return $rc
}

# bad PATTERN KABISCAN-ARGS...: kabiscan fails as expect_error wants, and the
# one message gives a reason ("Success" or "no error" are none).
bad() {
	local pattern=$1
	shift
	expect_error "$pattern" t20 "$KABISCAN" "$@"
	if grep -Eq ': (Success|no error)\)?$' "$WORK/err"; then
		fail "'$*': the message gives no reason: $(cat "$WORK/err")"
	fi
}

finish() {
	echo "$TEST_NAME: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

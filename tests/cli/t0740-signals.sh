#!/bin/bash
# SIGINT and SIGTERM leave no temporary file behind: not -o FILE's
# FILE.tmp.*, not a cache entry's .tmp.*. KABISCAN_TEST_STOP_TMP=1 makes
# kabiscan stop itself right after creating a temporary file, so the signal
# comes while it exists. What SIGKILL leaves (it cannot be caught) is shown
# by `cache ls` and counted by `cache clear`.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool ps

K=$DEB/6.1.0-50-amd64
RES='struct resource'

# stopped PID: wait (up to 20 s) until PID has stopped itself.
stopped() {
	local _
	for _ in $(seq 200); do
		case $(ps -o stat= -p "$1" 2>/dev/null) in
		T*) return 0 ;;
		'') return 1 ;;
		esac
		sleep 0.1
	done
	return 1
}

# interrupt NAME SIGNAL STATUS GLOB KABISCAN-ARGS...: start kabiscan, wait
# until it has made a temporary file matching GLOB, send SIGNAL: it must
# end with STATUS and leave no file matching GLOB.
interrupt() {
	local name=$1 sig=$2 want=$3 glob=$4 pid rc
	shift 4
	KABISCAN_TEST_STOP_TMP=1 "$KABISCAN" "$@" >/dev/null 2>"$WORK/err" &
	pid=$!
	if ! stopped "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		fail "$name: kabiscan did not stop at a temporary file: $(head -c 300 "$WORK/err")"
		return
	fi
	# shellcheck disable=SC2086 # the glob must expand
	if ! ls $glob >/dev/null 2>&1; then
		fail "$name: no temporary file $glob while stopped"
	fi
	kill -"$sig" "$pid"
	kill -CONT "$pid"
	wait "$pid"
	rc=$?
	# shellcheck disable=SC2086
	if [ $rc -ne "$want" ]; then
		fail "$name: exit $rc, want $want"
	elif ls $glob >/dev/null 2>&1; then
		fail "$name: left a file matching $glob"
	else
		pass "$name: exit $rc, nothing left"
	fi
}

interrupt "-o, SIGINT" INT 130 "$WORK/out.txt*" report --no-cache "$K" -t "$RES" -o "$WORK/out.txt"
interrupt "-o, SIGTERM" TERM 143 "$WORK/out.txt*" header --no-cache "$K" -t "$RES" -o "$WORK/out.txt"
interrupt "cache entry, SIGTERM" TERM 143 "$WORK/c/kernels/.tmp.*" show "$K" -t "$RES" --cache "$WORK/c"
interrupt "cache entry, SIGINT" INT 130 "$WORK/c/kernels/.tmp.*" show "$K" -t "$RES" --cache "$WORK/c"

# SIGKILL cannot be caught: what it leaves is seen and counted.
KABISCAN_TEST_STOP_TMP=1 "$KABISCAN" show "$K" -t "$RES" --cache "$WORK/c" >/dev/null 2>&1 &
pid=$!
if stopped "$pid"; then
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	size=$(stat -c %s "$WORK"/c/kernels/.tmp.*)
	golden signals-ls.txt "$KABISCAN" cache ls --cache "$WORK/c"
	"$KABISCAN" cache clear --cache "$WORK/c" >"$WORK/clear" 2>&1
	if grep -qx "removed 0 entries and 1 temporary file ($size bytes) from $WORK/c" "$WORK/clear" &&
		! ls "$WORK"/c/kernels/.tmp.* >/dev/null 2>&1; then
		pass "cache clear removes and counts a temporary file"
	else
		fail "cache clear: $(cat "$WORK/clear")"
	fi
else
	kill -KILL "$pid" 2>/dev/null
	fail "kabiscan did not stop at a temporary file"
fi

finish

#!/bin/bash
# Trust in the scan cache (see kabiscan-cache(1)). Whoever can write the
# cache decides what reports read from it say, so a cache directory others
# can write, or another user owns, is refused unless KABISCAN_TRUST_CACHE=1.
# `cache verify` re-derives entries from their files: an entry edited and
# re-checksummed (tests/cli/cache/forge.c) is found out; stale and gone
# entries are told apart. A cache the user named on a read-only or full
# filesystem costs one warning naming the path, never the output.
# shellcheck source-path=SCRIPTDIR disable=SC2016 # sh -c scripts read "$1", "$@" themselves
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool gcc

R61=6.1.0-50-amd64
K61=$DEB/$R61
C=$WORK/c
RES='struct resource'
gcc -O2 -o "$WORK/forge" "$TOP/tests/cli/cache/forge.c" -lxxhash || fail "cannot build forge.c"

# --- who may write the cache ---
"$KABISCAN" show "$K61" -t "$RES" --cache "$C" >"$WORK/clean" 2>"$WORK/err" ||
	fail "cold run: $(cat "$WORK/err")"
chmod 0777 "$C"
bad "^kabiscan: cannot use cache directory '$C': '$C' is writable by others \(mode 0777\); set KABISCAN_TRUST_CACHE=1 if you trust everyone who can write it$" \
	show "$K61" -t "$RES" --cache "$C"
bad "cannot use cache directory '$C': '$C' is writable by others" cache ls --cache "$C"
chmod 0755 "$C"
chmod 0775 "$C/kernels"
bad "cannot use cache directory '$C': '$C/kernels' is writable by others \(mode 0775\)" \
	show "$K61" -t "$RES" --cache "$C"
chmod 0755 "$C/kernels"
chmod 0666 "$C/index"
bad "cannot use cache directory '$C': '$C/index' is writable by others" show "$K61" -t "$RES" --cache "$C"
chmod 0644 "$C/index"
# The default cache as well.
mkdir -p "$XDG_CACHE_HOME/kabiscan"
chmod 0777 "$XDG_CACHE_HOME/kabiscan"
bad "cannot use cache directory '$XDG_CACHE_HOME/kabiscan': '$XDG_CACHE_HOME/kabiscan' is writable by others" \
	show "$K61" -t "$RES"
chmod 0755 "$XDG_CACHE_HOME/kabiscan"
if [ "$(id -u)" -eq 0 ]; then
	chown 4242 "$C/kernels"
	bad "cannot use cache directory '$C': '$C/kernels' belongs to uid 4242, not to you \(uid 0\)" \
		show "$K61" -t "$RES" --cache "$C"
	KABISCAN_TRUST_CACHE=1 golden trust-show.txt "$KABISCAN" show "$K61" -t "$RES" --cache "$C"
	chown 0 "$C/kernels"
else
	skip_case "foreign owner" "chown needs root"
fi
chmod 0777 "$C"
KABISCAN_TRUST_CACHE=1 golden trust-show.txt "$KABISCAN" show "$K61" -t "$RES" --cache "$C"
chmod 0755 "$C"

# --- cache verify ---
golden trust-verify-ok.txt "$KABISCAN" cache verify --cache "$C"
entry=$(echo "$C"/kernels/*.kbc)
"$WORK/forge" "$entry" start stXrt || fail "forge failed"
# The forged entry passes every check a read makes: the report lies...
"$KABISCAN" show "$K61" -t "$RES" --cache "$C" >"$WORK/forged" 2>"$WORK/err"
if grep -q stXrt "$WORK/forged"; then
	pass "a forged entry is believed by a report (why the trust model matters)"
else
	fail "the forged entry was not read: $(cat "$WORK/err")"
fi
# ... and verify finds it out.
"$KABISCAN" cache verify --cache "$C" >"$WORK/verify" 2>"$WORK/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^MISMATCH $R61 [0-9a-f]*: '$K61/boot/vmlinuz-$R61': its BTF (4351479 bytes) is not the entry's (4351479 bytes, other bytes)$" "$WORK/verify" &&
	grep -q "^kabiscan: 1 of 1 entries in '$C' do not match their files" "$WORK/err"; then
	pass "cache verify: the forged entry is a MISMATCH, exit 1"
else
	fail "cache verify: exit $rc: $(cat "$WORK/verify" "$WORK/err")"
fi
# Stale and gone: a raw BTF file of our own, changed, then removed.
python3 "$TOP/tests/cli/hostile/mkbtf.py" "$WORK/own.btf" || fail "mkbtf.py"
"$KABISCAN" cache clear --cache "$C" >/dev/null
"$KABISCAN" show "$WORK/own.btf" -t wide --cache "$C" >/dev/null 2>"$WORK/err" || fail "$(cat "$WORK/err")"
WIDE=5 python3 "$TOP/tests/cli/hostile/mkbtf.py" "$WORK/own.btf"
"$KABISCAN" cache verify --cache "$C" >"$WORK/verify" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^stale own.btf [0-9a-f]*: the files changed since (now key [0-9a-f]*): it is no longer used for them$" "$WORK/verify"; then
	pass "cache verify: a changed file makes its entry stale, exit 0"
else
	fail "cache verify after a change: exit $rc: $(cat "$WORK/verify" "$WORK/err")"
fi
rm "$WORK/own.btf"
"$KABISCAN" cache verify --cache "$C" >"$WORK/verify" 2>"$WORK/err"
if grep -q "^gone own.btf [0-9a-f]*: '$WORK/own.btf' no longer exists$" "$WORK/verify"; then
	pass "cache verify: a removed file makes its entry gone"
else
	fail "cache verify after rm: $(cat "$WORK/verify" "$WORK/err")"
fi

# --- a named cache on a read-only or full filesystem: output and one warning ---
# warned NAME PATTERN CMD...: exit 0, the output of a cache-less run, and one
# warning line matching PATTERN.
warned() {
	local name=$1 pattern=$2 rc
	shift 2
	"$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: exit $rc: $(cat "$WORK/err")"
	elif ! cmp -s "$WORK/raw" "$WORK/clean"; then
		fail "$name: the output differs from a run without cache"
	elif [ "$(wc -l <"$WORK/err")" -ne 1 ] || ! grep -Eq "^kabiscan: warning: $pattern$" "$WORK/err"; then
		fail "$name: stderr is not one warning matching '$pattern': $(cat "$WORK/err")"
	else
		pass "$name: $(cat "$WORK/err")"
	fi
}
M=$WORK/mnt
mkdir -p "$M"
if unshare -m true 2>/dev/null && unshare -m mount -t tmpfs tmpfs "$M" 2>/dev/null; then
	warned "read-only, no cache yet" \
		"cannot use cache directory '$M/c': Read-only file system; going on without a cache" \
		unshare -m sh -c 'mount -t tmpfs -o ro tmpfs "$1" && shift && exec "$@"' sh "$M" \
		"$KABISCAN" show "$K61" -t "$RES" --cache "$M/c"
	warned "read-only, cache made before" \
		"cannot write '$M/c/kernels/[0-9a-f]*\.kbc': Read-only file system; the cache is not updated" \
		unshare -m sh -c 'mount -t tmpfs tmpfs "$1" && mkdir -p "$1/c/kernels" &&
			mount -o remount,ro "$1" && shift && exec "$@"' sh "$M" \
		"$KABISCAN" show "$K61" -t "$RES" --cache "$M/c"
	warned "full" \
		"cannot write '$M/c/kernels/[0-9a-f]*\.kbc': No space left on device; the cache is not updated" \
		unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"' sh "$M" \
		"$KABISCAN" show "$K61" -t "$RES" --cache "$M/c"
	# scan's job is the cache: there it stays an error.
	expect_error "cannot use cache directory '$M/c': Read-only file system" \
		unshare -m sh -c 'mount -t tmpfs -o ro tmpfs "$1" && shift && exec "$@"' sh "$M" \
		"$KABISCAN" scan "$K61" --cache "$M/c"
else
	skip_case "read-only and full filesystems" "cannot mount a tmpfs in a new mount namespace here"
fi
# A named cache that is a file: a warning too.
touch "$WORK/file"
warned "a file" "cannot use cache directory '$WORK/file': Not a directory; going on without a cache" \
	"$KABISCAN" show "$K61" -t "$RES" --cache "$WORK/file"

finish

#!/bin/bash
# The scan cache: reports are byte for byte the same cold, warm and with
# --no-cache; a changed file is hashed again; a damaged entry is detected and
# replaced by a rescan; `cache ls` and `cache clear`; bad cache directories.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
CACHE=$XDG_CACHE_HOME/kabiscan

# same NAME GOLDEN CMD...: stdout of CMD equals golden/GOLDEN.
same() {
	local name=$1 want=$GOLDEN/$2
	shift 2
	if "$@" >"$WORK/raw" 2>"$WORK/err" && normalise <"$WORK/raw" >"$WORK/out" &&
		cmp -s "$WORK/out" "$want"; then
		pass "$name"
	else
		fail "$name: $(head -c 300 "$WORK/err")"
		diff -u "$want" "$WORK/out" | head -20
	fi
}

for mode in cold warm no-cache; do
	opt=()
	[ "$mode" = no-cache ] && opt=(--no-cache)
	[ "$mode" = cold ] && rm -rf "$CACHE"
	same "$mode: text" report-vfio_pci_regops.txt \
		"$KABISCAN" report "${opt[@]}" "$DEB"/* -t vfio_pci_regops
	same "$mode: json" report-vfio_pci_regops.json \
		"$KABISCAN" report "${opt[@]}" --format json "$DEB"/* -t vfio_pci_regops
	same "$mode: vmlinux types" report-resource-pid_type.txt \
		"$KABISCAN" report "${opt[@]}" "$DEB"/* -t 'struct resource,enum pid_type'
	[ "$mode" = cold ] && rm -rf "$CACHE"
done
same "header, warm" header-6.1.0-50-amd64.h \
	"$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$TOP/tests/cli/header/vfio.spec"

# DWARF lookups are kept too (5.10's vfio modules have DWARF only); a damaged
# one is read again from the debug file, with the same answer.
n=$(find "$CACHE/derived" -type f 2>/dev/null | wc -l)
if [ "$n" -gt 0 ]; then
	pass "DWARF lookups kept: $n"
	for f in "$CACHE"/derived/*; do
		printf 'junk' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null
	done
	same "damaged DWARF lookups are read again" report-vfio_pci_regops.txt \
		"$KABISCAN" report "$DEB"/* -t vfio_pci_regops
else
	fail "no DWARF lookup in $CACHE/derived"
fi

# One entry per kernel, listed with its release and arch.
"$KABISCAN" cache ls >"$WORK/ls" 2>&1
if [ "$(wc -l <"$WORK/ls")" -eq 18 ] &&
	grep -Eq '^6\.1\.0-50-arm64 arm64 [0-9.]+MiB [0-9a-f]{32}$' "$WORK/ls"; then
	pass "cache ls: 18 entries"
else
	fail "cache ls: $(head -c 300 "$WORK/ls")"
fi

# A warm run reads no kernel file: the entries alone answer.
key=$(awk '$1 == "6.1.0-50-amd64" { print $4 }' "$WORK/ls")
entry=$CACHE/kernels/$key.kbc
# (LeakSanitizer cannot run under ptrace.)
if ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$WORK/strace" \
	"$KABISCAN" report "$DEB/6.1.0-50-amd64" -t vfio_pci_regops >/dev/null 2>&1; then
	if grep -q 'vmlinuz.*O_RDONLY' "$WORK/strace" && ! grep -q "$key" "$WORK/strace"; then
		fail "a warm run opened the bzImage instead of the entry"
	else
		pass "a warm run reads the cache entry"
	fi
else
	skip_case "strace" "strace is not installed or cannot trace"
fi

# Damaged entries: truncated, one byte flipped, garbage. Each is a rescan
# with the same report, and the rescan writes the entry again.
damage() {
	case $1 in
	truncated) head -c 5000 "$entry" >"$WORK/e" ;;
	header) head -c 40 "$entry" >"$WORK/e" ;;
	flipped) cp "$entry" "$WORK/e" && printf '\377' |
		dd of="$WORK/e" bs=1 seek=200000 conv=notrunc 2>/dev/null ;;
	garbage) head -c 1000 /dev/urandom >"$WORK/e" ;;
	empty) : >"$WORK/e" ;;
	# a byte of the last module chunk: found when that module is needed
	modules) cp "$WORK/good.kbc" "$WORK/e" && printf '\377' | dd of="$WORK/e" bs=1 \
		seek=$(($(stat -c %s "$WORK/e") - 100)) conv=notrunc 2>/dev/null ;;
	# another format: an older kabiscan's entry
	stale) cp "$WORK/good.kbc" "$WORK/e" && printf '\001' |
		dd of="$WORK/e" bs=1 seek=8 conv=notrunc 2>/dev/null ;;
	esac
	mv "$WORK/e" "$entry"
}
cp "$entry" "$WORK/good.kbc"
for how in truncated flipped garbage empty stale; do
	damage "$how"
	same "a $how entry is a rescan" report-vfio_pci_regops.txt \
		"$KABISCAN" report "$DEB"/* -t vfio_pci_regops
	if cmp -s "$entry" "$WORK/good.kbc"; then
		pass "the $how entry was written again"
	else
		fail "the $how entry was not replaced by the rescan"
	fi
done
# From the cache alone there is nothing to rescan: one error naming the entry.
damage flipped
bad "cannot read cache entry '.*$key.kbc': the blob of '.*/vmlinuz-6.1.0-50-amd64' is corrupt \(checksum mismatch\)" \
	report --cache "$CACHE" 6.1.0-50-amd64 -t vfio_pci_regops
# A damaged module chunk is found only when a lookup needs it: one warning
# naming the entry, which is removed (the next run rescans); the modules
# still in it are read from their files, so the answer is the same.
cp "$WORK/good.kbc" "$entry"
"$KABISCAN" names --cache "$CACHE" 6.1.0-50-amd64 -t 'vfio*' >"$WORK/names-good" 2>&1
damage modules
if "$KABISCAN" names --cache "$CACHE" 6.1.0-50-amd64 -t 'vfio*' >"$WORK/names-dmg" \
	2>"$WORK/err" && cmp -s "$WORK/names-good" "$WORK/names-dmg" && [ ! -e "$entry" ] &&
	[ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -Eq "^kabiscan: warning: cannot read cache \
entry '.*$key.kbc': the blob of '[^']*\.ko[^']*' is corrupt \(checksum mismatch\); the entry is \
removed, and the next run reads the kernel's files again$" "$WORK/err"; then
	pass "a damaged module chunk: one warning, the entry removed, the same names"
else
	fail "a damaged module chunk: $(head -c 600 "$WORK/err"; diff "$WORK/names-good" \
		"$WORK/names-dmg" | head -5)"
fi
cp "$WORK/good.kbc" "$entry"
damage header
bad "cannot read cache entry '.*$key.kbc': bad magic or truncated header" cache ls --cache "$CACHE"
cp "$WORK/good.kbc" "$entry"

# An entry of another format is no error either: cache ls counts it apart
# (a stale entry is a rescan, above), and cache clear removes it.
damage stale
if "$KABISCAN" cache ls >"$WORK/ls2" 2>"$WORK/err" && [ "$(wc -l <"$WORK/ls2")" -eq 18 ] &&
	! grep -q "$key" "$WORK/ls2" && grep -Eq "^stale entries: 1, [0-9.]+MiB \(written by \
another version of kabiscan, and no longer read; scans replace them, cache clear removes them\)$" \
	"$WORK/ls2"; then
	pass "cache ls: a stale entry is counted, not an error"
else
	fail "cache ls with a stale entry: $(cat "$WORK/ls2" "$WORK/err" | head -c 400)"
fi
"$KABISCAN" cache clear >"$WORK/clear" 2>&1
if [ ! -e "$entry" ] && grep -q "^removed 18 entries" "$WORK/clear"; then
	pass "cache clear removes a stale entry"
else
	fail "cache clear with a stale entry: $(cat "$WORK/clear")"
fi
"$KABISCAN" report "$DEB"/* -t vfio_pci_regops >/dev/null 2>&1
cp "$WORK/good.kbc" "$entry"

# The stat index: a file whose stat data changed is hashed again, and the
# same contents give the same key; a damaged index is dropped.
cp -r "$DEB/6.12.117+deb12-amd64" "$WORK/root"
"$KABISCAN" scan "$WORK/root" >"$WORK/s1" 2>&1
touch "$WORK/root/boot/config-6.12.117+deb12-amd64"
"$KABISCAN" scan "$WORK/root" >"$WORK/s2" 2>&1
echo "CONFIG_X=y" >>"$WORK/root/boot/config-6.12.117+deb12-amd64"
"$KABISCAN" scan "$WORK/root" >"$WORK/s3" 2>&1
if cmp -s "$WORK/s1" "$WORK/s2" && ! cmp -s "$WORK/s2" "$WORK/s3"; then
	pass "touched file: same key; changed file: new key"
else
	fail "keys: $(cat "$WORK/s1" "$WORK/s2" "$WORK/s3")"
fi
printf 'kabiscan-index 1\n1 2 3 4 5 zz /x\n' >"$CACHE/index"
"$KABISCAN" scan "$WORK/root" >"$WORK/s4" 2>&1
if cmp -s "$WORK/s3" "$WORK/s4" && grep -q "^end " "$CACHE/index"; then
	pass "a damaged index is dropped and written again"
else
	fail "damaged index: $(cat "$WORK/s4")"
fi

# Two writers at once into one directory: both finish, every entry is whole.
"$KABISCAN" cache clear >/dev/null
"$KABISCAN" scan -q "$DEB"/6.1* >"$WORK/w1" 2>&1 &
"$KABISCAN" scan -q "$DEB"/6.1* >"$WORK/w2" 2>&1
wait $!
if cmp -s "$WORK/w1" "$WORK/w2" && "$KABISCAN" cache ls >/dev/null 2>&1 &&
	[ -z "$(find "$CACHE/kernels" -name '.tmp.*')" ]; then
	pass "concurrent writers leave whole entries"
else
	fail "concurrent writers: $(head -c 300 "$WORK/w1")"
fi

# cache clear empties it.
"$KABISCAN" cache clear >"$WORK/clear" 2>&1
if grep -Eq '^removed [0-9]+ entries' "$WORK/clear" && [ ! -s <("$KABISCAN" cache ls) ]; then
	pass "cache clear removes every entry"
else
	fail "cache clear: $(cat "$WORK/clear")"
fi

# --no-cache writes nothing.
"$KABISCAN" report --no-cache "$DEB/6.1.0-50-arm64" -t vfio_pci_regops >/dev/null 2>&1
if [ -z "$(ls -A "$CACHE/kernels")" ]; then
	pass "--no-cache writes no entry"
else
	fail "--no-cache wrote an entry"
fi

# Unusable cache directories: one error line naming it.
touch "$WORK/file"
# scan's job is the cache: one it cannot use is an error (for report, a
# warning: see t0730).
bad "cannot use cache directory '$WORK/file': Not a directory" \
	scan --cache "$WORK/file" "$DEB/6.1.0-50-arm64"
bad "cannot use cache directory '$WORK/file/x': Not a directory" cache ls --cache "$WORK/file/x"
bad "no kernel in cache '$WORK/empty'" report --cache "$WORK/empty" -t vfio_pci_regops
bad "cannot open 'nosuch': no such file, and no kernel of that release or key" \
	report --cache "$WORK/empty" nosuch -t vfio_pci_regops
expect_exit 2 "$KABISCAN" report --cache "$WORK/x" --no-cache "$DEB" -t vfio_pci_regops
expect_exit 2 "$KABISCAN" scan --no-cache "$DEB"
expect_exit 2 "$KABISCAN" cache frob
# A default cache that cannot be made is skipped, not an error.
XDG_CACHE_HOME=$WORK/file expect_exit 0 "$KABISCAN" report "$DEB/6.1.0-50-arm64" -t vfio_pci_regops
finish

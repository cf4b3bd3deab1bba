#!/bin/bash
# kabiscan scan: shards scanned separately into one directory give, merged,
# the report of the kernels' own files byte for byte; -j does not change
# the output, across kernels or inside one; progress goes to a terminal only.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
SHARED=$WORK/shared

# Two shards, one of them on one thread, into one directory.
"$KABISCAN" scan --cache "$SHARED" "$DEB"/5.* "$DEB"/6.1.* >"$WORK/s1" 2>"$WORK/e1"
rc1=$?
"$KABISCAN" scan --cache "$SHARED" -j1 "$DEB"/6.12.* "$DEB"/7.* >"$WORK/s2" 2>"$WORK/e2"
rc2=$?
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$(cat "$WORK/s1" "$WORK/s2" | wc -l)" -eq 18 ] &&
	[ ! -s "$WORK/e1" ]; then
	pass "two shards: 18 kernels scanned"
else
	fail "shards: exit $rc1 $rc2: $(head -c 300 "$WORK/e1" "$WORK/e2")"
fi
if "$KABISCAN" cache ls --cache "$SHARED" | cut -d' ' -f1 >"$WORK/ls" &&
	diff -q "$WORK/ls" <(cat "$WORK/s1" "$WORK/s2" | cut -d' ' -f1) >/dev/null; then
	pass "scan prints the kernels as cache ls lists them"
else
	fail "scan output and cache ls differ"
fi
golden report-vfio_pci_regops.txt "$KABISCAN" report --cache "$SHARED" -t vfio_pci_regops
golden report-vfio_pci_regops.json "$KABISCAN" report --format json --cache "$SHARED" \
	-t vfio_pci_regops
golden report-resource-pid_type.txt "$KABISCAN" report --cache "$SHARED" \
	-t 'struct resource,enum pid_type'
# Kernels by release and by key, as KERNEL arguments.
key=$(awk '$1 == "6.12.117+deb12-amd64" { print $4 }' "$WORK/s2")
"$KABISCAN" report --no-cache "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" \
	-t vfio_device_ops >"$WORK/direct" 2>&1
"$KABISCAN" report --cache "$SHARED" 6.1.0-50-amd64 "${key:0:12}" -t vfio_device_ops \
	>"$WORK/by-name" 2>&1
if cmp -s "$WORK/direct" "$WORK/by-name"; then
	pass "kernels named by release and key prefix report as their files"
else
	fail "report by release/key differs: $(head -c 300 "$WORK/by-name")"
fi
golden header-6.1.0-50-amd64.h "$KABISCAN" header --cache "$SHARED" 6.1.0-50-amd64 \
	--spec "$TOP/tests/cli/header/vfio.spec"
# A kernel from the cache whose entry was removed meanwhile: one error.
bad "no kernel of that release or key" report --cache "$SHARED" 6.1.0-99-amd64 -t vfio_pci_regops

# -j: the same bytes on one thread and on four, read afresh each time.
"$KABISCAN" report --no-cache -j1 "$DEB"/* -t vfio_pci_regops,task_struct >"$WORK/j1" 2>&1
"$KABISCAN" report --no-cache -j4 "$DEB"/* -t vfio_pci_regops,task_struct >"$WORK/j4" 2>&1
if cmp -s "$WORK/j1" "$WORK/j4" && [ -s "$WORK/j1" ]; then
	pass "-j1 and -j4 give the same report"
else
	fail "-j1 and -j4 differ"
fi
# One kernel: its modules are read on the spare threads while its vmlinux
# decodes. The same bytes at any -j, and so are the messages of a root with two
# broken modules (the first in path order first), as when read one by one.
jroot=$WORK/jroot
cp -rs "$(realpath "$DEB/6.1.0-50-amd64")" "$jroot"
for j in 1 2 8; do
	"$KABISCAN" report --no-cache -j$j "$jroot" -t vfio_pci_regops,vfio_device \
		--format json >"$WORK/m$j" 2>&1
	echo "exit $?" >>"$WORK/m$j"
done
if cmp -s "$WORK/m1" "$WORK/m2" && cmp -s "$WORK/m1" "$WORK/m8" &&
	grep -q '"state": "present"' "$WORK/m1"; then
	pass "one kernel with modules: -j1, -j2 and -j8 give the same report"
else
	fail "one kernel with modules: -j changes the report: $(diff "$WORK/m1" "$WORK/m8" | head -c 300)"
fi
kdir=$jroot/lib/modules/6.1.0-50-amd64/kernel
head -c 3000 "$kdir/drivers/vfio/vfio.ko" >"$kdir/aa-bad.ko"
head -c 100 "$kdir/drivers/vfio/vfio.ko" >"$kdir/zz-bad.ko"
for j in 1 2 8; do
	"$KABISCAN" report --no-cache -j$j "$jroot" -t vfio_pci_regops >"$WORK/b$j" 2>&1
	echo "exit $?" >>"$WORK/b$j"
done
if cmp -s "$WORK/b1" "$WORK/b2" && cmp -s "$WORK/b1" "$WORK/b8" &&
	grep -q "aa-bad.ko" "$WORK/b1"; then
	pass "two broken modules: the same messages and exit at -j1, -j2 and -j8"
else
	fail "broken modules: $(head -c 300 "$WORK/b1") / $(head -c 300 "$WORK/b8")"
fi
expect_exit 2 "$KABISCAN" report -j0 "$DEB" -t vfio_pci_regops
expect_exit 2 "$KABISCAN" report -j x "$DEB" -t vfio_pci_regops

# Progress: none when stderr is no terminal, or with -q; on a terminal,
# "scanned N/18 kernels" in place, cleared at the end.
"$KABISCAN" report --no-cache "$DEB"/* -t vfio_pci_regops >/dev/null 2>"$WORK/p0"
if [ ! -s "$WORK/p0" ]; then
	pass "no progress when stderr is no terminal"
else
	fail "progress on a pipe: $(head -c 200 "$WORK/p0")"
fi
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$KABISCAN' report --no-cache $DEB/* -t vfio_pci_regops >/dev/null" \
		/dev/null >"$WORK/tty" 2>&1
	if grep -q 'kabiscan: scanned 17/18 kernels' "$WORK/tty" &&
		[ "$(tail -c 4 "$WORK/tty" | od -An -c | tr -d ' ')" = '\r033[K' ]; then
		pass "progress on a terminal, cleared at the end"
	else
		fail "progress on a terminal: $(od -c "$WORK/tty" | tail -5)"
	fi
	script -qec "'$KABISCAN' report -q --no-cache $DEB/* -t vfio_pci_regops >/dev/null" \
		/dev/null >"$WORK/tty-q" 2>&1
	if [ ! -s "$WORK/tty-q" ]; then
		pass "-q: no progress on a terminal"
	else
		fail "-q: progress on a terminal: $(od -c "$WORK/tty-q" | head -3)"
	fi
else
	skip_case "terminal progress" "script cannot make a terminal here"
fi
finish

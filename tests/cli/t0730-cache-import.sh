#!/bin/bash
# kabiscan cache import: shards scanned apart into their own caches (CI
# matrix jobs without a shared filesystem), imported into one, report byte
# for byte as the kernels' files do; an import checks every entry, keeps
# what is there, creates nothing for a directory that is no cache.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
M=$WORK/merged

# Two shards, each into its own directory, as two matrix jobs would.
if ! "$KABISCAN" scan -q --cache "$WORK/a" "$DEB"/5.* "$DEB"/6.1.* >"$WORK/sa" 2>&1 ||
	! "$KABISCAN" scan -q --cache "$WORK/b" "$DEB"/6.12.* "$DEB"/7.* >"$WORK/sb" 2>&1; then
	fail "scanning the shards: $(cat "$WORK/sa" "$WORK/sb")"
fi
"$KABISCAN" cache import --cache "$M" "$WORK/a" "$WORK/b" >"$WORK/imported" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$WORK/err" ] && cat "$WORK/sa" "$WORK/sb" | cmp -s - "$WORK/imported"; then
	pass "import: 18 kernels, listed as the shards' scans listed them"
else
	fail "import: exit $rc, $(head -3 "$WORK/err" "$WORK/imported")"
fi
# The merged cache reports as the files, byte for byte: the golden report
# made from the files, and a report of the files now.
golden report-vfio_pci_regops.txt "$KABISCAN" report --cache "$M" -t vfio_pci_regops
for fmt in text json; do
	"$KABISCAN" report --no-cache --format $fmt "$DEB"/* -t 'struct resource,enum pid_type' \
		>"$WORK/direct.$fmt" 2>&1
	"$KABISCAN" report --cache "$M" --format $fmt -t 'struct resource,enum pid_type' \
		>"$WORK/merged.$fmt" 2>&1
	if cmp -s "$WORK/direct.$fmt" "$WORK/merged.$fmt"; then
		pass "$fmt: the merged cache reports as the files"
	else
		fail "$fmt: the merged cache reports otherwise: $(diff "$WORK/direct.$fmt" "$WORK/merged.$fmt" | head -5)"
	fi
done
# Entries are copied as they are.
same=0
for f in "$M"/kernels/*.kbc; do
	cmp -s "$f" "$WORK/a/kernels/${f##*/}" || cmp -s "$f" "$WORK/b/kernels/${f##*/}" || same=1
done
if [ $same -eq 0 ]; then
	pass "each merged entry is its shard's, byte for byte"
else
	fail "a merged entry differs from its shard's"
fi
# Again: nothing changes.
ls -l --time-style=+%s.%N "$M/kernels" >"$WORK/before"
"$KABISCAN" cache import --cache "$M" "$WORK/b" "$WORK/a" >"$WORK/again" 2>&1
ls -l --time-style=+%s.%N "$M/kernels" >"$WORK/after"
if cmp -s "$WORK/before" "$WORK/after" && [ "$(wc -l <"$WORK/again")" = 18 ]; then
	pass "importing again rewrites nothing"
else
	fail "importing again changed the cache"
fi

# A damaged entry in a shard: an error naming it, and it is not imported.
cp -r "$WORK/a" "$WORK/bad"
victim=$(find "$WORK/bad/kernels" -name '*.kbc' | sort | head -1)
head -c 2000 "$victim" >"$victim.t" && mv "$victim.t" "$victim"
bad "^kabiscan: .*${victim##*/}" cache import --cache "$WORK/m2" "$WORK/bad"
[ -e "$WORK/m2/kernels/${victim##*/}" ] && fail "a damaged entry was imported"
bad "^kabiscan: '$WORK/nothere' is not a kabiscan cache \(no kernels/ directory\)$" \
	cache import --cache "$WORK/m3" "$WORK/nothere"
[ -e "$WORK/nothere" ] && fail "import created the directory it was to read"
expect_exit 2 "$KABISCAN" cache import --cache "$M"
expect_exit 2 "$KABISCAN" cache ls "$WORK/a"
finish

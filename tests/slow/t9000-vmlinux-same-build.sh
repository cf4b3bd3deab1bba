#!/bin/bash
# The whole debug vmlinux of 6.1.0-50-amd64 (linux-image-6.1.0-50-amd64-dbg,
# 6.1.176-1, an 855 MB .deb; fetched with apt-get download, skipped without
# a network) against the BTF of the same build (the corpus root's vmlinuz:
# the -dbg vmlinux's .BTF is byte-identical). For every named struct, union
# and enum of the BTF:
#   kabiscan show ROOT -t NAMES                       (BTF)
#   kabiscan show DEBUG_VMLINUX --prefer dwarf -t NAMES   (DWARF)
# must print the same definitions, but for the source comments, except the
# types vmlinux-allowed.txt lists with their reason; every listed type must
# still differ. Then `diff ROOT DEBUG_VMLINUX --prefer dwarf` of the types
# listed for pahole's flattening must find nothing breaking (exit 0).
#
# Run by `make check-slow`, not `make check`: the download, and reading 600
# MB of DWARF for 10000 names. KABISCAN_TEST_CACHE (default
# /var/tmp/kabiscan-test) keeps the .deb and the extracted vmlinux;
# KABISCAN_DEBUG_VMLINUX names an extracted debug vmlinux to use instead.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/../cli/lib.sh"
need_corpus
need_tool bpftool
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (needed to compare)"

R=6.1.0-50-amd64
PKG=linux-image-$R-dbg
MEMBER=usr/lib/debug/boot/vmlinux-$R
CACHE=${KABISCAN_TEST_CACHE:-/var/tmp/kabiscan-test}
ALLOWED=$TOP/tests/slow/vmlinux-allowed.txt
SAMEBUILD=$TOP/tests/cli/dwarf/samebuild.py
start=$SECONDS

VM=${KABISCAN_DEBUG_VMLINUX:-$CACHE/dbg/$MEMBER}
if [ ! -f "$VM" ]; then
	need_tool apt-get
	need_tool dpkg-deb
	mkdir -p "$CACHE/debs"
	deb=$(find "$CACHE/debs" -maxdepth 1 -name "${PKG}_*.deb" | LC_ALL=C sort | tail -n1)
	if [ -z "$deb" ]; then
		echo "# fetching $PKG (855 MB) into $CACHE/debs"
		if ! (cd "$CACHE/debs" && apt-get download -qq "$PKG") >"$WORK/apt.log" 2>&1; then
			skip "apt-get download $PKG failed (no network, or not in the apt sources): $(tail -n1 "$WORK/apt.log")"
		fi
		deb=$(find "$CACHE/debs" -maxdepth 1 -name "${PKG}_*.deb" | LC_ALL=C sort | tail -n1)
	fi
	[ -n "$deb" ] || skip "apt-get download $PKG left no .deb in $CACHE/debs"
	echo "# extracting ./$MEMBER from $(basename "$deb")"
	rm -rf "$CACHE/dbg.tmp"
	mkdir -p "$CACHE/dbg.tmp"
	if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$CACHE/dbg.tmp" "./$MEMBER" 2>"$WORK/tar.log"; then
		fail "cannot extract ./$MEMBER from $deb: $(head -c 300 "$WORK/tar.log")"
		finish
	fi
	rm -rf "$CACHE/dbg"
	mv "$CACHE/dbg.tmp" "$CACHE/dbg"
fi

# The names: every named struct, union and enum of the build's BTF.
if ! bpftool btf dump file "$VM" >"$WORK/dump" 2>"$WORK/err"; then
	fail "bpftool cannot read the .BTF of $VM: $(head -c 300 "$WORK/err")"
	finish
fi
sed -n "s/^\[[0-9]*\] \(STRUCT\|UNION\|ENUM\|ENUM64\) '\([^']*\)'.*/\1 \2/p" "$WORK/dump" |
	sed 's/^STRUCT/struct/; s/^UNION/union/; s/^ENUM64/enum/; s/^ENUM/enum/' |
	grep -v ' (anon)$' | LC_ALL=C sort -u >"$WORK/names"
n=$(wc -l <"$WORK/names")
echo "# $n names ($(grep -c '^struct' "$WORK/names") structs, $(grep -c '^union' "$WORK/names") unions, $(grep -c '^enum' "$WORK/names") enums)"
"$KABISCAN" show "$DEB/$R" --spec "$WORK/names" >"$WORK/btf" 2>"$WORK/btf.err" ||
	fail "show from BTF: exit non-zero: $(head -c 300 "$WORK/btf.err")"
/usr/bin/time -f '%e s %M KB' -o "$WORK/time" "$KABISCAN" show "$VM" --prefer dwarf --no-cache \
	--spec "$WORK/names" >"$WORK/dwarf" 2>"$WORK/dwarf.err" ||
	fail "show from DWARF: exit non-zero: $(head -c 300 "$WORK/dwarf.err")"
echo "# DWARF: $(cat "$WORK/time")"
python3 "$SAMEBUILD" "$ALLOWED" "$WORK/dwarf" "$WORK/btf" >"$WORK/cmp"
rc=$?
if [ $rc -eq 0 ] && [ "$(grep -Ec '^(same|allowed) ' "$WORK/cmp")" -ne "$n" ]; then
	fail "$(grep -Ec '^(same|allowed) ' "$WORK/cmp") types compared, want $n"
elif [ $rc -eq 0 ]; then
	pass "$n types: $(grep -c '^same ' "$WORK/cmp") the same, $(grep -c '^allowed ' "$WORK/cmp") differ as listed"
else
	fail "$(grep -Ec '^(DIFF|only-)' "$WORK/cmp") of $n types differ and are not listed in $(basename "$ALLOWED"):"
	grep -v '^\(same\|allowed\) ' "$WORK/cmp" | head -80
fi
sed -n 's/^allowed //p' "$WORK/cmp" >"$WORK/differ"
while read -r kind name _; do
	grep -qx "$kind $name" "$WORK/differ" ||
		fail "$kind $name is listed in $(basename "$ALLOWED") but reads the same: drop it"
done < <(sed 's/#.*//' "$ALLOWED" | awk 'NF >= 2')

# The flattened arrays: compatible, under their own rule.
flat=$(sed 's/#.*//' "$ALLOWED" | awk 'NF >= 3 && $3 == "flattened" { printf "%s%s %s", sep, $1, $2; sep = "," }')
if [ -n "$flat" ]; then
	"$KABISCAN" diff "$DEB/$R" "$VM" --prefer dwarf -t "$flat" >"$WORK/diff" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && ! grep -q '^  breaking' "$WORK/diff" &&
		[ "$(grep -c '^  compatible  member-type-changed .*\[flattened-array\]$' "$WORK/diff")" -gt 0 ]; then
		pass "diff BTF -> DWARF of the flattened types: exit 0, $(grep -c 'flattened-array' "$WORK/diff") flattened-array changes, nothing breaking"
	else
		fail "diff BTF -> DWARF of the flattened types: exit $rc:"
		grep -v '^  compatible  member-type-changed .*\[flattened-array\]$' "$WORK/diff" | head -20
	fi
fi
echo "# $TEST_NAME: $((SECONDS - start))s"
finish

#!/bin/bash
# show with names a kernel lacks, and names with several layouts.
#
# a. Missing names: `show` prints the types it found (byte for byte what it
#    prints when asked for those alone), names each missing type on stderr,
#    one line each, and exits 1; with -o the file holds the types found;
#    with no type found, nothing is printed. On a corpus root and on a
#    fixture.
# b. Several layouts of one name: show/layouts{1,2,3}.c, three CUs defining
#    struct kl_pad (8 bytes twice, with other member names, and 12 bytes),
#    struct kl_chan (16 bytes, and 40 bytes twice: 6 members and 1) and
#    enum kl_mode (two values of KL_B), compiled with gcc and linked with
#    ld -r. Read from DWARF and from the BTF pahole -J encodes into a copy,
#    both count the same layouts and show the same one, the largest, then
#    the one with most members, then the first found
#    (golden/show-layouts.txt, the DWARF reading; the BTF one equals it but
#    for the comment, which counts no CUs and says no DWARF).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool gcc
need_tool ld
need_tool pahole

S=$TOP/tests/cli/show
R61=6.1.0-50-amd64

# partial LABEL FOUND MISSING KERNEL...: show KERNEL -t FOUND,MISSING (both
# comma lists, interleaved) prints what show -t FOUND prints, one stderr
# line per missing name, exit 1; and the same with -o.
partial() {
	local label=$1 found=$2 missing=$3 rc n
	shift 3
	"$KABISCAN" show "$@" -t "$found" >"$WORK/want" 2>"$WORK/err" ||
		fail "$label: show -t $found: exit non-zero: $(head -c 300 "$WORK/err")"
	"$KABISCAN" show "$@" -t "${missing%%,*},$found,${missing#*,}" >"$WORK/got" 2>"$WORK/err"
	rc=$?
	n=$(tr ',' '\n' <<<"$missing" | wc -l)
	if [ $rc -ne 1 ]; then
		fail "$label: exit $rc, want 1"
	elif ! cmp -s "$WORK/want" "$WORK/got"; then
		fail "$label: the types found are not printed as when asked alone:"
		diff -u "$WORK/want" "$WORK/got" | head -10
	elif [ "$(wc -l <"$WORK/err")" -ne "$n" ] ||
		[ "$(grep -c "^kabiscan: unknown type '[a-z_0-9]*': not found in 1 kernel (1 absent, 0 without type data)\$" "$WORK/err")" -ne "$n" ]; then
		fail "$label: want $n 'unknown type' lines on stderr, got: $(tr '\n' '|' <"$WORK/err")"
	else
		pass "$label: $(wc -l <"$WORK/got") lines printed, exit 1, stderr: $(tr '\n' '|' <"$WORK/err")"
	fi
	rm -f "$WORK/o.c"
	"$KABISCAN" show "$@" -t "${missing%%,*},$found,${missing#*,}" -o "$WORK/o.c" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -eq 1 ] && [ ! -s "$WORK/raw" ] && cmp -s "$WORK/want" "$WORK/o.c"; then
		pass "$label: -o FILE holds the types found, exit 1"
	else
		fail "$label: -o FILE: exit $rc, stdout $(wc -c <"$WORK/raw") bytes, file: $(head -c 100 "$WORK/o.c" 2>&1)"
	fi
	"$KABISCAN" show "$@" -t "$missing" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -eq 1 ] && [ ! -s "$WORK/raw" ] && [ "$(wc -l <"$WORK/err")" -eq "$n" ]; then
		pass "$label: only missing names: nothing printed, $n lines on stderr, exit 1"
	else
		fail "$label: only missing names: exit $rc, $(wc -c <"$WORK/raw") bytes printed, stderr: $(tr '\n' '|' <"$WORK/err")"
	fi
}

# --- a. missing names ----------------------------------------------------------
partial "a: $R61" 'struct resource,vfio_pci_regops' no_such_type_xyz,no_such_type_abc "$DEB/$R61"

# --- b. several layouts ---------------------------------------------------------
F=$WORK/layouts
for i in 1 2 3; do
	gcc -g -c "$S/layouts$i.c" -o "$F$i.o" 2>"$WORK/err" ||
		fail "b: cannot compile layouts$i.c: $(head -c 300 "$WORK/err")"
done
if ! ld -r "${F}1.o" "${F}2.o" "${F}3.o" -o "$F.o" 2>"$WORK/err"; then
	fail "b: ld -r failed: $(head -c 300 "$WORK/err")"
	finish
fi
cp "$F.o" "$F.btf.o"
if ! pahole -J "$F.btf.o" >"$WORK/err" 2>&1; then
	fail "b: pahole -J failed: $(head -c 300 "$WORK/err")"
	finish
fi
NAMES='struct kl_pad,struct kl_chan,enum kl_mode'
golden show-layouts.txt "$KABISCAN" show "$F.o" -t "$NAMES"
"$KABISCAN" show "$F.btf.o" -t "$NAMES" >"$WORK/btf" 2>"$WORK/err" ||
	fail "b: show of the BTF copy: exit non-zero: $(head -c 300 "$WORK/err")"
sed -E 's|^/\* vmlinux, DWARF, ([0-9]+ layouts) in [0-9]+ CUs \*/$|/* vmlinux, \1 */|' \
	"$WORK/show-layouts.txt.out" >"$WORK/dwarf.norm"
if cmp -s "$WORK/dwarf.norm" "$WORK/btf"; then
	pass "b: BTF counts the same layouts and shows the same ones as DWARF"
else
	fail "b: BTF and DWARF readings differ (- DWARF, + BTF):"
	diff -u "$WORK/dwarf.norm" "$WORK/btf" | head -30
fi
partial "b: fixture" 'kl_chan,kl_mode' nosuch_a,nosuch_b "$F.o"
finish

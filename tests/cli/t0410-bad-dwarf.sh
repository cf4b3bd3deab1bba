#!/bin/bash
# Bad debug files: a module's DWARF that is truncated, garbage, has a corrupt
# abbreviation table or an unknown attribute form, a debug file that is not
# ELF or is empty, one for another architecture, and one of another build
# (its build-id is not the module's), and compressed debug sections that are
# damaged or decompress past --max-decompressed. Each is put in place of the real debug
# file in a copy of a corpus root (directories copied, files symbolic links)
# and with --strict must make kabiscan fail with exit 1, nothing on stdout
# and one line on stderr naming the debug file and the problem, under a 20 s
# limit (a hang fails). Without --strict, the module is skipped with one
# warning and its type is no-data in that kernel; another kernel goes on.
#
# 5.10.0-32-amd64: the vfio modules carry no BTF, so DWARF (version 4) is
# read by default. 6.1.0-50-amd64: the modules carry BTF too; --prefer dwarf
# makes kabiscan read their DWARF (version 5).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool objcopy

T=vfio_pci_regops
B=$WORK/bad
mkdir -p "$B"

# re STRING: STRING as an extended regular expression matching itself.
re() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'; }

# skip_case NAME REASON: one case cannot run here; the others still do.
# skipped PATTERN DEBUG-FILE KABISCAN-REPORT-ARGS...: without --strict, a bad
# debug file in a root is one warning matching PATTERN, the module skipped;
# the type is no-data in the first kernel, with the reason (or present from
# another module that carries a copy), and present in the second.
skipped() {
	local pattern=$1 dbg=$2 rc
	shift 2
	t20 "$KABISCAN" report "$@" --format json >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "'report $*': exit $rc, want 0 with a warning: $(head -c 300 "$WORK/err")"
	elif [ "$(wc -l <"$WORK/err")" -ne 1 ] ||
		! grep -Eq -- "^kabiscan: warning: $pattern; module skipped$" "$WORK/err"; then
		fail "'report $*': stderr '$(head -c 300 "$WORK/err")' is not one warning matching '$pattern'"
	elif ! jq -e --arg dbg "$dbg" '.cells[1].state == "present" and
		((.cells[0].state == "no-data" and (.cells[0].reason | test("modules could not be read")))
		or (.cells[0].state == "present" and .cells[0].source.file != $dbg))' \
		"$WORK/raw" >/dev/null; then
		fail "'report $*': cells $(jq -c '[.cells[] | [.state, .reason]]' "$WORK/raw")"
	else
		pass "skipped, no-data: $(cat "$WORK/err")"
	fi
}

# mkroot SRC DST: a copy of the root SRC: directories made, files linked.
mkroot() {
	(cd "$1" && find . -type d) | while IFS= read -r d; do mkdir -p "$2/$d"; done
	(cd "$1" && find . ! -type d) | while IFS= read -r f; do ln -s "$1/${f#./}" "$2/${f#./}"; done
}

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with BYTES (printf %b escapes).
poke() {
	printf '%b' "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

# u8 FILE OFFSET: the byte at OFFSET in FILE.
u8() { od -An -tu1 -j $(($2)) -N1 "$1" | tr -d ' '; }

# garbage N: N bytes of a fixed non-DWARF pattern (the same each run).
garbage() { yes 'kabiscan garbage 0123456789 !"#$%&' | head -c "$1"; }

# with_section FILE SECTION CONTENT OUT: FILE with SECTION's content replaced.
with_section() {
	rm -f "$4"
	objcopy --update-section "$2=$3" "$1" "$4"
}

# cases ROOT DEBUG-FILE ORIGINAL LABEL KABISCAN-ARGS...: the DWARF corruption
# cases, each written to DEBUG-FILE (in ROOT, where the debug file of the
# module holding $T is), made from ORIGINAL (that debug file in the corpus).
cases() {
	local root=$1 dbg=$2 orig=$3 label=$4 edbg sec size
	shift 4
	edbg=$(re "$dbg")
	sec=$B/$label
	if ! objcopy --dump-section .debug_info="$sec.info" --dump-section .debug_abbrev="$sec.abbrev" \
		"$orig" "$sec.o" 2>"$WORK/err"; then
		fail "$label: objcopy cannot dump the DWARF sections: $(head -c 300 "$WORK/err")"
		return
	fi
	size=$(stat -c %s "$sec.info")

	# .debug_info cut in half: the unit that spans the cut is incomplete.
	echo "# $label: .debug_info cut in half"
	head -c $((size / 2)) "$sec.info" >"$sec.half"
	with_section "$orig" .debug_info "$sec.half" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	# .debug_info cut to 10 bytes: not even the first unit header is whole.
	echo "# $label: .debug_info cut to 10 bytes"
	head -c 10 "$sec.info" >"$sec.10"
	with_section "$orig" .debug_info "$sec.10" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	# .debug_info of the same size, garbage; then all zeros.
	echo "# $label: .debug_info garbage"
	garbage "$size" >"$sec.garbage"
	with_section "$orig" .debug_info "$sec.garbage" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	echo "# $label: .debug_info all zeros"
	head -c "$size" /dev/zero >"$sec.zeros"
	with_section "$orig" .debug_info "$sec.zeros" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	# .debug_abbrev garbage, and cut to 100 bytes.
	echo "# $label: .debug_abbrev garbage"
	garbage "$(stat -c %s "$sec.abbrev")" >"$sec.abbrev-garbage"
	with_section "$orig" .debug_abbrev "$sec.abbrev-garbage" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	echo "# $label: .debug_abbrev cut to 100 bytes"
	head -c 100 "$sec.abbrev" >"$sec.abbrev-100"
	with_section "$orig" .debug_abbrev "$sec.abbrev-100" "$dbg"
	bad "cannot read DWARF in '$edbg': .+" show "$root" -t "$T" "$@" --strict
	# An unknown DW_FORM: the first abbreviation's first attribute form set
	# to 0x7f. The table starts code, tag, children, attribute, form; the
	# ULEB128 numbers must each be one byte for the form to be at offset 4.
	cp "$sec.abbrev" "$sec.abbrev-form"
	if [ "$(u8 "$sec.abbrev" 0)" -lt 128 ] && [ "$(u8 "$sec.abbrev" 1)" -lt 128 ] &&
		[ "$(u8 "$sec.abbrev" 2)" -le 1 ] && [ "$(u8 "$sec.abbrev" 3)" -lt 128 ] &&
		[ "$(u8 "$sec.abbrev" 3)" -gt 0 ] && [ "$(u8 "$sec.abbrev" 4)" -lt 128 ]; then
		echo "# $label: DW_FORM 0x7f"
		poke "$sec.abbrev-form" 4 '\x7f'
		with_section "$orig" .debug_abbrev "$sec.abbrev-form" "$dbg"
		bad "cannot read DWARF in '$edbg': .*(form|FORM).*0x7f" show "$root" -t "$T" "$@" --strict
	else
		fail "$label: unexpected start of .debug_abbrev: $(od -An -tx1 -N8 "$sec.abbrev")"
	fi
	# Not ELF; empty; an ELF cut in half.
	echo "# $label: debug file not ELF, empty, cut in half"
	rm -f "$dbg"
	head -c 5000 /etc/services >"$dbg"
	bad "'$edbg'.*(not (an )?ELF|no BTF found|no DWARF)" show "$root" -t "$T" "$@" --strict
	: >"$dbg"
	bad "cannot read '$edbg': not an ELF file" show "$root" -t "$T" "$@" --strict
	head -c $(($(stat -c %s "$orig") / 2)) "$orig" >"$dbg"
	bad "'$edbg'.*(truncated|corrupt) ELF" show "$root" -t "$T" "$@" --strict
	# report, with a good kernel besides: without --strict, the module is
	# skipped and its type is no-data there; the other kernel goes on.
	echo "# $label: report, .debug_info cut in half"
	with_section "$orig" .debug_info "$sec.half" "$dbg"
	skipped "cannot read DWARF in '$edbg': .+" "$dbg" "$root" "$DEB/7.2.13+deb14-amd64" -t "$T" "$@"
	rm -f "$sec".*
}

# --- 5.10.0-32-amd64: DWARF 4, modules without BTF ---------------------------
R=5.10.0-32-amd64
PCI=lib/modules/$R/kernel/drivers/vfio/pci/vfio-pci.ko
DBGDIR=usr/lib/debug/lib/modules/$R/kernel/drivers/vfio
mkroot "$DEB/$R" "$B/r510"
DBG510=$B/r510/usr/lib/debug/$PCI
EDBG510=$(re "$DBG510")
EMOD510=$(re "$B/r510/$PCI")
rm -f "$DBG510"
cases "$B/r510" "$DBG510" "$DEB/$R/usr/lib/debug/$PCI" dwarf4
# Through the module's own path: the debug file is found the same way.
rm -f "$DBG510"
head -c 10 /etc/services >"$DBG510"
bad "'$(re "$B/r510")/+$(re "usr/lib/debug/$PCI")'.*(not (an )?ELF|no BTF found|no DWARF)" \
	show "$B/r510/$PCI" -t "$T"
# Another architecture's debug file for the module: powerpc64le (64-bit
# little-endian like amd64, so only the machine tells), and i386.
for other in 6.1.0-50-powerpc64le 6.1.0-50-686; do
	rm -f "$DBG510"
	ln -s "$DEB/$other/usr/lib/debug/lib/modules/$other/kernel/drivers/vfio/pci/vfio-pci.ko" "$DBG510"
	bad "'$EDBG510'.*(another|other|wrong) (machine|arch)" report "$B/r510" -t "$T" --strict
done
# Another module's debug file (vfio.ko's) under vfio-pci.ko's name.
rm -f "$DBG510"
ln -s "$DEB/$R/$DBGDIR/vfio.ko" "$DBG510"
bad "'$EDBG510'.*build-id does not match '$EMOD510'" report "$B/r510" -t "$T" --strict
# The debug file of vfio-pci.ko of another release (6.1.0-50-amd64).
rm -f "$DBG510"
ln -s "$DEB/6.1.0-50-amd64/usr/lib/debug/lib/modules/6.1.0-50-amd64/kernel/drivers/vfio/pci/vfio-pci.ko" "$DBG510"
bad "'$EDBG510'.*build-id does not match '$EMOD510'" report "$B/r510" -t "$T" --strict
skipped "cannot use '$EDBG510': its build-id does not match '$EMOD510' \\(debug file of another build\\)" \
	"$DBG510" "$B/r510" "$DEB/7.2.13+deb14-amd64" -t "$T"
rm -rf "$B/r510"

# --- 6.1.0-50-amd64: DWARF 5, modules with BTF, --prefer dwarf ---------------
R=6.1.0-50-amd64
CORE=lib/modules/$R/kernel/drivers/vfio/pci/vfio-pci-core.ko
mkroot "$DEB/$R" "$B/r61"
DBG61=$B/r61/usr/lib/debug/$CORE
EDBG61=$(re "$DBG61")
EMOD61=$(re "$B/r61/$CORE")
rm -f "$DBG61"
cases "$B/r61" "$DBG61" "$DEB/$R/usr/lib/debug/$CORE" dwarf5 --prefer dwarf
# The powerpc64le debug file of vfio-pci-core.ko in place of the amd64 one.
rm -f "$DBG61"
ln -s "$DEB/6.1.0-50-powerpc64le/usr/lib/debug/lib/modules/6.1.0-50-powerpc64le/kernel/drivers/vfio/pci/vfio-pci-core.ko" "$DBG61"
bad "'$EDBG61'.*(another|other|wrong) (machine|arch)" report "$B/r61" -t "$T" --prefer dwarf --strict
# vfio.ko's debug file under vfio-pci-core.ko's name; then the i386 build's
# vfio-pci-core.ko debug file (another machine and another build).
rm -f "$DBG61"
ln -s "$DEB/$R/usr/lib/debug/lib/modules/$R/kernel/drivers/vfio/vfio.ko" "$DBG61"
bad "'$EDBG61'.*build-id does not match '$EMOD61'" report "$B/r61" -t "$T" --prefer dwarf --strict
rm -f "$DBG61"
ln -s "$DEB/6.1.0-50-686/usr/lib/debug/lib/modules/6.1.0-50-686/kernel/drivers/vfio/pci/vfio-pci-core.ko" "$DBG61"
bad "'$EDBG61'.*((another|other|wrong) (machine|arch)|build-id does not match)" \
	report "$B/r61" -t "$T" --prefer dwarf --strict
rm -rf "$B/r61"

# --- compressed debug sections: damaged, and past --max-decompressed ----------
# A fixture with 1.5 MiB of .debug_info (4000 structs of 30 members), its
# debug sections compressed by objcopy (zlib-gabi: SHF_COMPRESSED; zlib-gnu:
# the legacy .zdebug_*; zstd where this objcopy has it).
need_tool gcc
Z=$B/z
mkdir -p "$Z"
for i in $(seq 4000); do
	printf 'struct kz_%d {' "$i"
	for m in $(seq 30); do printf ' long m%d;' "$m"; done
	printf ' } kz_var_%d;\n' "$i"
done >"$Z/big.c"
if ! gcc -g -c "$Z/big.c" -o "$Z/big.o" 2>"$WORK/err"; then
	fail "compressed: cannot build the fixture: $(head -c 300 "$WORK/err")"
else
	methods="zlib-gabi zlib-gnu"
	if objcopy --help | grep -q 'zstd'; then
		methods="$methods zstd"
	else
		skip_case "compressed zstd" "this objcopy cannot compress with zstd"
	fi
	for m in $methods; do
		o=$Z/big.$m.o
		if ! objcopy --compress-debug-sections="$m" "$Z/big.o" "$o" 2>"$WORK/err"; then
			fail "compressed $m: objcopy failed: $(head -c 300 "$WORK/err")"
			continue
		fi
		eo=$(re "$o")
		echo "# compressed $m: read whole, then past --max-decompressed 1"
		if "$KABISCAN" show "$o" -t kz_4000 --no-cache >"$WORK/out" 2>"$WORK/err" &&
			grep -qx 'long int m30;' "$WORK/out"; then
			pass "compressed $m: struct kz_4000 read"
		else
			fail "compressed $m: struct kz_4000 not read: $(head -c 300 "$WORK/err")"
		fi
		bad "cannot read DWARF in '$eo': section '\.debug_info' decompresses past --max-decompressed \(1 MiB\)" \
			show "$o" -t kz_4000 --no-cache --max-decompressed 1
		# The compressed .debug_info damaged: the 64 bytes after its header
		# (24 bytes of Elf64_Chdr; "ZLIB" and the size for .zdebug_) zeroed.
		sec=.debug_info hdr=24
		[ "$m" = zlib-gnu ] && sec=.zdebug_info hdr=12
		read -r off size < <(readelf -S -W "$o" | sed 's/^ *\[ *[0-9]*\]//' |
			awk -v s="$sec" '$1 == s { print $4, $5 }')
		if [ -z "$off" ]; then
			fail "compressed $m: no $sec section in the copy"
			continue
		fi
		if [ $((0x$size)) -lt $((hdr + 64)) ]; then
			fail "compressed $m: $sec is only $((0x$size)) bytes"
			continue
		fi
		poke "$o" $((0x$off + hdr)) "$(printf '\\x00%.0s' $(seq 64))"
		bad "cannot read DWARF in '$eo': section '\.debug_info' is corrupt .+" \
			show "$o" -t kz_4000 --no-cache
	done
fi
finish

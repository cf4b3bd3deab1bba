#!/bin/bash
# DWARF differential test: the types kabiscan reads from DWARF (and encodes
# into BTF itself) must equal what it reads from BTF for the same build, and
# what pahole (dwarves 1.24) reads from the same DWARF.
#
# a. 6.1.0-50-amd64, whose vfio modules carry split BTF and have debug copies
#    with DWARF: for every named struct, union and enum in each module's split
#    BTF (bpftool -B VMLINUX_BTF), `show MOD --prefer dwarf` must print what
#    `show MOD --prefer btf` prints, byte for byte, but for the source comment
#    ("/* vfio_pci_core, DWARF */" against "/* vfio_pci_core */"), and the
#    JSON report must say DWARF, resp. BTF, for every cell. Names vmlinux
#    defines too are left out (kabiscan finds those in vmlinux first).
# b. 5.10.0-32-amd64, 6.1.0-50-686, 6.1.0-50-powerpc64le, whose modules carry
#    no BTF: for every named struct/union in each vfio debug module's DWARF
#    (what `pahole -F dwarf` prints, of several layouts of a name the one
#    kabiscan shows: the largest), kabiscan's JSON members must equal pahole's, as
#    pahole/normalise.py puts them. Twice: all names, kabiscan given an empty
#    vmlinux BTF as --base, so that every name, the kernel's own structs
#    included, is read from the module's DWARF; and the names the kernel's
#    vmlinux BTF does not define, through the module's path in its root, as a
#    user would run it. pahole prints the whole file (pahole -F dwarf, no
#    -C): pahole 1.24's -C with a long list of names stops part way with
#    "type 'bus_type' not found" for names the file has.
# c. report of vfio_pci_regops over 5.10 (DWARF), 6.1, 6.12 and 7.2 (BTF):
#    golden/dwarf-report-vfio_pci_regops.txt, and the 5.10 -> 6.1 change
#    block has the four lines ../shared/reference/vfio_pci_regops-ubuntu.txt
#    has for 5.13 -> 5.15.
# d. dwarf/fixture.c and dwarf/fixture2.c (bitfields, anonymous members,
#    flexible and multi-dimensional arrays, enums, function pointers,
#    qualifiers, a struct with two layouts, enumerators gcc stores in one
#    byte, types defined only inside a function), compiled now with -gdwarf-4 and
#    -gdwarf-5 and linked with ld -r: kabiscan reading the object's DWARF
#    must print what it prints reading the BTF that pahole -J encodes into a
#    copy of it, except where that BTF loses information (listed in
#    BTF_LOSSY below, checked against hand-written golden files instead);
#    the members must equal pahole -F dwarf's; enum values must be those of
#    the source (golden/dwarf-fixture-enums.txt); diff from the BTF reading
#    to the DWARF one gives only flattened-array changes, exit 0.
# e. the DWARF 5 fixture of d and 6.1.0-50-amd64's vfio-pci-core.ko debug
#    file with compressed debug sections (zlib-gabi, zstd, zlib-gnu) read as
#    the uncompressed ones.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool pahole
need_tool bpftool
need_tool gcc
need_tool ld
command -v python3 >/dev/null 2>&1 ||
	skip "python3 is not installed (needed to extract BTF from vmlinuz and to read JSON)"

HELP=$TOP/tests/cli/pahole
DW=$TOP/tests/cli/dwarf
start=$SECONDS

# skip_case NAME REASON: one part cannot run here; the others still do.

# btf_names DUMP: "KIND NAME" for each named STRUCT, UNION, ENUM and ENUM64 in
# a bpftool dump, sorted, each once.
btf_names() {
	sed -n "s/^\[[0-9]*\] \(STRUCT\|UNION\|ENUM\|ENUM64\) '\([^']*\)'.*/\1 \2/p" "$1" |
		grep -v ' (anon)$' |
		sed 's/^STRUCT/struct/; s/^UNION/union/; s/^ENUM64/enum/; s/^ENUM/enum/' |
		LC_ALL=C sort -u
}

# not_in BASE_NAMES NAMES: the lines of NAMES ("kind name") whose name is not
# a name in BASE_NAMES ("kind name" lines).
not_in() {
	awk 'NR == FNR { base[$2]; next } !($2 in base)' "$1" "$2"
}

# all_are FORMATS WANT: every line of FORMATS (cells.py formats) ends in WANT;
# else prints the lines that do not.
all_are() {
	if grep -v " $2\$" "$1" >"$1.other"; then
		head -5 "$1.other"
		return 1
	fi
}

# --- a. 6.1.0-50-amd64: DWARF against BTF of the same modules ----------------
R=6.1.0-50-amd64
out=$WORK/a
how=$(python3 "$HELP/extract-btf.py" "$DEB/$R/boot/vmlinuz-$R" "$out.vmlinux.btf" 2>&1)
rc=$?
if [ $rc -eq 3 ]; then
	skip_case "a" "$how"
elif [ $rc -ne 0 ]; then
	fail "a: cannot extract the vmlinux BTF from $DEB/$R/boot/vmlinuz-$R: $how"
else
	bpftool btf dump file "$out.vmlinux.btf" >"$out.vmlinux.dump"
	btf_names "$out.vmlinux.dump" >"$out.vmlinux.names"
	mods=0 ntypes=0 nlines=0 shadowed=0 core=0
	while IFS= read -r mod; do
		m=$(basename "$mod" .ko)
		obj=${m//-/_}
		o=$out.$m
		if ! bpftool -B "$out.vmlinux.btf" btf dump file "$mod" >"$o.dump" 2>"$o.err"; then
			fail "a: $R $m.ko: bpftool cannot read its split BTF: $(head -c 300 "$o.err")"
			continue
		fi
		btf_names "$o.dump" >"$o.all"
		not_in "$out.vmlinux.names" "$o.all" >"$o.names"
		shadowed=$((shadowed + $(wc -l <"$o.all") - $(wc -l <"$o.names")))
		n=$(wc -l <"$o.names")
		[ "$n" -gt 0 ] || continue
		[ "$m" = vfio-pci-core ] && core=$n
		list=$(paste -sd, "$o.names")
		ok=1
		for p in dwarf btf; do
			if ! "$KABISCAN" show "$mod" --prefer $p -t "$list" >"$o.$p" 2>"$o.$p.err"; then
				fail "a: $R $m.ko: show --prefer $p: exit non-zero: $(head -c 300 "$o.$p.err")"
				ok=0
			elif ! "$KABISCAN" report "$mod" --prefer $p -t "$list" --format json \
				>"$o.$p.json" 2>"$o.$p.err"; then
				fail "a: $R $m.ko: report --prefer $p: exit non-zero: $(head -c 300 "$o.$p.err")"
				ok=0
			fi
		done
		[ $ok -eq 1 ] || continue
		mods=$((mods + 1))
		ntypes=$((ntypes + n))
		nlines=$((nlines + $(wc -l <"$o.btf")))
		# The source comments: one per type, DWARF on one side only.
		cd_=$(grep -Ec "^/\* $obj, DWARF(, [0-9]+ layouts in [0-9]+ CUs)? \*/\$" "$o.dwarf")
		cb_=$(grep -Ec "^/\* $obj(, [0-9]+ layouts)? \*/\$" "$o.btf")
		if [ "$cd_" -ne "$n" ] || [ "$cb_" -ne "$n" ]; then
			fail "a: $R $m.ko: $n types, but $cd_ '/* $obj, DWARF */' and $cb_ '/* $obj */' comments"
		fi
		# The only normalisation: the DWARF source comment (BTF cannot count
		# CUs, so "2 layouts in 2 CUs" is "2 layouts" there).
		sed -E "s|^/\* $obj, DWARF(, [0-9]+ layouts) in [0-9]+ CUs \*/\$|/* $obj\1 */|; s|^/\* $obj, DWARF \*/\$|/* $obj */|" "$o.dwarf" >"$o.dwarf.norm"
		if diff -u "$o.btf" "$o.dwarf.norm" >"$o.diff"; then
			pass "a: $R $m.ko: $n types ($(grep -c '^struct' "$o.names") structs, $(grep -c '^union' "$o.names") unions, $(grep -c '^enum' "$o.names") enums), $(wc -l <"$o.btf") lines: DWARF text equals BTF text"
		else
			fail "a: $R $m.ko: $n types: DWARF text differs from BTF text on $(grep -c '^[-+][^-+]' "$o.diff") lines (- BTF, + DWARF):"
			head -60 "$o.diff"
		fi
		for p in dwarf btf; do
			python3 "$DW/cells.py" formats <"$o.$p.json" >"$o.$p.formats"
			want=DWARF
			[ $p = btf ] && want=BTF
			if [ "$(wc -l <"$o.$p.formats")" -ne "$n" ]; then
				fail "a: $R $m.ko: report --prefer $p: $(wc -l <"$o.$p.formats") cells, want $n"
			elif ! all_are "$o.$p.formats" $want >"$o.$p.bad"; then
				fail "a: $R $m.ko: report --prefer $p: cells not from $want: $(tr '\n' '|' <"$o.$p.bad")"
			fi
			python3 "$HELP/normalise.py" kabiscan <"$o.$p.json" | LC_ALL=C sort >"$o.$p.members"
		done
		if ! diff -u "$o.btf.members" "$o.dwarf.members" >"$o.mdiff"; then
			fail "a: $R $m.ko: JSON members differ (- BTF, + DWARF):"
			grep '^[-+][^-+]' "$o.mdiff" | head -20
		fi
	done < <(find "$DEB/$R/lib/modules/$R/kernel/drivers/vfio" -name '*.ko' | LC_ALL=C sort)
	if [ "$core" -eq 0 ]; then
		fail "a: $R vfio-pci-core.ko: no types compared"
	fi
	echo "# a: $R: $mods modules, $ntypes types, $nlines lines compared ($shadowed names also in vmlinux skipped)"
fi

# --- b. DWARF-only modules against pahole -F dwarf -----------------------------
# An empty vmlinux BTF (header, no types, string section "\0"): with it as
# --base, no name is found in vmlinux, so every name is read from DWARF.
EMPTY=$WORK/empty.btf
printf '\x9f\xeb\x01\x00\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00' >"$EMPTY"

# kabiscan_vs_pahole LABEL NAMES PAHOLE_LINES OUT KABISCAN-ARGS...: run
# kabiscan report --format json on NAMES ("kind name" lines), check every
# cell says DWARF, normalise, and diff against the normalised pahole lines
# of those names. Sets MEMBERS; returns non-zero after failing.
kabiscan_vs_pahole() {
	local label=$1 names=$2 plines=$3 o=$4
	shift 4
	MEMBERS=0
	if ! "$KABISCAN" report "$@" -t "$(paste -sd, "$names")" --format json >"$o.json" 2>"$o.err"; then
		fail "$label: kabiscan exit non-zero: $(head -c 300 "$o.err")"
		return 1
	fi
	python3 "$DW/cells.py" formats <"$o.json" >"$o.formats"
	if ! all_are "$o.formats" DWARF >"$o.bad"; then
		fail "$label: $(grep -vc ' DWARF$' "$o.formats") of $(wc -l <"$o.formats") cells not read from DWARF: $(head -3 "$o.bad" | tr '\n' '|')"
		return 1
	fi
	python3 "$HELP/normalise.py" kabiscan <"$o.json" | LC_ALL=C sort >"$o.k"
	# pahole's lines for these names only.
	awk 'NR == FNR { want[$1 " " $2]; next } ($1 " " $2) in want' "$names" "$plines" >"$o.p"
	MEMBERS=$(grep -vc '^[a-z]* [^ ]* =size ' "$o.p")
	if ! diff -u "$o.p" "$o.k" >"$o.diff"; then
		fail "$label: $(wc -l <"$names") types: kabiscan and pahole disagree on $(grep -c '^[-+][^-+]' "$o.diff") lines (- pahole, + kabiscan), in $(grep '^[-+][^-+]' "$o.diff" | cut -c2- | awk '{ print $1, $2 }' | sort -u | wc -l) types:"
		grep '^[-+][^-+]' "$o.diff" | head -20
		return 1
	fi
}

for R in 5.10.0-32-amd64 6.1.0-50-686 6.1.0-50-powerpc64le; do
	out=$WORK/b.$R
	if [ ! -d "$DEB/$R/usr/lib/debug" ]; then
		fail "b: $R has no usr/lib/debug"
		continue
	fi
	if ! bpftool btf dump file "$DEB/$R/sys/kernel/btf/vmlinux" >"$out.vmlinux.dump" 2>"$out.err"; then
		fail "b: $R: bpftool cannot read the vmlinux BTF: $(head -c 300 "$out.err")"
		continue
	fi
	btf_names "$out.vmlinux.dump" >"$out.vmlinux.names"
	rm -f "$out.vmlinux.dump"
	mods=0 bad=0 total=0 own=0 members=0
	while IFS= read -r dbg; do
		rel=${dbg#"$DEB/$R/usr/lib/debug/"}
		mod=$DEB/$R/$rel
		m=$(basename "$dbg")
		o=$out.$m
		label="b: $R $m"
		if [ ! -f "$mod" ]; then
			fail "$label: no module $mod for the debug file"
			bad=$((bad + 1))
			continue
		fi
		# pahole prints each distinct layout of a name once; keep the first.
		if ! pahole -F dwarf "$dbg" >"$o.praw" 2>"$o.perr" || [ ! -s "$o.praw" ]; then
			fail "$label: pahole failed: $(head -c 300 "$o.perr")"
			bad=$((bad + 1))
			continue
		fi
		python3 "$DW/pahole-first.py" "$o.names" <"$o.praw" >"$o.pahole.txt" 2>"$o.multi"
		# Union sizes (pahole prints none) from pahole --sizes, the first per name.
		pahole -F dwarf --sizes "$dbg" >"$o.sizes" 2>/dev/null
		awk 'NR == FNR { kind[$2] = $1; next } ($1 in kind) && !seen[$1]++ { print kind[$1], $1, $2 }' \
			"$o.names" "$o.sizes" >"$o.usizes"
		python3 "$HELP/normalise.py" pahole "$o.usizes" <"$o.pahole.txt" | LC_ALL=C sort >"$o.plines"
		n=$(wc -l <"$o.names")
		if [ "$(grep -c '^[a-z]* [^ ]* =size ' "$o.plines")" -ne "$n" ]; then
			fail "$label: pahole printed $n types but normalise.py sized $(grep -c '^[a-z]* [^ ]* =size ' "$o.plines")"
		fi
		ok=1
		# All names, every one from DWARF.
		if kabiscan_vs_pahole "$label (all names, --base empty BTF)" "$o.names" "$o.plines" "$o.all" \
			"$mod" --base "$EMPTY"; then
			all_members=$MEMBERS
		else
			ok=0
		fi
		# The module's own names, as a user runs it.
		not_in "$out.vmlinux.names" "$o.names" >"$o.own"
		if [ -s "$o.own" ] && ! kabiscan_vs_pahole "$label (names not in vmlinux, module path)" \
			"$o.own" "$o.plines" "$o.own" "$mod"; then
			ok=0
		fi
		# Names with several layouts: kabiscan's comment says how many.
		while IFS= read -r line; do
			name=${line%%:*}
			count=${line##*: }
			count=${count%% *}
			kind=$(awk -v n="$name" '$2 == n { print $1 }' "$o.names")
			echo "# $label: $kind $name has $count distinct layouts in pahole's output; the largest is compared"
			c=$("$KABISCAN" show "$mod" --base "$EMPTY" -t "$kind $name" 2>&1 | head -1)
			if ! echo "$c" | grep -Eq "^/\* [a-z_0-9]+, DWARF, $count layouts in [0-9]+ CUs \*/\$"; then
				fail "$label: $kind $name: comment '$c' does not say $count layouts"
				ok=0
			fi
		done <"$o.multi"
		if [ $ok -eq 1 ]; then
			pass "$label: $n types ($(grep -c '^union' "$o.names") unions; $(wc -l <"$o.own") not in vmlinux), $all_members members agree with pahole"
			mods=$((mods + 1))
			total=$((total + n))
			own=$((own + $(wc -l <"$o.own")))
			members=$((members + all_members))
		else
			bad=$((bad + 1))
		fi
	done < <(find "$DEB/$R/usr/lib/debug" -path '*/kernel/drivers/vfio/*' -name '*.ko' | LC_ALL=C sort)
	echo "# b: $R: $mods modules agree ($total types, $own not in vmlinux, $members members), $bad disagree"
	[ $((mods + bad)) -gt 0 ] || fail "b: $R: no vfio debug module found"
done

# --- c. report across DWARF and BTF kernels ------------------------------------
REL_C="5.10.0-32-amd64 6.1.0-50-amd64 6.12.117+deb13-amd64 7.2.13+deb14-amd64"
roots=()
for r in $REL_C; do roots+=("$DEB/$r"); done
golden dwarf-report-vfio_pci_regops.txt "$KABISCAN" report "${roots[@]}" -t vfio_pci_regops
rep=$WORK/dwarf-report-vfio_pci_regops.txt.out
RW510='size_t (*rw)(struct vfio_pci_device *, char *, size_t, loff_t *, bool);'
if [ "$(grep -cFx "$RW510" "$rep")" -eq 1 ] &&
	grep -A1 -Fx '5.10: ✅struct vfio_pci_regops { /* vfio_pci, DWARF */' "$rep" | grep -qFx "$RW510"; then
	pass "c: 5.10 (DWARF) has $RW510"
else
	fail "c: 5.10 does not show '$RW510' (read from DWARF)"
fi
# The 5.10 -> 6.1 block: its first line and the lines up to the next "X and Y"
# line, each "old ➡️ new".
sed -n '/^5\.10 and 6\.1 ⚠️/,$p' "$rep" | sed 's/^5\.10 and 6\.1 ⚠️//' |
	awk 'NR > 1 && / and .* (✅|⚠️)/ { exit } { print }' >"$WORK/c.block"
if [ "$(wc -l <"$WORK/c.block")" -eq 4 ] && [ "$(grep -c ' ➡️ ' "$WORK/c.block")" -eq 4 ]; then
	pass "c: '5.10 and 6.1 ⚠️' block has four 'old ➡️ new' lines"
else
	fail "c: '5.10 and 6.1 ⚠️' block is not four 'old ➡️ new' lines: $(tr '\n' '|' <"$WORK/c.block")"
fi
REF=$CORPUS/../reference/vfio_pci_regops-ubuntu.txt
if [ -f "$REF" ]; then
	sed -n '/^5\.13 and 5\.15 ⚠️/,$p' "$REF" | sed 's/^5\.13 and 5\.15 ⚠️//' |
		awk 'NR > 1 && / and .* (✅|⚠️)/ { exit } { print }' >"$WORK/c.ref"
	if cmp -s "$WORK/c.ref" "$WORK/c.block"; then
		pass "c: the block equals the reference's 5.13 and 5.15 block"
	else
		fail "c: the block differs from the reference's 5.13 and 5.15 block:"
		diff "$WORK/c.ref" "$WORK/c.block"
	fi
fi

# --- d. synthetic fixtures: DWARF 4 and 5 ---------------------------------------
# Types whose BTF from pahole 1.24 -J loses what the DWARF says, so that
# kabiscan reading the BTF cannot print what it prints reading the DWARF;
# their DWARF reading is checked against golden/dwarf-fixture-multidim.txt,
# written by hand from fixture.c:
#   struct kf_multi      pahole -J flattens multi-dimensional arrays to one
#                        dimension: int m2[3][4] becomes int m2[12]
#   struct kf_fn_matrix  likewise, int (*matrix[2][3])(void) becomes [6]
# (Unnamed bitfields, which pahole -J drops, need no exception: kabiscan
# drops them from DWARF too, as pahole -J does, and both give the same
# offsets to the named ones.)
BTF_LOSSY='struct kf_multi,struct kf_fn_matrix'
# The structs and unions fixture.c defines only inside kf_local_fn.
LOCAL_SU='kf_local,kf_local_u,kf_local_deep'
out=$WORK/d
prev=
for v in 4 5; do
	o=$out.dwarf$v
	label="d: DWARF $v"
	if ! gcc -g -gdwarf-$v -c "$DW/fixture.c" -o "$o.1.o" 2>"$o.err" ||
		! gcc -g -gdwarf-$v -c "$DW/fixture2.c" -o "$o.2.o" 2>>"$o.err" ||
		! ld -r "$o.1.o" "$o.2.o" -o "$o.o" 2>>"$o.err"; then
		fail "$label: cannot build the fixture: $(head -c 300 "$o.err")"
		continue
	fi
	cp "$o.o" "$o.btf.o"
	if ! pahole -J "$o.btf.o" >"$o.err" 2>&1; then
		fail "$label: pahole -J failed: $(head -c 300 "$o.err")"
		continue
	fi
	if ! bpftool btf dump file "$o.btf.o" >"$o.dump" 2>"$o.err"; then
		fail "$label: no BTF in the pahole -J copy: $(head -c 300 "$o.err")"
		continue
	fi
	if readelf -S "$o.o" | grep -q ' \.BTF '; then
		fail "$label: the DWARF object has a .BTF section"
		continue
	fi
	# Every kf_ type the BTF has: structs, unions, enums, typedefs, functions.
	sed -n "s/^\[[0-9]*\] \(STRUCT\|UNION\|ENUM\|ENUM64\|TYPEDEF\|FUNC\) '\(kf_[^']*\)'.*/\1 \2/p" "$o.dump" |
		sed 's/^STRUCT/struct/; s/^UNION/union/; s/^ENUM64/enum/; s/^ENUM/enum/; s/^TYPEDEF/typedef/; s/^FUNC/func/' |
		awk '!seen[$0]++' >"$o.names"
	n=$(wc -l <"$o.names")
	if [ "$n" -lt 20 ]; then
		fail "$label: only $n kf_ types in the BTF: $(paste -sd, "$o.names")"
		continue
	fi
	tr ',' '\n' <<<"$BTF_LOSSY" >"$o.lossy"
	grep -vxFf "$o.lossy" "$o.names" >"$o.same"
	for x in dwarf btf; do
		f=$o.o
		[ $x = btf ] && f=$o.btf.o
		"$KABISCAN" show "$f" -t "$(paste -sd, "$o.same")" >"$o.$x" 2>"$o.$x.err" ||
			fail "$label: show ($x) exit non-zero: $(head -c 300 "$o.$x.err")"
		"$KABISCAN" report "$f" -t "$(paste -sd, "$o.names")" --format json >"$o.$x.json" 2>"$o.$x.err" ||
			fail "$label: report ($x) exit non-zero: $(head -c 300 "$o.$x.err")"
		"$KABISCAN" show "$f" -t "$BTF_LOSSY" >"$o.$x.lossy" 2>"$o.$x.err" ||
			fail "$label: show ($x) of $BTF_LOSSY exit non-zero: $(head -c 300 "$o.$x.err")"
	done
	# The DWARF side has a source comment before each type; the BTF side
	# only before kf_twice, which has two layouts in its BTF too.
	comments=$(grep -Ec '^/\* [^ ]+, DWARF(, [0-9]+ layouts in [0-9]+ CUs)? \*/$' "$o.dwarf")
	if [ "$comments" -ne "$(wc -l <"$o.same")" ] || [ "$(grep -c '^/\*' "$o.btf")" -ne 1 ] ||
		[ "$(grep -B1 -x 'struct kf_twice {' "$o.btf" | head -1)" != '/* vmlinux, 2 layouts */' ]; then
		fail "$label: $comments DWARF source comments for $(wc -l <"$o.same") types, BTF side: $(grep '^/\*' "$o.btf" | tr '\n' '|')"
	fi
	twice=$(grep -B1 -x 'struct kf_twice {' "$o.dwarf" | head -1)
	if echo "$twice" | grep -Eq '^/\* [^ ]+, DWARF, 2 layouts in 2 CUs \*/$'; then
		pass "$label: struct kf_twice: $twice"
	else
		fail "$label: struct kf_twice (two layouts in two CUs): comment is '$twice', want '2 layouts in 2 CUs'"
	fi
	grep -Ev '^/\* [^ ]+, DWARF(, [0-9]+ layouts in [0-9]+ CUs)? \*/$' "$o.dwarf" >"$o.dwarf.norm"
	grep -Ev '^/\* [^ ]+, [0-9]+ layouts \*/$' "$o.btf" >"$o.btf.norm"
	if diff -u "$o.btf.norm" "$o.dwarf.norm" >"$o.diff"; then
		pass "$label: $(wc -l <"$o.same") fixture types: DWARF text equals BTF (pahole -J) text"
	else
		fail "$label: DWARF text differs from BTF (pahole -J) text (- BTF, + DWARF):"
		head -60 "$o.diff"
	fi
	# The exceptions: the DWARF reading as written by hand; the BTF one must
	# still differ (else the exception is no longer needed).
	golden dwarf-fixture-multidim.txt cat "$o.dwarf.lossy"
	if cmp -s "$o.btf.lossy" <(grep -Ev '^/\* .*DWARF.* \*/$' "$o.dwarf.lossy"); then
		fail "$label: $BTF_LOSSY: BTF now reads as DWARF does; drop them from BTF_LOSSY"
	fi
	# diff from the BTF reading to the DWARF one: the same layout, each
	# flattened array listed as compatible under its own rule.
	"$KABISCAN" diff "$o.btf.o" "$o.o" -t "$BTF_LOSSY" >"$o.flat" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ "$(grep -c '^  compatible  member-type-changed .*\[flattened-array\]$' "$o.flat")" -eq 4 ] &&
		[ "$(grep -c '^  ' "$o.flat")" -eq 4 ]; then
		pass "$label: diff BTF -> DWARF of $BTF_LOSSY: exit 0, 4 arrays flattened-array"
	else
		fail "$label: diff BTF -> DWARF of $BTF_LOSSY: exit $rc, want 0 and 4 flattened-array lines:"
		head -20 "$o.flat"
	fi
	# JSON: sources, and members with offsets and sizes, all types.
	python3 "$DW/cells.py" formats <"$o.dwarf.json" >"$o.dwarf.formats"
	python3 "$DW/cells.py" formats <"$o.btf.json" >"$o.btf.formats"
	if ! all_are "$o.dwarf.formats" DWARF >"$o.bad" || ! all_are "$o.btf.formats" BTF >>"$o.bad" ||
		[ "$(wc -l <"$o.dwarf.formats")" -ne "$n" ]; then
		fail "$label: JSON sources wrong: $(tr '\n' '|' <"$o.bad")"
	fi
	python3 "$HELP/normalise.py" kabiscan <"$o.dwarf.json" | LC_ALL=C sort >"$o.dwarf.members"
	python3 "$HELP/normalise.py" kabiscan <"$o.btf.json" | LC_ALL=C sort >"$o.btf.members"
	if diff -u "$o.btf.members" "$o.dwarf.members" >"$o.mdiff"; then
		pass "$label: $n fixture types: JSON members (offsets, sizes, bitfields) from DWARF equal BTF's"
	else
		fail "$label: JSON members from DWARF differ from BTF's (- BTF, + DWARF):"
		grep '^[-+][^-+]' "$o.mdiff" | head -20
	fi
	# Against pahole -F dwarf: structs and unions. pahole prints the types
	# defined inside functions only when asked for them by name (-C), and
	# gives no size for them with --sizes: the union's size is the BTF's.
	{ pahole -F dwarf "$o.o"; pahole -F dwarf -C "$LOCAL_SU" "$o.o"; } |
		python3 "$DW/pahole-first.py" "$o.pnames" >"$o.pahole.txt" 2>"$o.multi"
	{ pahole -F dwarf --sizes "$o.o"
	  sed -n "s/^\[[0-9]*\] UNION '\(kf_local[^']*\)' size=\([0-9]*\) .*/\1 \2/p" "$o.dump"; } |
		awk 'NR == FNR { kind[$2] = $1; next }
		($1 in kind) && !seen[$1]++ { print kind[$1], $1, $2 }' "$o.pnames" - >"$o.usizes"
	python3 "$HELP/normalise.py" pahole "$o.usizes" <"$o.pahole.txt" | LC_ALL=C sort >"$o.plines"
	grep -E '^(struct|union) ' "$o.dwarf.members" >"$o.ksu"
	if [ "$(wc -l <"$o.pnames")" -lt 15 ]; then
		fail "$label: pahole -F dwarf printed only $(wc -l <"$o.pnames") structs/unions"
	elif diff -u "$o.plines" "$o.ksu" >"$o.pdiff"; then
		pass "$label: $(wc -l <"$o.pnames") structs/unions, $(grep -vc ' =size ' "$o.plines") members agree with pahole -F dwarf"
	else
		fail "$label: kabiscan (DWARF) and pahole -F dwarf disagree (- pahole, + kabiscan):"
		grep '^[-+][^-+]' "$o.pdiff" | head -20
	fi
	# Enum values: those of fixture.c, from DWARF and from BTF.
	for x in dwarf btf; do
		echo "# $label: enum values read from $x:"
		golden dwarf-fixture-enums.txt python3 "$DW/cells.py" enums <"$o.$x.json"
	done
	# DWARF 4 and DWARF 5 read the same.
	if [ -n "$prev" ]; then
		if cmp -s "$prev.dwarf" "$o.dwarf" && cmp -s "$prev.dwarf.members" "$o.dwarf.members"; then
			pass "d: DWARF 4 and DWARF 5 objects read the same"
		else
			fail "d: DWARF 4 and DWARF 5 objects read differently:"
			diff -u "$prev.dwarf" "$o.dwarf" | head -20
		fi
	fi
	prev=$o
done

# --- e. compressed debug sections ---------------------------------------------
# The DWARF 5 fixture of d, and 6.1.0-50-amd64's vfio-pci-core.ko debug file
# (in a root of links beside the real one), with their debug sections
# compressed by objcopy: SHF_COMPRESSED zlib (zlib-gabi, as distributions
# ship debug files) and zstd, and the legacy .zdebug_* (zlib-gnu). Each must
# read exactly as the uncompressed file.
methods="zlib-gabi zlib-gnu"
if objcopy --help | grep -q zstd; then
	methods="$methods zstd"
else
	skip_case "e: zstd" "this objcopy cannot compress with zstd"
fi
R=6.1.0-50-amd64
MODP=kernel/drivers/vfio/pci/vfio-pci-core.ko
ER=$WORK/e.root
mkdir -p "$ER/boot" "$ER/lib/modules/$R/kernel/drivers/vfio/pci" \
	"$ER/usr/lib/debug/lib/modules/$R/kernel/drivers/vfio/pci"
ln -s "$DEB/$R/boot/vmlinuz-$R" "$ER/boot/vmlinuz-$R"
ln -s "$DEB/$R/lib/modules/$R/$MODP" "$ER/lib/modules/$R/$MODP"
core_names=$WORK/a.vfio-pci-core.names
if [ ! -s "$core_names" ] || [ ! -f "$WORK/d.dwarf5.o" ]; then
	fail "e: parts a and d left no vfio-pci-core names or no DWARF 5 fixture"
else
	"$KABISCAN" show "$WORK/d.dwarf5.o" -t "$(paste -sd, "$WORK/d.dwarf5.names")" \
		>"$WORK/e.fixture.plain" 2>&1
	# The plain reading from the same root of one module, so that types
	# are credited alike (a full root credits shared types to vfio).
	ln -s "$DEB/$R/usr/lib/debug/lib/modules/$R/$MODP" \
		"$ER/usr/lib/debug/lib/modules/$R/$MODP"
	"$KABISCAN" show "$ER" --prefer dwarf -t "$(paste -sd, "$core_names")" \
		>"$WORK/e.core.plain" 2>&1
	for m in $methods; do
		o=$WORK/e.$m
		dbg=$ER/usr/lib/debug/lib/modules/$R/$MODP
		rm -f "$dbg"
		if ! objcopy --compress-debug-sections="$m" "$WORK/d.dwarf5.o" "$o.o" 2>"$o.err" ||
			! objcopy --compress-debug-sections="$m" "$DEB/$R/usr/lib/debug/lib/modules/$R/$MODP" \
				"$dbg" 2>>"$o.err"; then
			fail "e: objcopy --compress-debug-sections=$m failed: $(head -c 300 "$o.err")"
			continue
		fi
		if ! readelf -S -W "$dbg" | grep -Eq '\.zdebug_info|\.debug_info .* [A-Z]*C[A-Z]* '; then
			fail "e: $m: the copy's .debug_info is not compressed"
		fi
		"$KABISCAN" show "$o.o" -t "$(paste -sd, "$WORK/d.dwarf5.names")" >"$o.fixture" 2>&1
		"$KABISCAN" show "$ER" --prefer dwarf -t "$(paste -sd, "$core_names")" >"$o.core" 2>&1
		if cmp -s "$WORK/e.fixture.plain" "$o.fixture" && cmp -s "$WORK/e.core.plain" "$o.core"; then
			pass "e: $m: the fixture ($(wc -l <"$o.fixture") lines) and vfio-pci-core.ko ($(wc -l <"$o.core") lines) read as uncompressed"
		else
			fail "e: $m: compressed debug sections read differently (- plain, + compressed):"
			diff -u "$WORK/e.fixture.plain" "$o.fixture" | head -10
			diff -u "$WORK/e.core.plain" "$o.core" | head -10
		fi
	done
fi

echo "# $TEST_NAME: $((SECONDS - start))s"
finish

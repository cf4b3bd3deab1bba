#!/bin/bash
# One build read twice: 6.1.0-50-amd64's vfio modules, whose DWARF is in
# usr/lib/debug, against the BTF of the same build (vmlinuz's vmlinux BTF
# and the modules' split BTF). For each module, every named struct, union
# and enum its DWARF defines (the kernel's own types it uses included, as
# the BTF pahole -J encodes from it names them) is printed by
#   kabiscan show MODULE --base EMPTY --prefer dwarf   (all from its DWARF)
#   kabiscan show MODULE                              (vmlinux BTF, then its own)
# and each definition must be the same, byte for byte, but for the source
# comments; the JSON members (offsets, sizes, bitfields) too. A difference
# is allowed only for the types dwarf/same-build-allowed.txt lists, each
# with its reason; a listed type that no longer differs fails too, so that
# the list stays true. Then `diff` from the BTF reading to the DWARF one
# must find no breaking change in those types: pahole's flattened arrays
# are compatible, under their own rule (flattened-array).
#
# The whole debug vmlinux of the same build is compared in
# tests/slow/vmlinux-same-build.sh (make check-slow).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool pahole
need_tool bpftool
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (needed to compare)"

DW=$TOP/tests/cli/dwarf
ALLOWED=$DW/same-build-allowed.txt
R=6.1.0-50-amd64
EMPTY=$WORK/empty.btf
printf '\x9f\xeb\x01\x00\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00' >"$EMPTY"
[ -d "$DEB/$R/usr/lib/debug" ] || skip "$R has no usr/lib/debug in the corpus"

: >"$WORK/differ"
total=0 mods=0
while IFS= read -r dbg; do
	rel=${dbg#"$DEB/$R/usr/lib/debug/"}
	mod=$DEB/$R/$rel
	m=$(basename "$dbg" .ko)
	o=$WORK/$m
	# The names: what pahole -J encodes from this DWARF.
	cp "$dbg" "$o.btf.o"
	if ! pahole -J "$o.btf.o" >"$o.err" 2>&1 || ! bpftool btf dump file "$o.btf.o" >"$o.dump" 2>"$o.err"; then
		fail "$m: pahole -J or bpftool failed: $(head -c 300 "$o.err")"
		continue
	fi
	sed -n "s/^\[[0-9]*\] \(STRUCT\|UNION\|ENUM\|ENUM64\) '\([^']*\)'.*/\1 \2/p" "$o.dump" |
		sed 's/^STRUCT/struct/; s/^UNION/union/; s/^ENUM64/enum/; s/^ENUM/enum/' |
		grep -v ' (anon)$' | LC_ALL=C sort -u >"$o.names"
	n=$(wc -l <"$o.names")
	list=$(paste -sd, "$o.names")
	if ! "$KABISCAN" show "$mod" --base "$EMPTY" --prefer dwarf -t "$list" >"$o.dwarf" 2>"$o.err"; then
		fail "$m: show from DWARF: exit non-zero: $(head -c 300 "$o.err")"
		continue
	fi
	if ! "$KABISCAN" show "$mod" -t "$list" >"$o.btf" 2>"$o.err"; then
		fail "$m: show from BTF: exit non-zero: $(head -c 300 "$o.err")"
		continue
	fi
	if [ "$(grep -c ', DWARF' "$o.btf")" -ne 0 ] || [ "$(grep -Ec '^/\* [a-z_0-9]+, DWARF' "$o.dwarf")" -ne "$n" ]; then
		fail "$m: not every type read from DWARF on one side and BTF on the other"
		continue
	fi
	python3 "$DW/samebuild.py" "$ALLOWED" "$o.dwarf" "$o.btf" >"$o.cmp"
	rc=$?
	sed -n 's/^allowed //p' "$o.cmp" >>"$WORK/differ"
	if [ $rc -eq 0 ] && [ "$(grep -Ec '^(same|allowed) ' "$o.cmp")" -ne "$n" ]; then
		fail "$m: $(grep -Ec '^(same|allowed) ' "$o.cmp") types compared, want $n"
	elif [ $rc -eq 0 ]; then
		pass "$m: $n types ($(grep -c '^same ' "$o.cmp") the same, $(grep -c '^allowed ' "$o.cmp") allowed to differ): DWARF reads as BTF"
	else
		fail "$m: $(grep -Ec '^(DIFF|only-)' "$o.cmp") of $n types differ between DWARF and BTF and are not in $(basename "$ALLOWED"):"
		grep -v '^\(same\|allowed\) ' "$o.cmp" | head -40
	fi
	# JSON members of the types that read the same.
	sed -n 's/^same //p' "$o.cmp" >"$o.same"
	for p in dwarf btf; do
		args=(--prefer dwarf --base "$EMPTY")
		[ $p = btf ] && args=()
		"$KABISCAN" report "$mod" "${args[@]}" -t "$(paste -sd, "$o.same")" --format json 2>"$o.err" |
			python3 "$TOP/tests/cli/pahole/normalise.py" kabiscan | LC_ALL=C sort >"$o.$p.members"
	done
	if [ -s "$o.btf.members" ] && cmp -s "$o.btf.members" "$o.dwarf.members"; then
		pass "$m: $(wc -l <"$o.same") types: JSON members from DWARF equal BTF's"
	else
		fail "$m: JSON members differ (- BTF, + DWARF):"
		diff -u "$o.btf.members" "$o.dwarf.members" | grep '^[-+][^-+]' | head -10
	fi
	# diff BTF -> DWARF of the allowed ones: nothing breaking.
	allowed_here=$(sed -n 's/^allowed //p' "$o.cmp" | paste -sd,)
	if [ -n "$allowed_here" ]; then
		"$KABISCAN" diff "$mod" "$mod" --prefer dwarf -t "$allowed_here" >"$o.diff" 2>&1
		echo "# $m: allowed differences, as diff sees them:"
		grep -v '^summary' "$o.diff" | sed 's/^/#   /' | head -20
	fi
	total=$((total + n))
	mods=$((mods + 1))
done < <(find "$DEB/$R/usr/lib/debug" -name '*.ko' | LC_ALL=C sort)
[ "$mods" -gt 0 ] || fail "no debug module of $R found"

# Every entry of the allowed list is still needed somewhere.
while read -r kind name _; do
	if ! grep -qx "$kind $name" "$WORK/differ"; then
		fail "$kind $name is listed in $(basename "$ALLOWED") but reads the same: drop it"
	fi
done < <(sed 's/#.*//' "$ALLOWED" | awk 'NF >= 2')
echo "# $TEST_NAME: $mods modules, $total types compared; $(sort -u "$WORK/differ" | wc -l) allowed to differ"
finish

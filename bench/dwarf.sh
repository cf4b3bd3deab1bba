#!/usr/bin/env bash
# bench/dwarf.sh: kabiscan's DWARF reader against `pahole -F dwarf -C` on the
# Debian 6.1 debug vmlinux (linux-image-6.1.0-50-amd64-dbg, 631 MB ELF with
# 174 MB of .debug_info). Only that one file is extracted from the 855 MB .deb.
#
# kabiscan is timed three ways, all reading DWARF:
#   cold root: a root holding only usr/lib/debug/boot/vmlinux-R (a hard link)
#         and an empty lib/modules/R, with --prefer dwarf (the -dbg vmlinux
#         also has a .BTF section, which kabiscan would otherwise read) and
#         --no-cache, so that every run reads the DWARF
#   cold file: the vmlinux given directly, --prefer dwarf --no-cache (should
#         a lone file's .BTF be read instead, a copy whose .BTF section is
#         renamed is timed; the script checks this on every run)
#   warm root: as cold root, but with kabiscan's DWARF lookup cache (a private
#         XDG_CACHE_HOME, filled by one untimed run): what a second run costs
# Cases with names present (the targets): (a) 1 type in vmlinux, (a2) 1 type
# that only a late CU defines, (c) 16 types in vmlinux, (d) 1 type defined
# only inside a function body (read by a second pass). Cases with names in
# no CU, timed apart: (b) 1 type, (e) 4 types. kabiscan's byte prefilter
# answers those without reading the DWARF, which is fair to show but not
# the headline.
# pahole: `pahole -F dwarf --skip_missing -C T1,...,Tn VMLINUX`, once per case.
# kabiscan: `kabiscan report KERNEL -t T1,...,Tn --format json`. A name found in
# no kernel makes kabiscan exit 1 ("unknown type ... (1 absent, 0 without type
# data)"), so cases (b) and (e) end that way: that is counted as the answer.
#
# Environment:
#   KABISCAN            kabiscan binary (default: REPO/kabiscan)
#   KABISCAN_BENCH_DIR  cache (default /var/tmp/kabiscan-bench); the vmlinux is
#                       kept in DIR/dwarf/ and reused when present
#   BENCH_RUNS          timed runs per measurement, median reported (default 3)
#   BENCH_WARMUP        0 skips the untimed warm-up run of each measurement
#   BENCH_KEEP_DEB      1 keeps the .deb after extraction (default: deleted)
#   BENCH_DWARF_TYPE    case (a) (default task_struct)
#   BENCH_DWARF_LATE    case (a2) (default intel_iommu; "" skips it)
#   BENCH_DWARF_TYPES   case (c), comma separated
#   BENCH_DWARF_LOCAL   case (d) (default __arch_relative_insn; "" skips it)
#   BENCH_DWARF_ABSENT  case (b) (default vfio_pci_core_device, module-only)
#   BENCH_DWARF_ABSENTS case (e), comma separated
# Targets (PASS/MISS, never fatal): kabiscan cold >= 3x faster than pahole
# (median wall) in every case with names present, and kabiscan's peak RSS
# under 1 GiB.
# No network (apt-get download fails): prints the reason and exits 0.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
BENCH_DIR=${KABISCAN_BENCH_DIR:-/var/tmp/kabiscan-bench}
RUNS=${BENCH_RUNS:-3}
REL=6.1.0-50-amd64
PKG=linux-image-$REL-dbg
MEMBER=usr/lib/debug/boot/vmlinux-$REL
TYPE_A=${BENCH_DWARF_TYPE:-task_struct}
TYPE_A2=${BENCH_DWARF_LATE-intel_iommu}
TYPE_B=${BENCH_DWARF_ABSENT:-vfio_pci_core_device}
TYPES_C=${BENCH_DWARF_TYPES:-task_struct,mm_struct,file_operations,inode,sk_buff,pci_dev,net_device,super_block,dentry,page,bio,request_queue,device,module,cred,vm_area_struct}
TYPE_D=${BENCH_DWARF_LOCAL-__arch_relative_insn}
TYPES_E=${BENCH_DWARF_ABSENTS:-vfio_pci_core_device,nvme_ctrl,e1000_adapter,btrfs_fs_info}
TARGET_RATIO=3
TARGET_RSS_KB=1048576

[[ $KABISCAN == */* ]] || KABISCAN=$(command -v "$KABISCAN" || echo "$KABISCAN")
if [[ ! -x $KABISCAN ]]; then
	echo "dwarf.sh: no kabiscan at '$KABISCAN' (run \`make -s\` in $repo, or set KABISCAN)" >&2
	exit 1
fi
for tool in apt-get dpkg-deb tar readelf; do
	if ! command -v "$tool" >/dev/null; then
		echo "dwarf.sh: SKIP: '$tool' not available"
		exit 0
	fi
done
command -v pahole >/dev/null || {
	echo "dwarf.sh: pahole (dwarves) is needed" >&2
	exit 1
}

# -- fetch, extract the one member (cached) -----------------------------------
dir=$BENCH_DIR/dwarf
vm=$dir/$MEMBER
mkdir -p "$BENCH_DIR"
if [[ ! -f $vm || ! -f $BENCH_DIR/dwarf.extracted ]]; then
	deb=$(find "$BENCH_DIR" -maxdepth 1 -name "${PKG}_*.deb" | LC_ALL=C sort | tail -n1)
	if [[ -z $deb ]]; then
		echo "fetching $PKG (855 MB) into $BENCH_DIR ..."
		rm -rf "$BENCH_DIR/dl.tmp"
		mkdir -p "$BENCH_DIR/dl.tmp"
		if ! (cd "$BENCH_DIR/dl.tmp" && apt-get -q -o APT::Sandbox::User=root download "$PKG") >"$BENCH_DIR/apt-dbg.log" 2>&1; then
			echo "dwarf.sh: SKIP: \`apt-get download $PKG\` failed (no network, or the package is not in the apt sources):"
			sed 's/^/  /' "$BENCH_DIR/apt-dbg.log" | tail -n 5
			rm -rf "$BENCH_DIR/dl.tmp"
			exit 0
		fi
		mv "$BENCH_DIR/dl.tmp/${PKG}_"*.deb "$BENCH_DIR/"
		rm -rf "$BENCH_DIR/dl.tmp"
		deb=$(find "$BENCH_DIR" -maxdepth 1 -name "${PKG}_*.deb" | LC_ALL=C sort | tail -n1)
		[[ -n $deb ]] || {
			echo "dwarf.sh: SKIP: apt-get download left no .deb in $BENCH_DIR"
			exit 0
		}
	fi
	echo "extracting ./$MEMBER from ${deb##*/} (about 30 s) ..."
	rm -rf "$dir" "$dir.tmp" "$BENCH_DIR/dwarf.extracted"
	mkdir -p "$dir.tmp"
	if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" "./$MEMBER" 2>"$BENCH_DIR/tar-dbg.log" ||
		[[ ! -f $dir.tmp/$MEMBER ]]; then
		echo "dwarf.sh: SKIP: ./$MEMBER not extracted from ${deb##*/}:"
		sed 's/^/  /' "$BENCH_DIR/tar-dbg.log" | tail -n 5
		echo "  vmlinux members of the package:"
		dpkg-deb -c "$deb" | grep vmlinux | sed 's/^/  /' || true
		rm -rf "$dir.tmp"
		exit 0
	fi
	mv "$dir.tmp" "$dir"
	echo "${deb##*/}" >"$BENCH_DIR/dwarf.extracted"
	if [[ ${BENCH_KEEP_DEB:-0} != 1 ]]; then
		rm -f "$deb"
	fi
fi

# the root: only the debug vmlinux, and an empty module directory
dbgroot=$dir/dbgroot
mkdir -p "$dbgroot/usr/lib/debug/boot" "$dbgroot/lib/modules/$REL"
if [[ ! $dbgroot/$MEMBER -ef $vm ]]; then
	rm -f "$dbgroot/$MEMBER"
	ln "$vm" "$dbgroot/$MEMBER" 2>/dev/null || ln -s "$vm" "$dbgroot/$MEMBER"
fi

bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-dwarf.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT

# the source kabiscan read, from a JSON report on stdin: BTF, DWARF or none
json_format() {
	awk 'match($0, /"format": *"[A-Z]+"/) { s = substr($0, RSTART, RLENGTH); gsub(/.*: *"|"/, "", s); print s; f = 1; exit }
		END { if (!f) print "none" }'
}

has_btf=no
# (grep without -q: an early exit would fail the pipeline on SIGPIPE under pipefail)
if readelf -S -W "$vm" | grep -E '\] \.BTF +PROGBITS' >/dev/null; then
	has_btf=yes
fi
prefer=()
[[ $has_btf == no ]] || prefer=(--prefer dwarf)

echo "== DWARF: kabiscan vs pahole -F dwarf -C on $(cat "$BENCH_DIR/dwarf.extracted")"
di=$(readelf -S -W "$vm" | awk '{ for (i = 1; i < NF; i++) if ($i == ".debug_info") print $(i + 4) }')
echo "   $vm ($(($(stat -c %s "$vm") / 1048576)) MB, .debug_info $((16#${di:-0} / 1048576)) MB)"
bench_env
echo "runs: $RUNS per measurement (median; after $([[ ${BENCH_WARMUP:-1} != 0 ]] && echo one || echo no) untimed warm-up); kabiscan's stderr is a file (no progress)"
if [[ $has_btf == yes ]]; then
	echo "note: this -dbg vmlinux also has a .BTF section; kabiscan gets --prefer dwarf so it reads DWARF"
fi

# the file mode: does kabiscan read DWARF from the vmlinux given directly?
file=$vm
fmt=$("$KABISCAN" report "$vm" "${prefer[@]}" -t "$TYPE_A" --format json --no-cache 2>/dev/null </dev/null | json_format || true)
if [[ $fmt != DWARF ]]; then
	echo "note: \`kabiscan report VMLINUX ${prefer[*]} -t $TYPE_A\` reads $fmt, not DWARF, from the file itself;"
	nobtf=$dir/nobtf/vmlinux-$REL
	if [[ ! -f $nobtf || $nobtf -ot $vm ]]; then
		if command -v objcopy >/dev/null; then
			mkdir -p "$dir/nobtf"
			objcopy --rename-section .BTF=.BTF_hidden "$vm" "$nobtf.tmp" && mv "$nobtf.tmp" "$nobtf"
		fi
	fi
	if [[ -f $nobtf ]]; then
		file=$nobtf
		fmt=$("$KABISCAN" report "$file" -t "$TYPE_A" --format json --no-cache 2>/dev/null </dev/null | json_format || true)
		echo "      the file mode times $file instead (.BTF renamed to .BTF_hidden; kabiscan reads $fmt)"
	else
		file=""
		echo "      objcopy is missing, so the file mode is skipped"
	fi
fi
[[ $fmt == DWARF ]] || file=""
echo

# Modes: kabiscan cold (--no-cache: every run reads the DWARF) on the root and
# on the file; kabiscan warm (its DWARF lookup cache, in a private
# XDG_CACHE_HOME filled by one run beforehand) on the root.
warm_cache=$bench_tmp/xdg-cache
modes=(root)
mode_label=("cold: kabiscan ROOT ${prefer[*]} --no-cache")
mode_args=("$dbgroot ${prefer[*]} --no-cache")
mode_env=("")
if [[ -n $file ]]; then
	modes+=(file)
	if [[ $file == "$vm" ]]; then
		mode_label+=("cold: kabiscan VMLINUX ${prefer[*]} --no-cache")
		mode_args+=("$file ${prefer[*]} --no-cache")
	else
		mode_label+=("cold: kabiscan VMLINUX-without-.BTF --no-cache")
		mode_args+=("$file --no-cache")
	fi
	mode_env+=("")
fi
modes+=(warm)
mode_label+=("warm: kabiscan ROOT ${prefer[*]} (cache)")
mode_args+=("$dbgroot ${prefer[*]}")
mode_env+=("XDG_CACHE_HOME=$warm_cache")

# Cases: present names first (the headline), then names in no CU (answered
# by the byte prefilter without reading the DWARF: fast, but not the point).
IFS=, read -r -a tl_c <<<"$TYPES_C"
IFS=, read -r -a tl_e <<<"$TYPES_E"
case_ids=(a)
case_types=("$TYPE_A")
case_desc=("1 type in vmlinux")
case_present=(1)
if [[ -n $TYPE_A2 ]]; then
	case_ids+=(a2)
	case_types+=("$TYPE_A2")
	case_desc+=("1 type in vmlinux, late CU")
	case_present+=(1)
fi
case_ids+=(c)
case_types+=("$TYPES_C")
case_desc+=("${#tl_c[@]} types in vmlinux")
case_present+=(1)
if [[ -n $TYPE_D ]]; then
	case_ids+=(d)
	case_types+=("$TYPE_D")
	case_desc+=("1 type defined inside a function body")
	case_present+=(1)
fi
case_ids+=(b e)
case_types+=("$TYPE_B" "$TYPES_E")
case_desc+=("1 type in no CU" "${#tl_e[@]} types in no CU")
case_present+=(0 0)

# kabiscan's exit: 0, or 1 with only "unknown type ...: not found in 1 kernel (1 absent, 0 without
# type data)" lines (every other name answered, these absent everywhere) counts as an answer
kab_ok() {
	local label=$1 rc
	rc=$(bench_stat "$label" 4 max)
	[[ $rc == 0 ]] && return 0
	[[ $rc == 1 && -s $bench_tmp/$label.err ]] &&
		! grep -vqE "^kabiscan: unknown type '[^']+': not found in 1 kernel \(1 absent, 0 without type data\)$" "$bench_tmp/$label.err"
}

headline=()
others=()
rss_max=0
fail=0
ci=0
for c in "${case_ids[@]}"; do
	types=${case_types[ci]}
	desc=${case_desc[ci]}
	present=${case_present[ci]}
	ci=$((ci + 1))
	echo "($c) $desc: $types"
	for ((m = 0; m < ${#modes[@]}; m++)); do
		envs=()
		[[ -z ${mode_env[m]} ]] || envs=(env "${mode_env[m]}")
		# the warm mode's cache entry, made once, untimed
		# shellcheck disable=SC2086 # mode_args holds a path and options, no blanks in paths here
		[[ ${modes[m]} != warm ]] ||
			"${envs[@]}" "$KABISCAN" report ${mode_args[m]} -t "$types" --format json >/dev/null 2>&1 </dev/null || true
		# shellcheck disable=SC2086
		bench_measure "k_${modes[m]}_$c" "$RUNS" "${envs[@]}" "$KABISCAN" report ${mode_args[m]} -t "$types" --format json
	done
	bench_measure "p_$c" "$RUNS" pahole -F dwarf --skip_missing -C "$types" "$vm"

	pw=$(bench_stat "p_$c" 1 median)
	printf '  %-44s %9s %9s %9s %9s %7s  %s\n' "" "wall med" "wall max" "user+sys" "peak RSS" "ratio" "exit"
	for ((m = 0; m < ${#modes[@]}; m++)); do
		l=k_${modes[m]}_$c
		kw=$(bench_stat "$l" 1 median)
		rss=$(bench_stat "$l" 3 max)
		((rss > rss_max)) && rss_max=$rss
		if kab_ok "$l"; then
			how="$(bench_stat "$l" 4 max)"
			[[ $how == 0 ]] || how="1 ($(grep -c "unknown type" "$bench_tmp/$l.err") unknown)"
		else
			how="FAILED $(bench_stat "$l" 4 max): $(head -n1 "$bench_tmp/$l.err")"
			fail=$((fail + 1))
		fi
		r=$(bench_ratio "$pw" "$kw")
		printf '  %-44s %9s %9s %9s %9s %6sx  %s\n' "${mode_label[m]}" "$(bench_fmt_ms "$kw")" \
			"$(bench_fmt_ms "$(bench_stat "$l" 1 max)")" "$(bench_fmt_ms "$(bench_stat "$l" 2 median)")" \
			"$(bench_fmt_kb "$rss")" "$r" "$how"
		line=$(printf '%-3s %-5s %9s vs %9s, %sx' "$c" "${modes[m]}" "$(bench_fmt_ms "$kw")" "$(bench_fmt_ms "$pw")" "$r")
		if [[ $present == 1 && ${modes[m]} != warm ]]; then
			if [[ $how == FAILED* ]]; then
				mark=MISS
			else
				mark=$(bench_mark "$r" "x >= $TARGET_RATIO")
			fi
			headline+=("  [$mark] $line")
		else
			others+=("        $line")
		fi
	done
	printf '  %-44s %9s %9s %9s %9s %7s  %s\n' "pahole -F dwarf --skip_missing -C" "$(bench_fmt_ms "$pw")" \
		"$(bench_fmt_ms "$(bench_stat "p_$c" 1 max)")" "$(bench_fmt_ms "$(bench_stat "p_$c" 2 median)")" \
		"$(bench_fmt_kb "$(bench_stat "p_$c" 3 max)")" "" "$(bench_stat "p_$c" 4 max)"
	# pahole's answer: NAME SIZE per struct/union printed; the size is the first
	# one-tab-indented /* size: N after the header line
	awk '/^(struct|union) [A-Za-z_0-9]+ \{/ { n = $2; next }
		n != "" && /^\t\/\* size: [0-9]+/ { s = $0; sub(/^\t\/\* size: /, "", s); sub(/[^0-9].*/, "", s); print n, s; n = "" }' \
		"$bench_tmp/p_$c.out" >"$bench_tmp/p_$c.sizes"
	echo
done

echo "== targets: kabiscan cold (--no-cache) >= ${TARGET_RATIO}x faster than pahole, names present (median wall)"
printf '%s\n' "${headline[@]}"
printf '  [%s] kabiscan peak RSS under 1 GiB (largest of all its runs: %s)\n' \
	"$(bench_mark "$rss_max" "x < $TARGET_RSS_KB")" "$(bench_fmt_kb "$rss_max")"
echo "== not targets: kabiscan warm (its DWARF lookup cache), and names in no CU (the byte prefilter)"
printf '%s\n' "${others[@]}"
((fail == 0)) || echo "  kabiscan failed in $fail measurement(s), see above"

# -- correctness: kabiscan's answer against pahole's ---------------------------
echo
echo "== answers: kabiscan (per mode) against pahole -F dwarf (present, size of the struct)"
if ! command -v jq >/dev/null; then
	echo "(jq not found: answer check skipped)"
	exit 0
fi
# every name asked in any case, with pahole's size (or "absent")
for c in "${case_ids[@]}"; do cat "$bench_tmp/p_$c.sizes"; done | sort -u -k1,1 >"$bench_tmp/p.sizes"
allnames=$(printf '%s\n' "${case_types[@]}" | tr ',' '\n' | awk '!seen[$0]++')
present=$(awk '{ printf "%s%s", sep, $1; sep = "," }' "$bench_tmp/p.sizes")
# kab_mode M ARGS...: kabiscan ARGS in mode M's environment
kab_mode() {
	local m=$1
	shift
	if [[ -n ${mode_env[m]} ]]; then
		env "${mode_env[m]}" "$KABISCAN" "$@"
	else
		"$KABISCAN" "$@"
	fi
}
bad=0
for ((m = 0; m < ${#modes[@]}; m++)); do
	# present names: one report (all must be found)
	# shellcheck disable=SC2086
	kab_mode "$m" report ${mode_args[m]} -t "$present" --format json 2>"$bench_tmp/chk.err" </dev/null |
		jq -r '.cells[] | [.name, .state, (.size // "-" | tostring), (.source.format // "-")] | @tsv' \
			>"$bench_tmp/chk_${modes[m]}.tsv" || true
	[[ ! -s $bench_tmp/chk.err ]] || sed 's/^/  kabiscan: /' "$bench_tmp/chk.err"
done
printf '%-24s %-9s' "type" "pahole"
for ((m = 0; m < ${#modes[@]}; m++)); do printf ' %-22s' "kabiscan ${modes[m]}"; done
echo " same"
while read -r name; do
	psize=$(awk -v t="$name" '$1 == t { print $2 }' "$bench_tmp/p.sizes")
	[[ -n $psize ]] || psize=absent
	printf '%-24s %-9s' "$name" "$psize"
	same=yes
	for ((m = 0; m < ${#modes[@]}; m++)); do
		if [[ $psize != absent ]]; then
			ans=$(awk -F'\t' -v t="$name" '$1 == t && $2 == "present" { print $3 " " $4 }' "$bench_tmp/chk_${modes[m]}.tsv")
			[[ -n $ans ]] || ans="not found"
			[[ ${ans%% *} == "$psize" && $ans == *DWARF ]] || same=NO
		else
			# absent: kabiscan must say so for this name alone (exit 1, unknown type, 1 absent)
			# shellcheck disable=SC2086
			if kab_mode "$m" report ${mode_args[m]} -t "$name" --format json >/dev/null 2>"$bench_tmp/abs.err" </dev/null; then
				ans="present?"
				same=NO
			elif grep -q "unknown type '$name': not found in 1 kernel (1 absent, 0 without type data)" "$bench_tmp/abs.err"; then
				ans="absent"
			else
				ans="error: $(head -n1 "$bench_tmp/abs.err")"
				same=NO
			fi
		fi
		printf ' %-22s' "$ans"
	done
	echo " $same"
	[[ $same == yes ]] || bad=$((bad + 1))
done <<<"$allnames"
if ((bad)); then
	echo "kabiscan and pahole disagree on $bad type(s)"
else
	echo "kabiscan reads every type from DWARF with pahole's size, and finds the absent ones absent"
fi

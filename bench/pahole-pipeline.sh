#!/usr/bin/env bash
# The pahole (dwarves) pipeline a person would script to answer the same question
# as `kabiscan report KERNEL... -t T1,T2,...`: for every kernel folder, get the
# vmlinux BTF out of whatever the folder has, ask pahole for the types there, then
# ask pahole about the types still missing in each module with BTF (split BTF on
# top of the vmlinux BTF), module after module, until all are found.
#
#   bench/pahole-pipeline.sh -t T1,T2,... [-r RESULTS] [-V] [-K DIR] KERNEL_DIR...
#
# -V: vmlinux only, do not look at modules (bench/root.sh times that part alone)
# -K DIR: keep each kernel's vmlinux BTF (raw BTF or vmlinux ELF) as DIR/RELEASE.vmlinux
#
# stdout: the layouts pahole printed (like kabiscan prints its report).
# RESULTS (default: none): one line per kernel and type,
#   release <TAB> type <TAB> present|absent|no-data <TAB> size|- <TAB> object|reason
# where "no-data" means the type was not found and some place it could live had
# no BTF (no vmlinux BTF at all, or modules without a .BTF section), as kabiscan
# reports it.
#
# vmlinux BTF sources handled (as in the Debian corpus):
#   sys/kernel/btf/vmlinux   raw BTF, used as is
#   boot/vmlinuz-* bzImage   payload cut out with the setup header (setup_sects at
#                            0x1f1, payload_offset 0x248, payload_length 0x24c) and
#                            decompressed (xz, lz4, zstd, gzip, bzip2, lzma), like
#                            scripts/extract-vmlinux; pahole reads .BTF of the ELF
#   boot/vmlinuz-* other     (raw arm64 Image, possibly gzip'ed) the BTF blob is
#                            found by its magic 9f eb 01 00 18 00 00 00 and cut out
#                            using the lengths in its header
# Modules: {usr/,}lib/modules/**/*.ko[.xz|.zst|.gz], sorted; compressed ones are
# decompressed to a temp file only when pahole has to look at them. A module
# without .BTF is read from the DWARF of its unstripped twin under
# usr/lib/debug/lib/modules/ (from the -dbg package) when there is one
# (pahole -F dwarf), as kabiscan does; else it counts as carrying no type data.
set -euo pipefail

types=""
results=/dev/null
vmlinux_only=""
keep=""
while getopts "t:r:VK:h" opt; do
	case $opt in
	t) types=$OPTARG ;;
	r) results=$OPTARG ;;
	V) vmlinux_only=1 ;;
	K) keep=$OPTARG ;;
	*)
		sed -n '2,33p' "${BASH_SOURCE[0]}" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if [[ -z $types || $# -eq 0 ]]; then
	echo "usage: ${0##*/} -t T1,T2,... [-r RESULTS] [-V] [-K DIR] KERNEL_DIR..." >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-pahole.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$results"

# u32 / u8 (little endian) at byte offset $2 of file $1
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' \n'; }
u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' \n'; }
# first $3 bytes at offset $2 of $1, as hex
hexat() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

# decompress stdin to stdout, format chosen by the magic $1 (hex);
# trailing bytes (the kernel appends the size) make the tools complain: ignore
# their status, the caller checks what came out.
decompress_by_magic() {
	case $1 in
	fd377a58*) xz -dc 2>/dev/null || true ;;
	02214c18* | 04224d18*) lz4 -dc 2>/dev/null || true ;;
	28b52ffd*) zstd -dcq 2>/dev/null || true ;;
	1f8b*) gzip -dc 2>/dev/null || true ;;
	425a68*) bzip2 -dc 2>/dev/null || true ;;
	5d00*) xz -dc --format=lzma 2>/dev/null || true ;;
	*) return 1 ;;
	esac
}

# bzImage $1 -> vmlinux ELF $2
extract_bzimage() {
	local f=$1 out=$2 ss po pl off magic
	ss=$(u8 "$f" $((0x1f1)))
	[[ $ss == 0 ]] && ss=4
	po=$(u32 "$f" $((0x248)))
	pl=$(u32 "$f" $((0x24c)))
	off=$(((ss + 1) * 512 + po))
	magic=$(hexat "$f" "$off" 4)
	dd if="$f" iflag=skip_bytes,count_bytes bs=1M skip="$off" count="$pl" status=none |
		decompress_by_magic "$magic" >"$out" || return 1
	[[ $(hexat "$out" 0 4) == 7f454c46 ]]
}

# any image $1 with BTF inline (raw arm64 Image, ...) -> raw BTF $2
extract_inline_btf() {
	local f=$1 out=$2 o tof tlen sof slen a b
	if [[ $(hexat "$f" 0 2) == 1f8b ]]; then
		gzip -dc "$f" >"$out.img" 2>/dev/null || true
		f=$out.img
	fi
	o=$(LC_ALL=C grep -obUaP -m1 '\x9f\xeb\x01\x00\x18\x00\x00\x00' "$f" | head -n1 | cut -d: -f1)
	[[ -n $o ]] || return 1
	read -r tof tlen sof slen < <(od -An -tu4 -j $((o + 8)) -N16 "$f")
	a=$((tof + tlen))
	b=$((sof + slen))
	dd if="$f" iflag=skip_bytes,count_bytes bs=1M skip="$o" count=$((24 + (a > b ? a : b))) \
		status=none >"$out"
	rm -f "$out.img"
}

# find the vmlinux BTF of kernel folder $1; prints the path to give pahole
vmlinux_btf() {
	local k=$1 img
	if [[ -f $k/sys/kernel/btf/vmlinux ]]; then
		echo "$k/sys/kernel/btf/vmlinux"
		return
	fi
	for img in "$k"/boot/vmlinuz-* "$k"/boot/vmlinux-* "$k"/boot/Image*; do
		[[ -f $img ]] || continue
		case $(hexat "$img" 0 4) in
		7f454c46)
			echo "$img"
			return
			;;
		esac
		if [[ $(hexat "$img" $((0x202)) 4) == 48647253 ]]; then # "HdrS": x86 bzImage
			extract_bzimage "$img" "$work/vmlinux.elf" && echo "$work/vmlinux.elf" && return
		else
			extract_inline_btf "$img" "$work/vmlinux.btf" && echo "$work/vmlinux.btf" && return
		fi
	done
	return 1
}

# the unstripped copy of module $2 of kernel folder $1 that a -dbg package installs
# (usr/lib/debug/lib/modules/...), if there is one
debug_twin() {
	local r=${2#"$1"/} d
	r=${r#usr/}
	r=${r%.xz}
	r=${r%.zst}
	r=${r%.gz}
	for d in "$1/usr/lib/debug/$r" "$1/usr/lib/debug/usr/$r"; do
		[[ -f $d ]] && echo "$d" && return
	done
	return 1
}

# run pahole with format $1 (btf or dwarf); print "name size" for each top-level
# type it printed and append its output to stdout of the script (fd 3)
ask_pahole() {
	local fmt=$1
	shift
	pahole -F "$fmt" --skip_missing "$@" 2>"$work/pahole.err" | tee -a /dev/fd/3 |
		awk '/^(struct|union|enum) [A-Za-z0-9_]+ \{/ { n = $2 }
		     n != "" && /^\t\/\* size: [0-9]+/ { s = $3; sub(",", "", s); print n, s; n = "" }'
}
exec 3>&1

IFS=, read -r -a want_all <<<"$types"
for k in "$@"; do
	k=${k%/}
	rel=${k##*/}
	declare -A found=() size=()
	nodata=""
	if base=$(vmlinux_btf "$k"); then
		while read -r n s; do
			found[$n]=vmlinux
			size[$n]=$s
		done < <(ask_pahole btf -C "$types" "$base")
		missing=()
		for t in "${want_all[@]}"; do [[ -n ${found[$t]:-} ]] || missing+=("$t"); done
		nobtf=0
		nmods=0
		if ((${#missing[@]})) && [[ -z $vmlinux_only ]]; then
			dirs=()
			for d in "$k/lib/modules" "$k/usr/lib/modules"; do [[ -d $d ]] && dirs+=("$d"); done
			if ((${#dirs[@]})); then
				mapfile -t mods < <(find "${dirs[@]}" \( -name '*.ko' -o -name '*.ko.xz' \
					-o -name '*.ko.zst' -o -name '*.ko.gz' \) -type f | LC_ALL=C sort)
			else
				mods=()
			fi
			for m in "${mods[@]}"; do
				((${#missing[@]})) || break
				nmods=$((nmods + 1))
				case $m in
				*.ko.xz) xz -dc "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
				*.ko.zst) zstd -dcq "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
				*.ko.gz) gzip -dc "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
				*) mf=$m ;;
				esac
				list=$(
					IFS=,
					echo "${missing[*]}"
				)
				obj=${m##*/}
				obj=${obj%%.ko*}
				while read -r n s; do
					found[$n]=${obj//-/_}
					size[$n]=$s
				done < <(ask_pahole btf --btf_base "$base" -C "$list" "$mf")
				if grep -q "failed to find '.BTF'\|Invalid argument" "$work/pahole.err"; then
					# no BTF: read the DWARF of its -dbg twin when there is one
					if dbg=$(debug_twin "$k" "$m"); then
						while read -r n s; do
							found[$n]=${obj//-/_}
							size[$n]=$s
						done < <(ask_pahole dwarf -C "$list" "$dbg")
					else
						nobtf=$((nobtf + 1))
					fi
				fi
				still=()
				for t in "${missing[@]}"; do [[ -n ${found[$t]:-} ]] || still+=("$t"); done
				missing=("${still[@]}")
			done
		fi
		((nobtf == 0)) || nodata="not in vmlinux; $nobtf of $nmods modules carry no BTF"
		if [[ -n $keep ]]; then
			if [[ $base == "$work"/* ]]; then
				mv "$base" "$keep/$rel.vmlinux"
			else
				cp "$base" "$keep/$rel.vmlinux"
			fi
		fi
	else
		nodata="no vmlinux BTF found"
	fi
	for t in "${want_all[@]}"; do
		if [[ -n ${found[$t]:-} ]]; then
			printf '%s\t%s\tpresent\t%s\t%s\n' "$rel" "$t" "${size[$t]}" "${found[$t]}"
		elif [[ -n $nodata ]]; then
			printf '%s\t%s\tno-data\t-\t%s\n' "$rel" "$t" "$nodata"
		else
			printf '%s\t%s\tabsent\t-\tnot in vmlinux nor in any module\n' "$rel" "$t"
		fi
	done >>"$results"
	rm -f "$work"/vmlinux.* "$work/mod.ko"
	unset found size
done

#!/usr/bin/env bash
# bench/symbols-peer.sh: the shell pipeline a person would script for what
# `kabiscan symbols` and `kabiscan modcheck` answer, for bench/symbols.sh.
#
#   symbols-peer.sh exports ROOT
#       the exports of the root's modules, "NAME<TAB>TYPE" sorted, from
#       readelf (a __ksymtab_NAME symbol in section __ksymtab_gpl is
#       GPL-only); for vmlinux (stripped; System.map has no __ksymtab_
#       symbols) the bzImage payload is decompressed and its
#       __ksymtab_strings listed, the count on stderr.
#   symbols-peer.sh modcheck MODULE ROOT...
#       per root "RELEASE<TAB>loads|fails<TAB>N", N the imports whose CRC
#       differs or that Module.symvers lacks (modprobe --dump-modversions
#       joined with awk), plus 1 when vermagic differs (modinfo -F vermagic
#       of the module against one of the root's modules; with modversions
#       only the part after the release counts).
set -euo pipefail

# u32 LE at OFFSET of FILE, in decimal.
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }

exports() {
	local root=$1 img setup off m
	img=$(find "$root/boot" -name 'vmlinuz-*' | head -n1)
	if [[ -n $img ]]; then
		# The bzImage payload (setup header: setup_sects, payload_offset),
		# decompressed as scripts/extract-vmlinux does, and its string table
		# of export names and namespaces: work a person has to do, though
		# the entries (GPL-only or not, CRCs) need more than readelf.
		setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
		off=$((((${setup:-4} ? ${setup:-4} : 4) + 1) * 512 + $(u32 "$img" $((0x248)))))
		tail -c +$((off + 1)) "$img" | xz -dc 2>/dev/null >"$tmp/vmlinux" || true
		echo "vmlinux: $(readelf -W -p __ksymtab_strings "$tmp/vmlinux" | grep -c '\]') strings" >&2
	fi
	{ find "$root/lib/modules" "$root/usr/lib/modules" -name '*.ko*' -type f 2>/dev/null || true; } |
		while read -r m; do
			readelf -SW "$m" | sed -n 's/^ *\[ *\([0-9]*\)\] \([^ ]*\).*/S \1 \2/p' >"$tmp/secs"
			readelf -sW "$m" | awk '$8 ~ /^__ksymtab_/ { print "Y", $7, $8 }' >>"$tmp/secs"
			awk '$1 == "S" { sec[$2] = $3 } $1 == "Y" && sec[$2] ~ /^__ksymtab/ {
				print substr($3, 11) "\t" (sec[$2] == "__ksymtab_gpl" ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL") }' \
				"$tmp/secs"
		done
}

modcheck() {
	local ko=$1 root rel sv vm kvm any
	shift
	modprobe --dump-modversions "$ko" >"$tmp/vers"
	vm=$(modinfo -F vermagic "$ko")
	for root in "$@"; do
		rel=$(basename "$root")
		sv=$(find "$root/usr/src" -maxdepth 2 -name Module.symvers 2>/dev/null | head -n1 || true)
		[[ -n $sv ]] || continue
		any=$(find "$root/lib/modules" "$root/usr/lib/modules" -name '*.ko*' -type f 2>/dev/null | head -n1 || true)
		kvm=
		if [[ $any == *.xz ]]; then
			xz -dc "$any" >"$tmp/any.ko" && kvm=$(modinfo -F vermagic "$tmp/any.ko")
		elif [[ -n $any ]]; then
			kvm=$(modinfo -F vermagic "$any")
		fi
		awk -F'\t' -v vm="$vm" -v kvm="$kvm" -v rel="$rel" '
			NR == FNR { crc[$2] = $1; next }
			{ if (!($2 in crc)) bad++; else if (crc[$2] != $1 && crc[$2] != "0x00000000") bad++ }
			END { sub(/^[^ ]* /, "", vm); sub(/^[^ ]* /, "", kvm)
				if (kvm != "" && vm != kvm) bad++
				print rel "\t" (bad ? "fails" : "loads") "\t" bad + 0 }' "$sv" "$tmp/vers"
	done
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/symbols-peer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
case ${1:-} in
exports) exports "$2" | LC_ALL=C sort -u ;;
modcheck) shift && modcheck "$@" ;;
*) echo "usage: symbols-peer.sh exports ROOT | modcheck MODULE ROOT..." >&2 && exit 2 ;;
esac

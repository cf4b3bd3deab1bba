#!/usr/bin/env bash
# The plain pahole loop over modules that bench/root.sh times:
#
#   bench/pahole-modloop.sh -b VMLINUX_BTF -t T1,T2,... MODULE...
#
# runs, for each MODULE (.ko, or .ko.xz/.ko.zst/.ko.gz decompressed to a temp file),
#   pahole -F btf --skip_missing --btf_base VMLINUX_BTF -C T1,T2,... MODULE
# and prints "module <TAB> type <TAB> size" for each type pahole printed.
# (--skip_missing: pahole 1.24 otherwise stops at the first name of a -C list
# that the object lacks.) Modules without .BTF make pahole fail: counted, skipped.
set -euo pipefail

base=""
types=""
while getopts "b:t:h" opt; do
	case $opt in
	b) base=$OPTARG ;;
	t) types=$OPTARG ;;
	*)
		sed -n '2,10p' "${BASH_SOURCE[0]}" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if [[ -z $base || -z $types ]]; then
	echo "usage: ${0##*/} -b VMLINUX_BTF -t T1,T2,... MODULE..." >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-modloop.XXXXXX")
trap 'rm -rf "$work"' EXIT

nobtf=0
for m in "$@"; do
	case $m in
	*.ko.xz) xz -dc "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
	*.ko.zst) zstd -dcq "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
	*.ko.gz) gzip -dc "$m" >"$work/mod.ko" && mf=$work/mod.ko ;;
	*) mf=$m ;;
	esac
	if ! pahole -F btf --skip_missing --btf_base "$base" -C "$types" "$mf" \
		2>"$work/err" >"$work/out"; then
		nobtf=$((nobtf + 1))
		continue
	fi
	awk -v m="$m" '/^(struct|union|enum) [A-Za-z0-9_]+ \{/ { n = $2 }
		n != "" && /^\t\/\* size: [0-9]+/ { s = $3; sub(",", "", s); print m "\t" n "\t" s; n = "" }' \
		"$work/out"
done
echo "modules: $# looked at, $nobtf without BTF (pahole failed)" >&2

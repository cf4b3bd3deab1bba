#!/usr/bin/env bash
# bench/symbols.sh: exports and loadability against the shell pipeline a
# person would script (bench/symbols-peer.sh), on the same inputs:
#  1. the exports of a whole Debian root (linux-image-6.1.0-50-amd64-unsigned,
#     about 4000 modules and a bzImage with an xz payload, fetched with
#     apt-get download as bench/root.sh does): `kabiscan symbols ROOT --from
#     binary` against the payload decompressed with xz and two readelf calls
#     per module. Both answers for the modules (name and GPL-only or not) must
#     agree, and all of kabiscan's must equal the corpus Module.symvers of
#     the same kernel (the peer cannot decode vmlinux's entries with readelf).
#  2. `kabiscan modcheck` of one module against the 18 corpus kernels (warm:
#     after one untimed run) against modprobe --dump-modversions joined
#     with each Module.symvers in awk. Both must agree on where it loads.
#
# Environment:
#   KABISCAN            kabiscan binary (default: REPO/kabiscan)
#   KABISCAN_CORPUS     the corpus (default: REPO/../shared/corpus)
#   KABISCAN_BENCH_DIR  cache for the .deb and the unpacked root
#                       (default /var/tmp/kabiscan-bench; shared with root.sh)
#   BENCH_RUNS          timed runs, median reported (default 5)
# Targets (PASS/MISS, never fatal): the root's exports under 1 s wall cold
# (kabiscan keeps no cache of exports: every run is cold), modcheck on 18
# kernels under 0.5 s warm. On a loaded machine wall time is larger than
# user+sys divided among the cores; both are printed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$repo/../shared/corpus}
BENCH_DIR=${KABISCAN_BENCH_DIR:-/var/tmp/kabiscan-bench}
RUNS=${BENCH_RUNS:-5}
PKG=linux-image-6.1.0-50-amd64-unsigned
REL=6.1.0-50-amd64
KO=$CORPUS/debian/$REL/lib/modules/$REL/kernel/drivers/vfio/pci/vfio-pci-core.ko

[[ -x $KABISCAN ]] || {
	echo "symbols.sh: no kabiscan at '$KABISCAN' (run \`make -s\` in $repo, or set KABISCAN)" >&2
	exit 1
}
for tool in readelf modprobe modinfo; do
	command -v "$tool" >/dev/null || {
		echo "symbols.sh: '$tool' is needed (make deps installs binutils and kmod)" >&2
		exit 1
	}
done
bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-symbols.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT
bench_env
echo

row() { printf '%-52s %10s %10s %10s\n' "$@"; }
line() {
	row "$1" "$(bench_fmt_ms "$(bench_stat "$2" 1 median)")" \
		"$(bench_fmt_ms "$(bench_stat "$2" 2 median)")" "$(bench_fmt_kb "$(bench_stat "$2" 3 median)")"
}

# -- 1. the exports of a whole root ----------------------------------------------
if bench_debian_root symbols.sh "$BENCH_DIR" "$PKG"; then
	root=$BENCH_DIR/root
	nmods=$(find "$root/lib/modules" -name '*.ko*' -type f | wc -l)
	echo "== exports of a whole Debian root: $(cat "$BENCH_DIR/root.extracted"), $nmods modules"
	BENCH_WARMUP=0 bench_measure kab "$RUNS" "$KABISCAN" symbols "$root" --from binary
	BENCH_WARMUP=0 bench_measure peer 1 "$here/symbols-peer.sh" exports "$root"
	row "" wall user+sys "peak RSS"
	line "kabiscan symbols ROOT --from binary (median of $RUNS)" kab
	line "xz + readelf, readelf per module (1 run)" peer
	echo "ratio peer / kabiscan: $(bench_ratio "$(bench_stat peer 1 median)" "$(bench_stat kab 1 median)")x wall," \
		"$(bench_ratio "$(bench_stat peer 2 median)" "$(bench_stat kab 2 median)")x user+sys"
	awk -F'\t' '$3 != "vmlinux" { print $2 "\t" $4 }' "$bench_tmp/kab.out" | LC_ALL=C sort -u \
		>"$bench_tmp/kab.names"
	if cmp -s "$bench_tmp/kab.names" "$bench_tmp/peer.out"; then
		echo "  same answer for the modules: $(wc -l <"$bench_tmp/kab.names") exports, name and type" \
			"(the peer's $(cat "$bench_tmp/peer.err"))"
	else
		echo "  ANSWERS DIFFER (kabiscan < > peer):"
		diff "$bench_tmp/kab.names" "$bench_tmp/peer.out" | head -n 10
	fi
	sv=$CORPUS/debian/$REL/usr/src/linux-headers-$REL/Module.symvers
	if [[ -f $sv ]]; then
		if LC_ALL=C sort "$bench_tmp/kab.out" | cmp -s - <(LC_ALL=C sort "$sv"); then
			echo "  kabiscan's lines equal Debian's Module.symvers of $REL (CRCs and namespaces too)"
		else
			echo "  kabiscan's lines DIFFER from Debian's Module.symvers of $REL"
		fi
	fi
	printf '  [%s] the root'\''s exports under 1 s wall cold (%s; user+sys %s)\n' \
		"$(bench_mark "$(bench_stat kab 1 median)" "x < 1000")" \
		"$(bench_fmt_ms "$(bench_stat kab 1 median)")" "$(bench_fmt_ms "$(bench_stat kab 2 median)")"
	echo
fi

# -- 2. modcheck of one module on the 18 corpus kernels -------------------------------
if [[ ! -f $KO ]]; then
	echo "symbols.sh: no $KO (set KABISCAN_CORPUS)"
	exit 0
fi
kernels=("$CORPUS"/debian/*)
echo "== modcheck of $(basename "$KO") ($REL) on ${#kernels[@]} corpus kernels"
bench_measure mck "$RUNS" "$KABISCAN" modcheck "$KO" "${kernels[@]}" --format json
bench_measure mpeer "$RUNS" "$here/symbols-peer.sh" modcheck "$KO" "${kernels[@]}"
row "" wall user+sys "peak RSS"
line "kabiscan modcheck (warm, median of $RUNS)" mck
line "modprobe --dump-modversions + awk (median of $RUNS)" mpeer
echo "ratio peer / kabiscan: $(bench_ratio "$(bench_stat mpeer 1 median)" "$(bench_stat mck 1 median)")x wall," \
	"$(bench_ratio "$(bench_stat mpeer 2 median)" "$(bench_stat mck 2 median)")x user+sys"
if command -v jq >/dev/null; then
	jq -r '.kernels[] | [.release, (if .loadable then "loads" else "fails" end)] | @tsv' \
		"$bench_tmp/mck.out" >"$bench_tmp/mck.verdicts"
	cut -f1,2 "$bench_tmp/mpeer.out" >"$bench_tmp/mpeer.verdicts"
	if cmp -s "$bench_tmp/mck.verdicts" "$bench_tmp/mpeer.verdicts"; then
		echo "  same verdicts: loads on $(grep -c 'loads$' "$bench_tmp/mck.verdicts") of ${#kernels[@]}"
	else
		echo "  VERDICTS DIFFER:"
		diff "$bench_tmp/mck.verdicts" "$bench_tmp/mpeer.verdicts" | head -n 10
	fi
fi
printf '  [%s] modcheck on %s kernels under 0.5 s warm (%s; user+sys %s)\n' \
	"$(bench_mark "$(bench_stat mck 1 median)" "x < 500")" "${#kernels[@]}" \
	"$(bench_fmt_ms "$(bench_stat mck 1 median)")" "$(bench_fmt_ms "$(bench_stat mck 2 median)")"

#!/usr/bin/env bash
# bench/report.sh: time `kabiscan report CORPUS/debian/* -t TYPES` against the
# pahole pipeline doing the same work (bench/pahole-pipeline.sh), once with one
# type and once with ten, and check both give the same answers per kernel. The
# floor (bench/floor.c: decode to the end of each BTF + libbpf's parse, one
# thread) is timed in the same run, and kabiscan is given as a ratio to it.
# Then the same report warm, from a scan cache of its own (filled by the
# warm-up run), against its floor: `cat` of the cache entries it reads.
#
# Environment:
#   KABISCAN          kabiscan binary (default: REPO/kabiscan; build it with `make -s`)
#   KABISCAN_CORPUS   corpus root holding debian/ (default: REPO/../shared/corpus)
#   BENCH_RUNS        timed runs per measurement, median reported (default 5)
#   BENCH_WARMUP      0 skips the untimed warm-up run (default 1)
#   BENCH_TYPE        the one-type case (default vfio_pci_regops)
#   BENCH_TYPES       the ten-type case, comma separated ("" skips it)
# Targets (marked PASS/MISS, never fatal): kabiscan >= 5x faster than the pahole
# pipeline (median wall), kabiscan under 1 s wall for the whole corpus, and
# the warm report within 3x of the wall time of `cat` of its entries.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$repo/../shared/corpus}
RUNS=${BENCH_RUNS:-5}
TYPE1=${BENCH_TYPE:-vfio_pci_regops}
TYPES10=${BENCH_TYPES-vfio_pci_regops,vfio_pci_core_device,vfio_device,task_struct,file_operations,pci_dev,sk_buff,inode,mm_struct,vfio_pci_region}
TARGET_RATIO=5
TARGET_WALL_MS=1000
TARGET_WARM_RATIO=3

[[ $KABISCAN == */* ]] || KABISCAN=$(command -v "$KABISCAN" || echo "$KABISCAN")
if [[ ! -x $KABISCAN ]]; then
	echo "report.sh: no kabiscan at '$KABISCAN' (run \`make -s\` in $repo, or set KABISCAN)" >&2
	exit 1
fi
if [[ ! -d $CORPUS/debian ]]; then
	echo "report.sh: no corpus at '$CORPUS/debian' (set KABISCAN_CORPUS)" >&2
	exit 1
fi
for tool in pahole xz lz4 zstd od dd; do
	command -v "$tool" >/dev/null || {
		echo "report.sh: '$tool' is needed for the pahole pipeline" >&2
		exit 1
	}
done

bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-bench.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT

bench_floor_build

kernels=()
for k in "$CORPUS"/debian/*/; do kernels+=("${k%/}"); done
nk=${#kernels[@]}

echo "== kabiscan report vs pahole pipeline: $nk kernels under $CORPUS/debian"
bench_env
echo "runs: $RUNS per measurement (median; after $([[ ${BENCH_WARMUP:-1} != 0 ]] && echo one || echo no) untimed warm-up)"
echo

cases=("$TYPE1")
[[ -z $TYPES10 ]] || cases+=("$TYPES10")

summary=()
ci=0
for types in "${cases[@]}"; do
	ci=$((ci + 1))
	IFS=, read -r -a tl <<<"$types"
	nt=${#tl[@]}
	printf 'measuring %d type(s): %s\n' "$nt" "$types"

	bench_measure "kab$ci" "$RUNS" "$KABISCAN" report --no-cache "${kernels[@]}" -t "$types"
	if [[ $(bench_stat "kab$ci" 4 max) != 0 ]]; then
		echo "  kabiscan failed (exit $(bench_stat "kab$ci" 4 max)):" >&2
		sed 's/^/    /' "$bench_tmp/kab$ci.err" >&2
	fi
	# the floor next to kabiscan, so that both see the same load
	bench_measure "floor$ci" "$RUNS" "$bench_floor" "${kernels[@]}"
	if [[ $(bench_stat "floor$ci" 4 max) != 0 ]]; then
		echo "  the floor program failed:" >&2
		sed 's/^/    /' "$bench_tmp/floor$ci.err" >&2
	fi
	bench_measure "pah$ci" "$RUNS" "$here/pahole-pipeline.sh" -t "$types" \
		-r "$bench_tmp/pah$ci.tsv" "${kernels[@]}"
	if [[ $(bench_stat "pah$ci" 4 max) != 0 ]]; then
		echo "  pahole pipeline failed:" >&2
		sed 's/^/    /' "$bench_tmp/pah$ci.err" >&2
	fi

	# warm: a cache of its own, filled by the untimed warm-up run
	cache=$bench_tmp/cache
	rm -rf "$cache"
	BENCH_WARMUP=1 bench_measure "warm$ci" "$RUNS" "$KABISCAN" report --cache "$cache" \
		"${kernels[@]}" -t "$types"
	mapfile -t entries < <(find "$cache/kernels" -name '*.kbc')
	bench_cat "cat$ci" "$RUNS" "${entries[@]}"

	kw=$(bench_stat "kab$ci" 1 median)
	pw=$(bench_stat "pah$ci" 1 median)
	kc=$(bench_stat "kab$ci" 2 median)
	fw=$(bench_stat "floor$ci" 1 median)
	fc=$(bench_stat "floor$ci" 2 median)
	echo
	bench_row_head
	bench_row "kabiscan, $nt type(s)" "kab$ci"
	bench_row "pahole pipeline" "pah$ci"
	bench_row "floor (1 thread)" "floor$ci"
	bench_row "kabiscan warm" "warm$ci"
	bench_row "cat of its ${#entries[@]} entries" "cat$ci"
	r=$(bench_ratio "$pw" "$kw")
	ww=$(bench_stat "warm$ci" 1 median)
	wr=$(bench_ratio "$ww" "$(bench_stat "cat$ci" 1 median)")
	printf 'kabiscan / floor: %s\n' "$(bench_vs "kab$ci" "floor$ci")"
	printf 'pahole / kabiscan: %s\n' "$(bench_vs "pah$ci" "kab$ci")"
	printf 'kabiscan warm / cat of its entries (%s): %s\n' \
		"$(du -cb "${entries[@]}" | awk 'END { printf "%.1f MB", $1 / 1e6 }')" \
		"$(bench_vs "warm$ci" "cat$ci")"
	m1=$(bench_mark "$r" "x >= $TARGET_RATIO")
	m2=$(bench_mark "$kw" "x < $TARGET_WALL_MS")
	m3=$(bench_mark "$wr" "x <= $TARGET_WARM_RATIO")
	printf '  [%s] kabiscan >= %dx faster than the pipeline (%sx)\n' "$m1" "$TARGET_RATIO" "$r"
	printf '  [%s] kabiscan under 1 s wall for %d kernels (%s)\n' "$m2" "$nk" "$(bench_fmt_ms "$kw")"
	printf '  [%s] kabiscan warm within %dx of cat of its entries (%sx)\n' "$m3" \
		"$TARGET_WARM_RATIO" "$wr"
	summary+=("$(printf '%-3s %-9s %-9s %-9s %7sx  %sx  %sx  %-9s %sx' "$nt" \
		"$(bench_fmt_ms "$kw")" "$(bench_fmt_ms "$pw")" "$(bench_fmt_ms "$fw")" "$r" \
		"$(bench_ratio "$kw" "$fw")" "$(bench_ratio "$kc" "$fc")" "$(bench_fmt_ms "$ww")" \
		"$wr")")

	# sanity: the same answers per kernel (state, and size where present)
	echo
	if ! command -v jq >/dev/null; then
		echo "(jq not found: answer comparison skipped)"
		echo
		continue
	fi
	"$KABISCAN" report --no-cache "${kernels[@]}" -t "$types" --format json 2>/dev/null |
		jq -r '.cells[] | [.release, .name, .state, (.size // "-" | tostring)] | @tsv' |
		sort >"$bench_tmp/kab$ci.tsv" || true
	cut -f1-4 "$bench_tmp/pah$ci.tsv" | sort >"$bench_tmp/pah$ci.cut"
	printf '%-28s %-22s %-22s %s\n' "kernel" "kabiscan P/A/N" "pahole P/A/N" "same"
	ndiff=0
	for k in "${kernels[@]}"; do
		rel=${k##*/}
		kcnt=$(awk -F'\t' -v r="$rel" '$1 == r { c[$3]++ } END { printf "%d/%d/%d", c["present"], c["absent"], c["no-data"] }' "$bench_tmp/kab$ci.tsv")
		pcnt=$(awk -F'\t' -v r="$rel" '$1 == r { c[$3]++ } END { printf "%d/%d/%d", c["present"], c["absent"], c["no-data"] }' "$bench_tmp/pah$ci.cut")
		if diff <(awk -F'\t' -v r="$rel" '$1 == r' "$bench_tmp/kab$ci.tsv") \
			<(awk -F'\t' -v r="$rel" '$1 == r' "$bench_tmp/pah$ci.cut") >/dev/null; then
			same=yes
		else
			same=NO
			ndiff=$((ndiff + 1))
		fi
		printf '%-28s %-22s %-22s %s\n' "$rel" "$kcnt" "$pcnt" "$same"
	done
	if ((ndiff)); then
		echo "answers differ on $ndiff kernel(s) (< kabiscan, > pahole; release type state size):"
		diff "$bench_tmp/kab$ci.tsv" "$bench_tmp/pah$ci.cut" | grep '^[<>]' | sed 's/^/  /' || true
	else
		echo "same answers (state per kernel and type, size when present) from both on all $nk kernels"
	fi
	echo
done

echo "== summary (median wall: types, kabiscan, pahole, floor, pahole/kabiscan wall, kabiscan/floor wall, kabiscan/floor user+sys, kabiscan warm, warm/cat wall)"
printf '%s\n' "${summary[@]}"

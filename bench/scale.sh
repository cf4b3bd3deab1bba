#!/usr/bin/env bash
# bench/scale.sh: does a cold scan and a warm report grow linearly with the
# number of kernels? Makes 18, 100 and 200 kernels out of the corpus (kernel
# i is corpus kernel i mod 18 under a new release, its patch level set to
# 1000+i: 6.1.0-50-amd64 -> 6.1.1007-50-amd64), as roots of symbolic links
# in BENCH_SCALE_DIR, never copies. Modules are left out: their vermagic names
# the original release. Then, per size:
#   cold scan     kabiscan scan --cache C ROOTS   (C empty before each run)
#   warm report   kabiscan report ROOTS -t TYPE   (every kernel a cache hit)
#   cache report  kabiscan report --cache C -t TYPE (no KERNEL: the cache alone)
# and prints the median wall time, the cost per kernel, and the peak RSS with
# what each kernel adds to it (MiB per kernel above the smallest size). In the same run, the
# floor of each: bench/floor.c on the roots (decode to the end of each BTF +
# libbpf's parse, one thread) for the cold scan, and `cat` of every entry of
# the cache for the warm reports (bench_cat); each kabiscan figure is also
# given as a ratio to its floor.
#
# Environment:
#   KABISCAN          kabiscan binary (default: REPO/kabiscan)
#   KABISCAN_CORPUS   corpus root holding debian/ (default: REPO/../shared/corpus)
#   BENCH_SCALE_DIR   where the roots and caches go (default /var/tmp/kabiscan-scale)
#   BENCH_SIZES       kernel counts (default "18 100 200"; "18 100 200 1000" for
#                     the memory target at 1000)
#   BENCH_RUNS        timed runs per measurement, median reported (default 3)
#   BENCH_TYPE        the type reported (default "struct resource", in every vmlinux)
# Targets (PASS/MISS, never fatal): per-kernel cost at the largest size within
# 1.5x of the smallest size's, for each measurement (linear growth); peak RSS
# under 150 MiB at 200 kernels and under 200 MiB at 1000 (issue 16: a
# kernel's BTF is released once its cells are looked up).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$repo/../shared/corpus}
DIR=${BENCH_SCALE_DIR:-/var/tmp/kabiscan-scale}
read -r -a SIZES <<<"${BENCH_SIZES:-18 100 200}"
RUNS=${BENCH_RUNS:-3}
TYPE=${BENCH_TYPE:-struct resource}

[[ $KABISCAN == */* ]] || KABISCAN=$(command -v "$KABISCAN" || echo "$KABISCAN")
[[ -x $KABISCAN ]] || { echo "scale.sh: no kabiscan at '$KABISCAN'" >&2; exit 1; }
[[ -d $CORPUS/debian ]] || { echo "scale.sh: no corpus at '$CORPUS/debian'" >&2; exit 1; }

bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-scale.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT
src=()
for k in "$CORPUS"/debian/*/; do src+=("${k%/}"); done

# link SRC DST: DST -> SRC, made absolute.
link() { mkdir -p "$(dirname "$2")" && ln -sfn "$(realpath "$1")" "$2"; }

# make_roots N: $DIR/N/kI for I < N, symbolic links into the corpus.
make_roots() {
	local n=$1 i s rel new root
	[[ -f $DIR/$n/.done ]] && return
	rm -rf "${DIR:?}/$n"
	for ((i = 0; i < n; i++)); do
		s=${src[i % ${#src[@]}]}
		rel=$(basename "$s")
		new=$(sed -E "s/^([0-9]+\.[0-9]+)\.[0-9]+/\1.$((1000 + i))/" <<<"$rel")
		root=$DIR/$n/$(printf 'k%03d' "$i")
		mkdir -p "$root"
		[[ ! -f $s/boot/vmlinuz-$rel ]] || link "$s/boot/vmlinuz-$rel" "$root/boot/vmlinuz-$new"
		[[ ! -f $s/boot/config-$rel ]] || link "$s/boot/config-$rel" "$root/boot/config-$new"
		[[ ! -f $s/sys/kernel/btf/vmlinux ]] || link "$s/sys/kernel/btf/vmlinux" \
			"$root/sys/kernel/btf/vmlinux"
		# A root with only sys/ takes its release from its directory name.
		[[ -d $root/boot ]] || mv "$root" "$DIR/$n/$new"
	done
	touch "$DIR/$n/.done"
}

echo "== kabiscan scale: cold scan and warm report, ${SIZES[*]} kernels"
bench_env
echo "runs: $RUNS per measurement (median); roots of symbolic links under $DIR; type: $TYPE"
echo
bench_floor_build
printf '%-8s %-14s %10s %10s %14s %10s %10s %22s %10s %12s\n' kernels measurement "wall med" \
	user+sys "per kernel" "floor" "floor cpu" "/ floor (wall, cpu)" "peak RSS" "MiB/kernel"
declare -A per rss
# mib_per_kernel M N: what each kernel past the smallest size adds to M's peak RSS.
mib_per_kernel() {
	local lo=${SIZES[0]}
	[[ $2 != "$lo" && -n $bench_gnu_time ]] || { echo -; return; }
	awk -v a="${rss[$1$2]}" -v b="${rss[$1$lo]}" -v n="$2" -v l="$lo" \
		'BEGIN { printf "%.3f", (a - b) / 1024 / (n - l) }'
}
for n in "${SIZES[@]}"; do
	make_roots "$n"
	roots=("$DIR/$n"/*)
	cache=$bench_tmp/cache-$n
	# shellcheck disable=SC2016 # expanded by the inner shell
	BENCH_WARMUP=0 bench_measure "cold$n" "$RUNS" \
		bash -c 'rm -rf "$0" && exec "$1" scan -q --cache "$0" "${@:2}" >/dev/null' \
		"$cache" "$KABISCAN" "${roots[@]}"
	bench_measure "warm$n" "$RUNS" "$KABISCAN" report -q --cache "$cache" "${roots[@]}" -t "$TYPE"
	bench_measure "only$n" "$RUNS" "$KABISCAN" report -q --cache "$cache" -t "$TYPE"
	bench_measure "fcold$n" "$RUNS" "$bench_floor" "${roots[@]}"
	mapfile -t entries < <(find "$cache/kernels" -name '*.kbc')
	bench_cat "fwarm$n" "$RUNS" "${entries[@]}"
	for m in cold warm only; do
		f=fwarm$n
		[[ $m != cold ]] || f=fcold$n
		if [[ $(bench_stat "$m$n" 4 max) != 0 ]]; then
			echo "scale.sh: $m run over $n kernels failed:" >&2
			sed 's/^/  /' "$bench_tmp/$m$n.err" >&2
			exit 1
		fi
		w=$(bench_stat "$m$n" 1 median)
		per[$m$n]=$(awk -v w="$w" -v n="$n" 'BEGIN { printf "%.2f", w / n }')
		rss[$m$n]=$(bench_stat "$m$n" 3 max)
		printf '%-8s %-14s %10s %10s %11s ms %10s %10s %22s %10s %12s\n' "$n" \
			"$( (case $m in cold) echo "cold scan" ;; warm) echo "warm report" ;;
				*) echo "cache report" ;; esac))" \
			"$(bench_fmt_ms "$w")" "$(bench_fmt_ms "$(bench_stat "$m$n" 2 median)")" \
			"${per[$m$n]}" "$(bench_fmt_ms "$(bench_stat "$f" 1 median)")" \
			"$(bench_fmt_ms "$(bench_stat "$f" 2 median)")" "$(bench_vs "$m$n" "$f" |
				sed 's/ wall, /, /; s/ user+sys//')" "$(bench_fmt_kb "${rss[$m$n]}")" \
			"$(mib_per_kernel "$m" "$n")"
	done
done
echo "(floor: bench/floor.c on the roots for the cold scan; cat of the cache's entries for the reports;"
echo " peak RSS: the largest of the runs; MiB/kernel: its growth per kernel above ${SIZES[0]} kernels)"
echo
lo=${SIZES[0]}
hi=${SIZES[${#SIZES[@]} - 1]}
for m in cold warm only; do
	r=$(bench_ratio "${per[$m$hi]}" "${per[$m$lo]}")
	printf '  [%s] %s: per-kernel cost at %s kernels is %sx that at %s\n' \
		"$(bench_mark "$r" "x <= 1.5")" "$m" "$hi" "$r" "$lo"
done
[[ -n $bench_gnu_time ]] || exit 0
for n in "${SIZES[@]}"; do
	case $n in
	200) max=150 ;;
	1000) max=200 ;;
	*) continue ;;
	esac
	for m in cold warm only; do
		mib=$(awk -v k="${rss[$m$n]}" 'BEGIN { printf "%.0f", k / 1024 }')
		printf '  [%s] %s: peak RSS at %s kernels is %s MiB (target < %s MiB)\n' \
			"$(bench_mark "$mib" "x < $max")" "$m" "$n" "$mib" "$max"
	done
done

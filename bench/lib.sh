#!/usr/bin/env bash
# Helpers shared by the bench scripts (sourced, not run).
#
# bench_measure LABEL RUNS CMD...   run CMD RUNS times (after one untimed warm-up
#     when BENCH_WARMUP is not 0), stdout to $bench_tmp/LABEL.out, stderr to
#     $bench_tmp/LABEL.err; one "wall_ms cpu_ms rss_kb rc" line per run goes to
#     $bench_tmp/LABEL.samples.
# bench_stat LABEL FIELD median|min|max   a statistic of one field (1 wall_ms,
#     2 cpu_ms, 3 rss_kb, 4 rc) over the runs.
# Wall time comes from `date +%s%N` around the run; user+sys and peak RSS from
# GNU time (/usr/bin/time -f) when it is there, else user+sys from bash's `time`
# keyword and no RSS.

bench_gnu_time=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
	bench_gnu_time=/usr/bin/time
fi

bench_now_ns() { date +%s%N; }

# one timed run: prints "wall_ms cpu_ms rss_kb rc"
_bench_once() {
	local out=$1 err=$2 tf t0 t1 rc=0 u s m
	shift 2
	tf=${bench_tmp:?}/time.$$
	t0=$(bench_now_ns)
	if [[ -n $bench_gnu_time ]]; then
		"$bench_gnu_time" -f '%U %S %M' -o "$tf" "$@" >"$out" 2>"$err" || rc=$?
	else
		local TIMEFORMAT='%3U %3S -1'
		{ time "$@" >"$out" 2>"$err"; } 2>"$tf" || rc=$?
	fi
	t1=$(bench_now_ns)
	# GNU time prepends "Command exited with non-zero status N" on failure
	read -r u s m < <(tail -n1 "$tf")
	rm -f "$tf"
	awk -v w=$(((t1 - t0) / 1000)) -v u="$u" -v s="$s" -v m="$m" -v rc="$rc" \
		'BEGIN { printf "%.1f %.1f %d %d\n", w / 1000, (u + s) * 1000, m, rc }'
}

bench_measure() {
	local label=$1 runs=$2 i
	shift 2
	: >"$bench_tmp/$label.samples"
	if [[ ${BENCH_WARMUP:-1} != 0 ]]; then
		_bench_once "$bench_tmp/$label.out" "$bench_tmp/$label.err" "$@" >/dev/null
	fi
	for ((i = 0; i < runs; i++)); do
		_bench_once "$bench_tmp/$label.out" "$bench_tmp/$label.err" "$@" >>"$bench_tmp/$label.samples"
	done
}

bench_stat() {
	local label=$1 field=$2 how=$3
	sort -g -k"$field,$field" "$bench_tmp/$label.samples" | awk -v f="$field" -v how="$how" '
		{ v[NR] = $f }
		END {
			if (NR == 0) { print "nan"; exit }
			if (how == "min") print v[1]
			else if (how == "max") print v[NR]
			else if (NR % 2) print v[(NR + 1) / 2]
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# human formats
bench_fmt_ms() { awk -v x="$1" 'BEGIN { if (x >= 100000) printf "%.0f s", x / 1000; else if (x >= 1000) printf "%.2f s", x / 1000; else printf "%.0f ms", x }'; }
bench_fmt_kb() {
	if [[ -z $bench_gnu_time || $1 -lt 0 ]]; then
		echo "n/a"
	else
		awk -v x="$1" 'BEGIN { printf "%.0f MB", x / 1024 }'
	fi
}
# ratio a/b: two decimals below 10, one above
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "inf"; else if (a / b < 10) printf "%.2f", a / b; else printf "%.1f", a / b }'; }
# PASS when the awk condition (on x) holds for value $1
bench_mark() { awk -v x="$1" "BEGIN { exit !($2) }" && echo PASS || echo MISS; }

bench_env() {
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  host: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "kabiscan: $KABISCAN ($(stat -c '%y' "$KABISCAN" | cut -d. -f1))  pahole: $(pahole --version 2>/dev/null || echo missing)"
	[[ -n $bench_gnu_time ]] || echo "note: GNU time (/usr/bin/time) not found: peak RSS not measured"
}

# bench_floor_build: compile bench/floor.c (the data's floor: decode to the end
# of BTF + libbpf's parse, one thread) into $bench_tmp/floor and set bench_floor.
bench_floor_build() {
	local src
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/floor.c
	bench_floor=$bench_tmp/floor
	if ! ${CC:-cc} -O2 -Wall -Wextra -o "$bench_floor" "$src" -lbpf -llzma -lzstd -llz4 -lz \
		2>"$bench_tmp/floor.build"; then
		echo "bench: cannot build the floor program from $src:" >&2
		sed 's/^/  /' "$bench_tmp/floor.build" >&2
		exit 1
	fi
}

# bench_row NAME LABEL: one table row (wall med/min/max, user+sys, peak RSS) for LABEL.
bench_row() {
	printf '%-24s %10s %10s %10s %10s %10s\n' "$1" \
		"$(bench_fmt_ms "$(bench_stat "$2" 1 median)")" \
		"$(bench_fmt_ms "$(bench_stat "$2" 1 min)")" \
		"$(bench_fmt_ms "$(bench_stat "$2" 1 max)")" \
		"$(bench_fmt_ms "$(bench_stat "$2" 2 median)")" \
		"$(bench_fmt_kb "$(bench_stat "$2" 3 median)")"
}
bench_row_head() {
	printf '%-24s %10s %10s %10s %10s %10s\n' "" "wall med" "wall min" "wall max" "user+sys" "peak RSS"
}

# bench_cat LABEL RUNS FILE...: measure reading FILE... whole, the floor of a
# warm report (the least it must do is read the entries it needs). Piped into
# wc, so that no cat can skip the reading when its output is /dev/null.
bench_cat() {
	local label=$1 runs=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner shell
	bench_measure "$label" "$runs" bash -c 'cat "$@" | wc -c' cat "$@"
}

# bench_vs A B: "Nx wall, Mx user+sys" for label A over label B (medians).
# A side that took no measurable CPU (under the 10 ms tick of GNU time) has no ratio.
bench_vs() {
	local w c
	w=$(bench_ratio "$(bench_stat "$1" 1 median)" "$(bench_stat "$2" 1 median)")
	c=$(bench_ratio "$(bench_stat "$1" 2 median)" "$(bench_stat "$2" 2 median)")
	[[ $w == inf ]] && w="n/a (too short to time)" || w="${w}x"
	[[ $c == inf ]] && c="n/a (too short to time)" || c="${c}x"
	printf '%s wall, %s user+sys' "$w" "$c"
}

# bench_debian_root NAME DIR PKG: fetch the Debian package PKG into DIR (kept
# there) with apt-get download and unpack it into DIR/root, unless that is done
# already (DIR/root.extracted names the .deb). Returns 1 with a SKIP line
# naming the script NAME when it cannot be fetched (no network).
bench_debian_root() {
	local name=$1 dir=$2 pkg=$3 deb root=$2/root
	mkdir -p "$dir"
	deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" | LC_ALL=C sort | tail -n1)
	if [[ -z $deb ]]; then
		echo "fetching $pkg into $dir ..."
		if ! (cd "$dir" && apt-get -q -o APT::Sandbox::User=root download "$pkg") >"$dir/apt.log" 2>&1; then
			echo "$name: SKIP: \`apt-get download $pkg\` failed (no network, or the package is not in the apt sources):"
			sed 's/^/  /' "$dir/apt.log" | tail -n 5
			return 1
		fi
		deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" | LC_ALL=C sort | tail -n1)
		[[ -n $deb ]] || {
			echo "$name: SKIP: apt-get download left no .deb in $dir"
			return 1
		}
	fi
	if [[ ! -f $dir/root.extracted || $(cat "$dir/root.extracted") != "${deb##*/}" ]]; then
		echo "unpacking ${deb##*/} into $root ..."
		rm -rf "$root" "$root.tmp" "$dir/root.extracted"
		mkdir -p "$root.tmp"
		dpkg-deb -x "$deb" "$root.tmp"
		mv "$root.tmp" "$root"
		echo "${deb##*/}" >"$dir/root.extracted"
	fi
}

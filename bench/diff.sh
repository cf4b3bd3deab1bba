#!/usr/bin/env bash
# bench/diff.sh: a whole-kernel diff, every struct, union, enum, typedef and
# function of 6.1.0-50-amd64 against 6.12.117+deb12-amd64 (vmlinux only), by
# kabiscan and by every peer that can read the same inputs, in one run:
#   kabiscan diff        from the bzImage and the raw BTF as shipped, and
#                        from the two raw BTF blobs the peers get
#   pahole script        pahole -F btf of each blob (every struct and union),
#                        then diff -u (text only: no classes, no verdicts)
#   abidiff              probed on ELF files carrying the blobs; libabigail
#                        2.2 (Debian 12) has no BTF reader, so it is reported
#                        as unable to read them rather than timed
# Environment: KABISCAN, KABISCAN_CORPUS, BENCH_RUNS (default 5), BENCH_WARMUP.
# Targets (PASS/MISS, never fatal): under 2 s and 500 MiB for kabiscan.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$repo/../shared/corpus}
RUNS=${BENCH_RUNS:-5}
OLD=$CORPUS/debian/6.1.0-50-amd64/boot/vmlinuz-6.1.0-50-amd64
NEW=$CORPUS/debian/6.12.117+deb12-amd64/sys/kernel/btf/vmlinux

for f in "$KABISCAN" "$OLD" "$NEW"; do
	[[ -e $f ]] || { echo "diff.sh: missing '$f' (make -s; set KABISCAN_CORPUS)" >&2; exit 1; }
done
for tool in pahole xz objcopy gcc python3; do
	command -v "$tool" >/dev/null || { echo "diff.sh: '$tool' is needed" >&2; exit 1; }
done

bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-bench.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT

# The peers read raw BTF or ELF: take the 6.1 blob out of the bzImage (xz
# payload -> ELF vmlinux -> .BTF), untimed.
off=$(python3 - "$OLD" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
print(data.find(b'\xfd7zXZ\x00'))
PY
)
tail -c +$((off + 1)) "$OLD" | xz -dc 2>/dev/null >"$bench_tmp/vmlinux-6.1" || true
objcopy -O binary --only-section=.BTF "$bench_tmp/vmlinux-6.1" "$bench_tmp/old.btf"
cp "$NEW" "$bench_tmp/new.btf"
echo 'int kabiscan_bench;' | gcc -x c -c -o "$bench_tmp/empty.o" -
for side in old new; do
	objcopy --add-section ".BTF=$bench_tmp/$side.btf" "$bench_tmp/empty.o" "$bench_tmp/$side.elf"
done

cat >"$bench_tmp/pahole-diff.sh" <<'SH'
#!/bin/sh
# every struct and union of each side, then a text diff
pahole -F btf "$1" >"$3.old" && pahole -F btf "$2" >"$3.new" || exit 2
diff -u "$3.old" "$3.new" >"$3.diff"
[ $? -le 1 ]
SH
chmod +x "$bench_tmp/pahole-diff.sh"

echo "== whole-kernel diff: 6.1.0-50-amd64 -> 6.12.117+deb12-amd64 (vmlinux)"
bench_env
echo "runs: $RUNS per measurement (median)"
echo

bench_measure kabiscan "$RUNS" "$KABISCAN" diff --no-cache "$OLD" "$NEW" --fail-on none
bench_measure kabiscan_raw "$RUNS" "$KABISCAN" diff --no-cache "$bench_tmp/old.btf" "$bench_tmp/new.btf" \
	--fail-on none
bench_measure pahole "$RUNS" "$bench_tmp/pahole-diff.sh" "$bench_tmp/old.btf" \
	"$bench_tmp/new.btf" "$bench_tmp/p"

k=$(bench_stat kabiscan 1 median) kr=$(bench_stat kabiscan_raw 1 median)
p=$(bench_stat pahole 1 median)
printf '%-34s %10s %10s %s\n' "case" "wall" "peak RSS" "output"
printf '%-34s %10s %10s %s\n' "kabiscan (bzImage + raw BTF)" "$(bench_fmt_ms "$k")" \
	"$(bench_fmt_kb "$(bench_stat kabiscan 3 max)")" "$(tail -1 "$bench_tmp/kabiscan.out")"
printf '%-34s %10s %10s %s\n' "kabiscan (raw BTF, as the peers)" "$(bench_fmt_ms "$kr")" \
	"$(bench_fmt_kb "$(bench_stat kabiscan_raw 3 max)")" "same classes and verdicts"
printf '%-34s %10s %10s %s\n' "pahole -F btf x2 + diff -u" "$(bench_fmt_ms "$p")" \
	"$(bench_fmt_kb "$(bench_stat pahole 3 max)")" \
	"$(wc -l <"$bench_tmp/p.diff") diff lines, structs and unions only, no verdicts"
if command -v abidiff >/dev/null; then
	rc=0
	abidiff -t "$bench_tmp/old.elf" "$bench_tmp/new.elf" >"$bench_tmp/abidiff.out" 2>&1 || rc=$?
	if [[ $rc -eq 0 && ! -s $bench_tmp/abidiff.out ]]; then
		what="reads no types from BTF: exit 0, reports no change at all"
	else
		what="cannot read BTF (exit $rc: $(head -1 "$bench_tmp/abidiff.out" | cut -c1-60))"
	fi
	printf '%-34s %10s %10s %s\n' "abidiff -t $(abidiff --version | cut -d' ' -f2)" "-" "-" "$what"
else
	printf '%-34s %10s %10s %s\n' "abidiff" "-" "-" "not installed"
fi
echo
echo "ratio pahole script / kabiscan (raw BTF): $(bench_ratio "$p" "$kr")x"
echo "ratio pahole script / kabiscan (bzImage): $(bench_ratio "$p" "$k")x"
if cmp -s <(tail -1 "$bench_tmp/kabiscan.out") <(tail -1 "$bench_tmp/kabiscan_raw.out"); then
	echo "kabiscan gives the same summary from the bzImage and from the raw blob"
else
	echo "MISMATCH: bzImage and raw BTF summaries differ"
fi
echo "target < 2 s: $(bench_mark "$k" 'x < 2000')   target < 500 MiB: $(bench_mark "$(bench_stat kabiscan 3 max)" 'x < 512000')"

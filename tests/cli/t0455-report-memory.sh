#!/bin/bash
# Memory does not grow with the number of kernels (issue 16): report keeps
# a small copy of the types each kernel holds and frees the kernel's BTF
# once it is looked up. The 12 corpus kernels with raw BTF, 5 times over
# under new releases (roots of symbolic links, as bench/scale.sh makes
# them): each of the 48 kernels past the first 12 must add under 1 MiB
# to the peak RSS (a vmlinux BTF is 4 to 6 MiB; all were kept before). The
# answers do not depend on -j, and "did you mean" still names the closest
# type when every kernel's BTF is gone. A sanitizer build is not measured.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
if ! /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	skip "GNU time (/usr/bin/time) is not installed"
fi

# roots N: $WORK/N/RELEASE for N kernels, kernel i being the i mod 12-th
# corpus kernel with raw BTF, its patch level set to 1000+i.
src=()
for v in "$DEB"/*/sys/kernel/btf/vmlinux; do src+=("${v%/sys/kernel/btf/vmlinux}"); done
[ ${#src[@]} -ge 12 ] || skip "the corpus has ${#src[@]} kernels with raw BTF, not 12"
roots() {
	local n=$1 i s rel
	for ((i = 0; i < n; i++)); do
		s=${src[i % 12]}
		rel=$(basename "$s" | sed -E "s/^([0-9]+\.[0-9]+)\.[0-9]+/\1.$((1000 + i))/")
		mkdir -p "$WORK/$n/$rel/sys/kernel/btf"
		ln -s "$s/sys/kernel/btf/vmlinux" "$WORK/$n/$rel/sys/kernel/btf/vmlinux"
	done
}
roots 12
roots 60

# rss N J: peak RSS in KiB of a report of N kernels on J threads; the
# report (JSON) goes to $WORK/report-N-J.
rss() {
	if /usr/bin/time -f %M -o "$WORK/rss" "$KABISCAN" report -q --no-cache -j "$2" \
		"$WORK/$1"/* -t 'struct resource' -t 'struct list_head' -f json >"$WORK/report-$1-$2" \
		2>"$WORK/err"; then
		tail -n 1 "$WORK/rss"
	else
		fail "report of $1 kernels: $(head -c 300 "$WORK/err")"
		echo 0
	fi
}
small=$(rss 12 2)
large=$(rss 60 2)
rss 60 1 >/dev/null
if cmp -s "$WORK/report-60-1" "$WORK/report-60-2"; then
	pass "a report of 60 kernels is the same on 1 and 2 threads"
else
	fail "a report of 60 kernels differs between -j 1 and -j 2"
fi
n=$(grep -o '"state": *"present"' "$WORK/report-60-2" | wc -l)
if [ "$n" = 120 ]; then
	pass "120 cells present in 60 kernels"
else
	fail "$n cells present in 60 kernels, want 120: $(head -c 300 "$WORK/report-60-2")"
fi
if [[ $KABISCAN == */asan/* ]]; then
	echo "skip - $TEST_NAME: peak RSS: not measured in a sanitizer build"
else
	per=$(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.2f", (a - b) / 1024 / 48 }')
	if awk -v p="$per" 'BEGIN { exit !(p < 1) }'; then
		pass "peak RSS $((small / 1024)) MiB for 12 kernels, $((large / 1024)) MiB for 60: $per MiB per kernel"
	else
		fail "peak RSS $((small / 1024)) MiB for 12 kernels, $((large / 1024)) MiB for 60: $per MiB per kernel, want under 1"
	fi
fi

# A name found nowhere, once every kernel's BTF is freed.
expect_error "did you mean 'struct resource'\\?" \
	"$KABISCAN" report -q --no-cache "$WORK/60"/* -t 'struct resourc'

finish

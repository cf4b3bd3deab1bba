#!/bin/bash
# report --format markdown for CI comments: a summary table first, each
# distinct definition once in a collapsed block, and a budget (--max-bytes,
# default 65536, what a GitHub comment holds; 0: none): a type that does not
# fit loses its definitions, then its section, and the end says which.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
T=vfio_pci_regops,vfio_device_ops,vfio_pci_core_device

golden md-budget-20000.md "$KABISCAN" report --format markdown --max-bytes 20000 "$DEB"/* -t "$T"
"$KABISCAN" report --format md --max-bytes 0 "$DEB"/* -t "$T" >"$WORK/all.md"
"$KABISCAN" report --format md "$DEB"/* -t "$T" >"$WORK/default.md"
n=$(wc -c <"$WORK/md-budget-20000.md.out")
if [ "$n" -le 20000 ] && tail -1 "$WORK/md-budget-20000.md.out" | grep -q '^\*Left out to stay within 20000 bytes'; then
	pass "--max-bytes 20000: $n bytes, what was left out said at the end"
else
	fail "--max-bytes 20000: $n bytes, last line '$(tail -1 "$WORK/md-budget-20000.md.out")'"
fi
if cmp -s "$WORK/all.md" "$WORK/default.md" && ! grep -q 'Left out' "$WORK/all.md"; then
	pass "three vfio types over the corpus fit the default budget whole ($(wc -c <"$WORK/all.md") bytes)"
else
	fail "three vfio types: the default budget cut something"
fi
# The summary comes first, one row per type.
sed -n '1p;5,7p' "$WORK/all.md" | cut -d'|' -f1-3 >"$WORK/head"
printf '%s\n' '## kabiscan report: 3 types, 18 kernels' "| \`vfio_pci_regops\` | 14 " \
	"| \`vfio_device_ops\` | 14 " "| \`vfio_pci_core_device\` | 13 " >"$WORK/want"
if cmp -s "$WORK/head" "$WORK/want"; then
	pass "the summary table comes first"
else
	fail "no summary table first: $(head -7 "$WORK/all.md")"
fi
# Each distinct definition once: 13 kernels share vfio_pci_regops' 6.1 text.
if [ "$(grep -c '^<details><summary>' "$WORK/all.md")" -lt 18 ]; then
	pass "identical definitions are shown once ($(grep -c '^<details><summary>' "$WORK/all.md") blocks)"
else
	fail "identical definitions are repeated"
fi
# Over the default budget: task_struct across the corpus.
"$KABISCAN" report --format md "$DEB"/* -t "$T,task_struct" >"$WORK/big.md"
n=$(wc -c <"$WORK/big.md")
"$KABISCAN" report --format md --max-bytes 0 "$DEB"/* -t "$T,task_struct" >"$WORK/big-all.md"
if [ "$n" -le 65536 ] && [ "$(wc -c <"$WORK/big-all.md")" -gt 65536 ] &&
	grep -q "^\\*Left out to stay within 65536 bytes.*\`task_struct\`" "$WORK/big.md"; then
	pass "task_struct too: $(wc -c <"$WORK/big-all.md") bytes cut to $n"
else
	fail "task_struct too: $n bytes of $(wc -c <"$WORK/big-all.md"): $(tail -1 "$WORK/big.md")"
fi
usage_error "--max-bytes is for the markdown format" report --max-bytes 100 "$DEB/6.1.0-50-amd64" \
	-t resource
usage_error "--max-bytes takes a number of bytes, not '1k'" report --format md --max-bytes 1k \
	"$DEB/6.1.0-50-amd64" -t resource
finish

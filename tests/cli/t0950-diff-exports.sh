#!/bin/bash
# diff and check compare a func entry's export too, and a sym entry's (data
# such as jiffies, as deps writes them): export-removed
# (__kmalloc, 6.1 -> 6.12), export-added, export-now-gpl-only (breaking, or
# compatible with --license GPL), namespace-changed and crc-changed (6.1
# generic -> cloud), in every format; snapshot records the exports and
# check gates them.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool jq
SPEC=$TOP/tests/cli/diff/exports.spec
OLD=$DEB/6.1.0-50-amd64
NEW=$DEB/6.12.117+deb13-amd64

GOLDEN_EXIT=8 golden diff-exports.txt "$KABISCAN" diff "$OLD" "$NEW" --spec "$SPEC"
for f in json:json md:markdown junit.xml:junit; do
	GOLDEN_EXIT=8 golden "diff-exports.${f%%:*}" "$KABISCAN" diff "$OLD" "$NEW" --spec "$SPEC" \
		--format "${f#*:}"
done
# A GPL module may use what became GPL-only; other licenses may not.
"$KABISCAN" diff "$OLD" "$NEW" -t 'func recalibrate_cpu_khz' --license 'Dual MIT/GPL' >"$WORK/gpl.txt"
rc=$?
if [ $rc -eq 0 ] && grep -q '^  compatible  export-now-gpl-only .*\[gpl-module\]$' "$WORK/gpl.txt"; then
	pass "--license 'Dual MIT/GPL': export-now-gpl-only is compatible, exit 0"
else
	fail "--license 'Dual MIT/GPL': exit $rc: $(cat "$WORK/gpl.txt")"
fi
expect_exit 8 "$KABISCAN" diff "$OLD" "$NEW" -t 'func recalibrate_cpu_khz' --license Proprietary
expect_exit 4 "$KABISCAN" diff "$OLD" "$NEW" -t 'func __kmalloc_noprof' --fail-on compatible
# Same version, another flavour: only the CRCs differ.
GOLDEN_EXIT=8 golden diff-exports-cloud.txt "$KABISCAN" diff "$OLD" "$DEB/6.1.0-50-cloud-amd64" \
	-t 'func vfio_pci_core_register_device,func __kmalloc'
# A kernel whose exports are unknown (raw BTF) compares types only; a sym
# entry, which is only an export, cannot be compared there: exit bit 1.
golden diff-exports-unknown.txt "$KABISCAN" diff "$OLD" "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" \
	-t 'func __kmalloc'
printf 'func __kmalloc\nsym jiffies\n' >"$WORK/sym.spec"
expect_exit 1 "$KABISCAN" diff "$OLD" "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" \
	--spec "$WORK/sym.spec"
if grep -q "^kabiscan: cannot check 1 of 2 types against vmlinux (first 'sym jiffies'): the exports of vmlinux are unknown" "$WORK/err" &&
	grep -q '^sym jiffies: the exports of vmlinux are unknown' "$WORK/raw"; then
	pass "sym entry against unknown exports: said in the report and on stderr"
else
	fail "sym entry against unknown exports: $(cat "$WORK/err" "$WORK/raw")"
fi

# Whole kernels: every export is compared too (Module.symvers on both
# sides), counted apart from the types in the summary, and listed after the
# types by owner ("exports of OWNER:"), each as "sym NAME".
GOLDEN_EXIT=8 golden diff-exports-whole-summary.txt "$KABISCAN" diff --summary "$OLD" "$NEW"
"$KABISCAN" diff "$OLD" "$NEW" >"$WORK/whole.txt"
"$KABISCAN" diff "$OLD" "$NEW" --format json >"$WORK/whole.json"
# vfio_exports FILE: the exports of the vfio modules in a whole-kernel diff.
vfio_exports() {
	awk '/^(exports of|in) / { p = /^exports of drivers\/vfio\// } /^summary: / { p = 0 } p' "$1"
}
golden diff-exports-whole-vfio.txt vfio_exports "$WORK/whole.txt"
golden diff-exports-whole-vfio.json jq -c '.comparisons[0] | .summary,
	(.types[] | select(.owner // "" | startswith("drivers/vfio/")) | del(.verdict))' "$WORK/whole.json"
# Exports whose CRC alone changed are summed up, one line per owner.
listed=$(sed -n '/^exports of /,/^summary: /p' "$WORK/whole.txt" |
	awk '/^sym / { n++ } / crc-changed  +[0-9]+ exports changed CRC: / { n += $3 } END { print n }')
if [ "$listed" -gt 0 ] &&
	[ "$listed" = "$(jq '.comparisons[0].summary.exports_changed' "$WORK/whole.json")" ] &&
	[ "$listed" = "$(jq '[.comparisons[0].types[] | select(.owner)] | length' "$WORK/whole.json")" ] &&
	grep -q "^summary: .*; $listed exports changed, " "$WORK/whole.txt"; then
	pass "whole kernels: the $listed changed exports listed are those the summary counts"
else
	fail "whole kernels: $listed exports listed, summary: $(jq -c '.comparisons[0].summary' "$WORK/whole.json")"
fi
# One kernel's exports unknown (raw BTF): one line says so, no export is listed.
RAW=$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux
"$KABISCAN" diff "$OLD" "$RAW" --fail-on none >"$WORK/raw.txt"
if ! grep -q '^exports of \|^sym ' "$WORK/raw.txt" &&
	[ "$(grep -c '^exports not compared: ' "$WORK/raw.txt")" = 1 ] &&
	grep -q '^summary: [0-9]* types changed, [0-9]* unchanged; exports not compared; ' "$WORK/raw.txt" &&
	grep -qx 'exports not compared: the exports of vmlinux are unknown (no Module.symvers, image or module files)' "$WORK/raw.txt" &&
	[ "$("$KABISCAN" diff "$OLD" "$RAW" --format json | jq -r '.comparisons[0].summary.exports_note')" = \
		"$(grep '^exports not compared: ' "$WORK/raw.txt")" ]; then
	pass "whole kernels, one kernel's exports unknown: said in one line, none listed"
else
	fail "whole kernels, unknown exports: $(grep export "$WORK/raw.txt" | head -5)"
fi

# A rebuild with another config changes every CRC: check sums up the exports
# whose CRC alone changed (vfio-pci-core.ko's, as deps writes them, of
# 6.1.0-47 against 6.1.0-50) in one line per section; -v and JSON keep each.
B47=$CORPUS/other-builds/6.1.0-47-amd64
if [ -d "$B47" ]; then
	"$KABISCAN" deps "$B47/lib/modules/6.1.0-47-amd64/kernel/drivers/vfio/pci/vfio-pci-core.ko" \
		>"$WORK/core.spec" 2>"$WORK/err" || fail "deps: $(cat "$WORK/err")"
	"$KABISCAN" snapshot "$B47" --spec "$WORK/core.spec" -o "$WORK/core.json" 2>"$WORK/err" ||
		fail "snapshot of 6.1.0-47: $(cat "$WORK/err")"
	GOLDEN_EXIT=8 golden check-crc-rebuild.txt "$KABISCAN" check --baseline "$WORK/core.json" "$OLD"
	"$KABISCAN" check --baseline "$WORK/core.json" "$OLD" --format json >"$WORK/crc.json"
	"$KABISCAN" check --baseline "$WORK/core.json" "$OLD" -v >"$WORK/crc-v.txt"
	summed=$(sed -n 's/^  breaking    crc-changed  *\([0-9]*\) exports changed CRC: .*/\1/p' \
		"$GOLDEN/check-crc-rebuild.txt")
	if [ -n "$summed" ] && [ "$summed" -gt 3 ] &&
		[ "$summed" = "$(jq '[.comparisons[0].types[] | select(.changes | length == 1 and
			.[0].class == "crc-changed")] | length' "$WORK/crc.json")" ] &&
		[ "$summed" = "$(grep -B1 '^  breaking    crc-changed            0x' "$WORK/crc-v.txt" |
			grep -c '^\(func\|sym\) ')" ]; then
		pass "check: $summed exports whose CRC alone changed, one line; each in JSON and with -v"
	else
		fail "check: '$summed' summed, JSON and -v differ: $(jq -c '.comparisons[0].summary' "$WORK/crc.json")"
	fi
else
	skip_case "CRCs of a rebuild" "no corpus kernel other-builds/6.1.0-47-amd64"
fi

# A sym entry is one C identifier.
for line in 'sym a b' 'sym 1x' 'sym jiffies alloc'; do
	printf '%s\n' "$line" >"$WORK/bad.spec"
	bad "^kabiscan: cannot read '.*/bad.spec': line 1: expected NAME, .* or sym NAME$" \
		diff "$OLD" "$NEW" --spec "$WORK/bad.spec"
done

# The baseline records each function's export; check gates it.
grep -v noprof "$SPEC" >"$WORK/old.spec"
"$KABISCAN" snapshot "$OLD" --spec "$WORK/old.spec" -o "$WORK/b.json" 2>"$WORK/err" ||
	fail "snapshot: $(cat "$WORK/err")"
golden baseline-exports.json jq -c '(.types[], .symbols[]) | [.name, .export]' "$WORK/b.json"
if python3 -c 'import jsonschema' 2>/dev/null; then
	# The whole-kernel diff: its summary and export entries, and a few types.
	jq '.comparisons[0].types |= ([.[] | select(.owner)][0:2000] + .[0:200])' "$WORK/whole.json" \
		>"$WORK/whole-part.json"
	for doc in "snapshot b.json" "diff diff-exports.json.out" "diff whole-part.json"; do
		if python3 - "$TOP/schemas/${doc% *}.schema.json" "$WORK/${doc#* }" <<'PY' >"$WORK/v.err" 2>&1; then
import json, sys
import jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY
			pass "${doc#* } validates against ${doc% *}.schema.json"
		else
			fail "${doc#* } does not validate: $(head -5 "$WORK/v.err")"
		fi
	done
else
	skip_case "schema" "python3-jsonschema is not installed"
fi
GOLDEN_EXIT=8 golden check-exports.txt "$KABISCAN" check --baseline "$WORK/b.json" "$NEW" \
	"$DEB/6.1.0-50-cloud-amd64" "$OLD"
expect_exit 0 "$KABISCAN" check --baseline "$WORK/b.json" "$OLD"
# A baseline export that is not one is refused, naming the file.
jq '.types[0].export = {"type": "EXPORT_SYMBOL_FOO", "owner": "vmlinux"}' "$WORK/b.json" >"$WORK/bad.json"
expect_error "^kabiscan: cannot read baseline '.*bad.json': an \"export\" needs a type" \
	"$KABISCAN" check --baseline "$WORK/bad.json" "$OLD"
finish

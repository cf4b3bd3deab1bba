#!/bin/bash
# One change model: every comparison the corpus report makes lists the
# changes `kabiscan diff A B -t T` finds, class, path, old and new alike,
# leaving out only what diff finds inside structs embedded by value (paths
# "m.x", and the size or kind of member m itself), which the report shows
# as types of their own. Where the report says the layout follows the data
# model (amd64 and i386), diff's changes are all sizes and offsets.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
TYPES=(-t vfio_pci_regops -t vfio_device_ops -t vfio_pci_device -t vfio_pci_core_device
	-t 'struct resource' -t 'enum pid_type' -t file_operations)
"$KABISCAN" report --format json "$DEB"/* "${TYPES[@]}" >"$WORK/report.json" ||
	fail "report failed"
TOP='select((.path // "") | contains(".") | not)
	| select(.path == null or (.class | IN("size-changed", "kind-changed",
						 "typedef-changed") | not))'
n=0 changed=0 model=0 bad=0
while IFS=$'\t' read -r i name a b follows; do
	jq -c ".comparisons[$i].changes[] | [.class, .path, .old, .new]" \
		"$WORK/report.json" >"$WORK/r.txt"
	rc=0
	"$KABISCAN" diff --fail-on none --format json "$DEB/$a" "$DEB/$b" -t "$name" >"$WORK/d.json" || rc=$?
	[ "$rc" -eq 0 ] || fail "diff $a $b -t $name failed with exit code $rc"
	jq -c ".comparisons[0].types[0].changes[] | $TOP | [.class, .path, .old, .new]" \
		"$WORK/d.json" >"$WORK/d.txt"
	n=$((n + 1))
	[ -s "$WORK/r.txt" ] && changed=$((changed + 1))
	if [ -n "$follows" ]; then
		model=$((model + 1))
		if [ -s "$WORK/r.txt" ] || [ ! -s "$WORK/d.txt" ] ||
			grep -v '^\["\(size-changed\|member-offset-changed\|bitfield-changed\)"' \
				"$WORK/d.txt" >"$WORK/delta"; then
			bad=$((bad + 1))
			fail "$name, $a and $b: layout follows $follows, yet: $(cat "$WORK/r.txt" "$WORK/delta")"
		fi
	elif ! diff -u "$WORK/d.txt" "$WORK/r.txt" >"$WORK/delta"; then
		bad=$((bad + 1))
		fail "$name, $a and $b: the report and diff disagree: $(cat "$WORK/delta")"
	fi
done < <(jq -r '.comparisons | to_entries[] | [.key, .value.name, .value.a_release,
						 .value.b_release, .value.layout_follows // ""] | @tsv' \
	"$WORK/report.json")
[ "$n" -ge 80 ] || fail "only $n comparisons in the report"
[ "$changed" -ge 15 ] || fail "only $changed comparisons with changes"
[ "$model" -ge 3 ] || fail "only $model comparisons whose layout follows the data model"
[ "$bad" -eq 0 ] && pass "report and diff agree on all $n comparisons ($changed with changes, $model following the data model)"
finish

#!/bin/bash
# kabiscan diff: every change class on a synthetic pair (gcc -g, pahole -J),
# golden diffs of corpus pairs in every format, whole kernels, exit-status
# bits, --fail-on and suppressions.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_tool gcc
need_tool pahole
DIR=$TOP/tests/cli/diff

# The synthetic pair: one type or function per change class.
for side in old new; do
	if ! gcc -g -c -o "$WORK/$side.o" "$DIR/$side.c" || ! pahole -J "$WORK/$side.o"; then
		skip "cannot build the synthetic pair with gcc and pahole"
	fi
done
OLD=$WORK/old.o NEW=$WORK/new.o
golden diff-classes.txt "$KABISCAN" diff "$OLD" "$NEW" --fail-on none
golden diff-classes-named.txt "$KABISCAN" diff "$OLD" "$NEW" -t outer -t s_grow -t k1 \
	--fail-on none
printf 'struct s_grow alloc\nstruct outer\n' >"$WORK/alloc.spec"
golden diff-classes-alloc.txt "$KABISCAN" diff "$OLD" "$NEW" --spec "$WORK/alloc.spec" \
	--fail-on none
golden diff-classes.json "$KABISCAN" diff "$OLD" "$NEW" --format json --fail-on none
golden diff-classes.md "$KABISCAN" diff "$OLD" "$NEW" --format markdown --fail-on none
golden diff-classes.junit.xml "$KABISCAN" diff "$OLD" "$NEW" --format junit --fail-on none

# Every class the tool knows appears in the synthetic diff.
for class in type-added type-removed size-changed member-added member-removed \
	member-renamed member-type-changed member-offset-changed bitfield-changed \
	enum-value-added enum-value-removed enum-value-changed func-added func-removed \
	func-return-changed param-added param-removed param-changed fptr-changed \
	typedef-changed; do
	if grep -q " $class " "$GOLDEN/diff-classes.txt"; then
		pass "class $class is covered"
	else
		fail "class $class is not covered by the synthetic pair"
	fi
done
if grep -q " kind-changed " "$GOLDEN/diff-classes-named.txt"; then
	pass "class kind-changed is covered"
else
	fail "class kind-changed is not covered"
fi

# Exit status: 1 error, 2 usage, 4 compatible, 8 breaking, as --fail-on asks.
expect_exit 8 "$KABISCAN" diff "$OLD" "$NEW"
expect_exit 8 "$KABISCAN" diff "$OLD" "$NEW" --fail-on breaking
expect_exit 12 "$KABISCAN" diff "$OLD" "$NEW" --fail-on compatible
expect_exit 0 "$KABISCAN" diff "$OLD" "$NEW" --fail-on none
expect_exit 0 "$KABISCAN" diff "$OLD" "$NEW" -t s_grow
expect_exit 4 "$KABISCAN" diff "$OLD" "$NEW" -t s_grow --fail-on compatible
expect_exit 0 "$KABISCAN" diff "$OLD" "$OLD" --fail-on compatible
expect_exit 2 "$KABISCAN" diff "$OLD"
expect_exit 2 "$KABISCAN" diff "$OLD" "$NEW" --fail-on sometimes
expect_exit 2 "$KABISCAN" diff "$OLD" "$NEW" --format yaml
bad "cannot open '.*/nope.o': No such file or directory" diff "$OLD" "$WORK/nope.o"
bad "unknown type 'struct no_such_type': not found in either kernel" diff "$OLD" "$NEW" \
	-t 'struct no_such_type'

# Suppressions: counted in the summary, listed only with --verbose, and
# they take the suppressed changes out of the exit status.
golden diff-suppress-all.txt "$KABISCAN" diff "$OLD" "$NEW" --suppress "$DIR/suppress-all"
golden diff-suppress-all-verbose.txt "$KABISCAN" diff "$OLD" "$NEW" \
	--suppress "$DIR/suppress-all" --verbose
expect_exit 0 "$KABISCAN" diff "$OLD" "$NEW" --suppress "$DIR/suppress-all"
expect_exit 4 "$KABISCAN" diff "$OLD" "$NEW" --suppress "$DIR/suppress-all" --fail-on compatible
expect_exit 8 "$KABISCAN" diff "$OLD" "$NEW" --suppress "$DIR/suppress-some"
"$KABISCAN" diff "$OLD" "$NEW" --suppress "$DIR/suppress-some" >"$WORK/some.txt"
if grep -q '21 breaking, 11 compatible, 1 suppressed' "$WORK/some.txt" &&
	! grep -q 'member-renamed' "$WORK/some.txt"; then
	pass "one suppressed change: counted, not listed"
else
	fail "one suppressed change: $(tail -1 "$WORK/some.txt")"
fi
# A release glob that does not match the new kernel suppresses nothing.
echo 'type="struct outer" release=6.*' >"$WORK/rel"
"$KABISCAN" diff "$OLD" "$NEW" -t outer --suppress "$WORK/rel" >"$WORK/rel.txt"
if grep -q ', 0 suppressed' "$WORK/rel.txt"; then
	pass "release glob: no match, nothing suppressed"
else
	fail "release glob matched 'new.o': $(tail -1 "$WORK/rel.txt")"
fi
printf '# c\ntype=x colour=red\n' >"$WORK/bad1"
bad "cannot read '.*/bad1': line 2: unknown key 'colour'" diff "$OLD" "$NEW" --suppress "$WORK/bad1"
printf 'class=member-moved\n' >"$WORK/bad2"
bad "cannot read '.*/bad2': line 1: unknown change class 'member-moved'" \
	diff "$OLD" "$NEW" --suppress "$WORK/bad2"
printf 'type\n' >"$WORK/bad3"
bad "cannot read '.*/bad3': line 1: expected KEY=VALUE, not 'type'" \
	diff "$OLD" "$NEW" --suppress "$WORK/bad3"
printf '# nothing\n' >"$WORK/bad4"
bad "cannot read '.*/bad4': no suppressions" diff "$OLD" "$NEW" --suppress "$WORK/bad4"
bad "cannot open '.*/missing': No such file or directory" diff "$OLD" "$NEW" \
	--suppress "$WORK/missing"

# -o: written whole or not at all.
"$KABISCAN" diff "$OLD" "$NEW" --fail-on none -o "$WORK/out.txt"
if cmp -s "$WORK/out.txt" "$GOLDEN/diff-classes.txt"; then
	pass "-o writes the golden diff"
else
	fail "-o output differs from the golden diff"
fi

need_corpus
# Corpus pairs: vfio types from 6.1 to 6.12, task_struct generic against rt,
# a vmlinux type on amd64 against 686.
SPEC=$DIR/vfio.spec
golden diff-vfio-6.1-6.12.txt "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" --spec "$SPEC" --fail-on none
golden diff-vfio-6.1-6.12.json "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" --spec "$SPEC" --format json --fail-on none
golden diff-vfio-6.1-6.12.md "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" --spec "$SPEC" --format markdown --fail-on none
golden diff-vfio-6.1-6.12.junit.xml "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" --spec "$SPEC" --format junit --fail-on none
golden diff-task_struct-generic-rt.txt "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.1.0-50-rt-amd64" -t 'struct task_struct' --fail-on none
golden diff-file_operations-amd64-686.txt "$KABISCAN" diff "$DEB/6.1.0-50-amd64" \
	"$DEB/6.1.0-50-686" -t 'struct file_operations' --ascii --fail-on none

# Whole kernels (vmlinux and modules): --summary gives the totals, the
# changes by class and the changed types by module; the whole diff starts
# with that summary, its counts are those of the changes listed after it,
# and it ends with the summary line.
golden diff-whole-6.1-6.12-summary.txt "$KABISCAN" diff --summary "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" --fail-on none
"$KABISCAN" diff "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" --fail-on none \
	>"$WORK/whole.txt"
S=$GOLDEN/diff-whole-6.1-6.12-summary.txt
if cmp -s <(head -n "$(wc -l <"$S")" "$WORK/whole.txt") "$S" &&
	[ "$(sed -n "$(($(wc -l <"$S") + 1))p" "$WORK/whole.txt")" = "" ] &&
	[ "$(tail -1 "$WORK/whole.txt")" = "$(sed -n 2p "$S")" ]; then
	pass "a whole-kernel diff starts with --summary's output and ends with its summary line"
else
	fail "a whole-kernel diff does not start with the summary"
fi
# The changes are grouped by module, in the summary table's order.
if [ "$(sed -n 's/^in \(.*\):$/\1/p' "$WORK/whole.txt" | tr '\n' ' ')" = \
	"$(sed -n '/^changed types by module:$/,$p' "$S" | awk 'NR > 2 && /^  / { printf "%s ", $1 }')" ]; then
	pass "the changes are grouped by module, as the summary counts them"
else
	fail "module groups: $(grep '^in ' "$WORK/whole.txt" | tr '\n' ' ')"
fi
tail -n +"$(($(wc -l <"$S") + 2))" "$WORK/whole.txt" |
	awk '/^  (breaking|compatible) / { n[$1 " " $2] += $4 $5 $6 == "exportschangedCRC:" ? $3 : 1 }
		END { for (k in n) print k, n[k] }' |
	sort >"$WORK/listed"
sed -n '/^changes by class:$/,/^changed types/p' "$S" | awk '/^  / && NF == 3 { print $1, $2, $3 }' |
	sort >"$WORK/summed"
if [ -s "$WORK/listed" ] && cmp -s "$WORK/listed" "$WORK/summed"; then
	pass "the summary's counts by class are those of the changes listed ($(wc -l <"$WORK/listed") classes)"
else
	fail "the summary's counts by class differ from the listing: $(diff "$WORK/summed" "$WORK/listed" | head -5)"
fi
"$KABISCAN" diff "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" --fail-on none \
	>"$WORK/whole2.txt"
if cmp -s "$WORK/whole.txt" "$WORK/whole2.txt"; then
	pass "whole-kernel diff is the same on a rerun"
else
	fail "whole-kernel diff differs between runs"
fi
grep -A3 '^struct vfio_device_ops$' "$WORK/whole.txt" >"$WORK/ops.txt"
if grep -q 'size-changed           104 → 136' "$WORK/ops.txt"; then
	pass "whole-kernel diff reaches module types (struct vfio_device_ops)"
else
	fail "whole-kernel diff misses struct vfio_device_ops: $(cat "$WORK/ops.txt")"
fi
bad "cannot compare all types of .*6.1.0-50-armmp.: it has no vmlinux BTF" \
	diff "$DEB/6.1.0-50-armmp" "$DEB/6.1.0-50-amd64"
finish

#!/bin/bash
# Type names over the corpus: -t globs ('vfio_pci_reg*', 'struct vfio_*')
# expand to the names the kernels hold, sorted, in show, report, diff and
# header, the same as naming each type, and `names` lists them; a name
# found nowhere names the
# closest one the kernels hold (by edit distance); a glob matching nothing
# is an error.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
A=$DEB/6.1.0-50-amd64
B=$DEB/6.12.117+deb12-amd64

# A glob is the names it matches, given one by one, in byte order.
golden names-glob-report.txt "$KABISCAN" report "$A" "$B" -t 'vfio_pci_reg*'
"$KABISCAN" report "$A" "$B" -t vfio_pci_region,vfio_pci_regops >"$WORK/by-name" 2>&1
if cmp -s "$WORK/by-name" "$WORK/names-glob-report.txt.out"; then
	pass "report -t 'vfio_pci_reg*' is report -t vfio_pci_region,vfio_pci_regops"
else
	fail "report -t 'vfio_pci_reg*' differs from the names given one by one"
fi
golden names-glob-show.txt "$KABISCAN" show "$A" -t 'struct vfio_pci_reg*'
golden names-glob-diff.txt "$KABISCAN" diff --fail-on none "$A" "$B" -t 'struct vfio_device_o?s'
golden names-glob-header.h "$KABISCAN" header "$A" -t 'enum vfio_device_m*'
# A name the glob already gave, named again, is reported once.
"$KABISCAN" show "$A" -t 'vfio_pci_regops,vfio_pci_reg*' >"$WORK/twice" 2>&1
if [ "$(grep -c '^struct vfio_pci_regops {' "$WORK/twice")" = 1 ]; then
	pass "a name given twice is shown once"
else
	fail "a name given twice: $(grep -c '^struct vfio_pci_regops {' "$WORK/twice") times"
fi

# names lists what globs stand for: each name once over several kernels,
# each glob's names in byte order, functions only when asked for.
golden names-vfio.txt "$KABISCAN" names "$A" "$B" -t 'vfio_pci_*,func vfio_pci_core_r*'
"$KABISCAN" names "$A" "$B" >"$WORK/all-names"
if [ "$(sort -u "$WORK/all-names" | wc -l)" = "$(wc -l <"$WORK/all-names")" ] &&
	LC_ALL=C sort -c "$WORK/all-names" && grep -qx task_struct "$WORK/all-names" &&
	! grep -q '^func ' "$WORK/all-names"; then
	pass "names: $(wc -l <"$WORK/all-names") type names of two kernels, sorted, each once"
else
	fail "names of two kernels: repeated, unsorted, or missing task_struct"
fi
bad "^kabiscan: no type matches 'nosuch_type' in 1 kernel$" names "$A" -t nosuch_type

# Names found nowhere: the closest name, of the kind asked for.
bad "^kabiscan: unknown type 'vfio_pci_regop': not found in any of 18 kernels \(14 absent, 4 without type data\); did you mean 'vfio_pci_regops'\?$" \
	report "$DEB"/* -t vfio_pci_regop
bad "^kabiscan: unknown type 'struct task_strcut': not found in 1 kernel \(1 absent, 0 without type data\); did you mean 'struct task_struct'\?$" \
	show "$A" -t 'struct task_strcut'
bad "^kabiscan: unknown type 'vfio_device_opz': not found in either kernel \(2 absent, 0 without type data\); did you mean 'vfio_device_ops'\?$" \
	diff "$A" "$B" -t vfio_device_opz
bad "^kabiscan: unknown type 'no_such_type_xyz': not found in 1 kernel \(1 absent, 0 without type data\)$" \
	show "$A" -t no_such_type_xyz
bad "^kabiscan: no type matches 'nosuch_\*' in any of 2 kernels$" report "$A" "$B" -t 'nosuch_*'
bad "^kabiscan: no type matches 'func vfio_pci_reg\*' in 1 kernel$" show "$A" -t 'func vfio_pci_reg*'
finish

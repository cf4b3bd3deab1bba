#!/bin/bash
# kabiscan modcheck: the corpus verdicts the kernel's loader would give
# (Debian 12's vfio-pci-core.ko loads on its own kernel only; 6.1.0-47's on
# its own and not on 6.1.0-50), every rule on modules built with gcc
# (tests/cli/symbols: GPL-only, namespace, CRC, missing, weak, vermagic,
# module_layout) in every format, exit statuses, and bad modules.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool gcc
FIX=$TOP/tests/cli/symbols
KO=lib/modules/6.1.0-50-amd64/kernel/drivers/vfio/pci/vfio-pci-core.ko
KO47=lib/modules/6.1.0-47-amd64/kernel/drivers/vfio/pci/vfio-pci-core.ko

GOLDEN_EXIT=8 golden modcheck-corpus.txt t20 "$KABISCAN" modcheck "$DEB/6.1.0-50-amd64/$KO" "$DEB" "$CORPUS/other-builds" --format text
expect_exit 8 "$KABISCAN" modcheck "$DEB/6.1.0-50-amd64/$KO" "$DEB" "$CORPUS/other-builds"
loads=$(grep -c '^[^ ]*: loads (' "$WORK/raw")
if [ "$loads" = 1 ] && grep -q '^6.1.0-50-amd64: loads ' "$WORK/raw"; then
	pass "6.1.0-50-amd64's vfio-pci-core.ko loads on its own kernel and no other"
else
	fail "vfio-pci-core.ko loads on $loads kernels: $(grep ': loads' "$WORK/raw" | tr '\n' ' ')"
fi
GOLDEN_EXIT=8 golden modcheck-6.1.0-47.json "$KABISCAN" modcheck "$CORPUS/other-builds/6.1.0-47-amd64/$KO47" \
	"$CORPUS/other-builds/6.1.0-47-amd64" "$DEB/6.1.0-50-amd64" --format json
expect_exit 0 "$KABISCAN" modcheck "$DEB/6.1.0-50-amd64/$KO" "$DEB/6.1.0-50-amd64"
expect_exit 0 "$KABISCAN" modcheck "$CORPUS/other-builds/6.1.0-47-amd64/$KO47" "$CORPUS/other-builds/6.1.0-47-amd64"

# Built modules: the exporter's exports (and module_layout) as the kernel's.
VM="6.1.0-50-amd64 SMP preempt mod_unload modversions "
cc_mod() {
	local out=$1
	shift
	gcc -c -fno-pie -O2 -o "$WORK/$out" "$@" || fail "cannot build $out"
}
cc_mod exporter.ko "$FIX/exporter.c"
cc_mod importer.ko -DVERMAGIC="\"$VM\"" -DIMPORT_NS='"FIX_NS2"' "$FIX/importer.c"
cc_mod importer-gpl.ko -DVERMAGIC="\"$VM\"" -DIMPORT_NS='"FIX_NS2"' -DLICENSE='"GPL v2"' "$FIX/importer.c"
cc_mod plain.ko -DVERMAGIC="\"$VM\"" -DONLY_PLAIN "$FIX/importer.c"
cc_mod nomodinfo.ko "$FIX/exporter.c" -DNO_MODINFO
"$KABISCAN" symbols "$WORK/exporter.ko" >"$WORK/fix.symvers"
printf '0xbce1a965\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n' >>"$WORK/fix.symvers"
sed 's/^0xbce1a965/0xbce1a966/' "$WORK/fix.symvers" >"$WORK/layout.symvers"

for fmt in text json junit; do
	GOLDEN_EXIT=8 golden "modcheck-rules.$fmt" t20 "$KABISCAN" modcheck "$WORK/importer.ko" "$DEB/6.1.0-50-rt-amd64" \
		--symvers "$WORK/fix.symvers" --format "$fmt"
done
expect_exit 8 "$KABISCAN" modcheck "$WORK/importer.ko" "$DEB/6.1.0-50-amd64" --symvers "$WORK/fix.symvers"
GOLDEN_EXIT=8 golden modcheck-gpl.txt t20 "$KABISCAN" modcheck "$WORK/importer-gpl.ko" "$DEB/6.1.0-50-amd64" \
	--symvers "$WORK/layout.symvers"
golden modcheck-plain.txt "$KABISCAN" modcheck "$WORK/plain.ko" "$DEB/6.1.0-50-amd64" --symvers "$WORK/fix.symvers"
expect_exit 0 "$KABISCAN" modcheck "$WORK/plain.ko" "$DEB/6.1.0-50-amd64" --symvers "$WORK/fix.symvers" -o "$WORK/plain.txt"
cmp -s "$WORK/plain.txt" "$WORK/modcheck-plain.txt.raw" 2>/dev/null || [ -s "$WORK/plain.txt" ] ||
	fail "-o wrote nothing"

# Built without modversions, for a kernel with them: the vermagic differs
# (no "modversions"), and the loader fails each import it has a CRC for.
cc_mod noversions.ko -DVERMAGIC='"6.1.0-50-amd64 SMP preempt mod_unload "' -DONLY_PLAIN \
	-DNO_VERSIONS "$FIX/importer.c"
GOLDEN_EXIT=8 golden modcheck-noversions.txt "$KABISCAN" modcheck "$WORK/noversions.ko" \
	"$DEB/6.1.0-50-amd64" --symvers "$WORK/fix.symvers"

bad "cannot read '.*nomodinfo.ko': no .modinfo section \(not a kernel module\)" modcheck "$WORK/nomodinfo.ko" "$DEB/6.1.0-50-amd64"
bad "cannot read '.*fix.symvers': not a kernel module" modcheck "$WORK/fix.symvers" "$DEB/6.1.0-50-amd64"
bad "cannot open '.*none.ko'" modcheck "$WORK/none.ko" "$DEB/6.1.0-50-amd64"
expect_exit 2 "$KABISCAN" modcheck "$WORK/plain.ko"
expect_exit 2 "$KABISCAN" modcheck "$WORK/plain.ko" "$DEB/6.1.0-50-amd64" --format html
expect_exit 2 "$KABISCAN" modcheck "$WORK/plain.ko" "$DEB" --symvers "$WORK/fix.symvers"
finish

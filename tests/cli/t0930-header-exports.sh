#!/bin/bash
# kabiscan header: KABI_EXPORTED_, KABI_EXPORT_GPL_ and KABI_EXPORT_NS_ for
# func entries, from each kernel's exports, next to KABI_HAVE_FUNC_ (in the
# type data): functions the type data knows and nobody exports read 1 and 0
# (6.1's vfio_pci_bar_rw, 5.10's vfio_pci_register_dev_region from DWARF),
# a namespace is a C string, a kernel whose exports are unknown (raw BTF)
# defines none of them, and a driver tests them with #if.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool gcc
NAMES='func dma_buf_get,func __kmalloc,func vfio_pci_bar_rw,func vfio_pci_igd_init,func jiffies_to_msecs'

"$KABISCAN" header "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb13-amd64" "$DEB/5.10.0-32-amd64" \
	-t "$NAMES" -o "$WORK/matrix.h" 2>"$WORK/err" || fail "header: $(cat "$WORK/err")"
golden header-exports.txt grep -E '^#(if|elif|else)|KABI_(HAVE_FUNC|EXPORT)' "$WORK/matrix.h"

# want FILE LINE: the header has the #define LINE.
want() {
	if grep -qxF "#define $2" "$1"; then
		pass "$(basename "$1"): $2"
	else
		fail "$(basename "$1") lacks '#define $2'"
	fi
}
"$KABISCAN" header "$DEB/6.1.0-50-amd64" -t "$NAMES" -o "$WORK/6.1.h"
want "$WORK/6.1.h" "KABI_HAVE_FUNC_VFIO_PCI_BAR_RW 1"
want "$WORK/6.1.h" "KABI_EXPORTED_VFIO_PCI_BAR_RW 0"
want "$WORK/6.1.h" "KABI_EXPORT_NS_DMA_BUF_GET \"DMA_BUF\""
"$KABISCAN" header "$DEB/5.10.0-32-amd64" -t 'func vfio_pci_register_dev_region' -o "$WORK/5.10.h"
want "$WORK/5.10.h" "KABI_HAVE_FUNC_VFIO_PCI_REGISTER_DEV_REGION 1"
want "$WORK/5.10.h" "KABI_EXPORTED_VFIO_PCI_REGISTER_DEV_REGION 0"

# Raw BTF says nothing of exports: no KABI_EXPORTED_ at all.
"$KABISCAN" header "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" -t 'func dma_buf_get' -o "$WORK/raw.h"
if grep -q 'KABI_EXPORT' "$WORK/raw.h" || ! grep -q 'KABI_HAVE_FUNC_DMA_BUF_GET 1' "$WORK/raw.h"; then
	fail "raw BTF: export macros defined, or the function missing"
else
	pass "raw BTF: KABI_HAVE_FUNC_ only, no export macros"
fi

# A driver calls a function only where it is exported.
cat >"$WORK/use.c" <<'C'
#include "6.1.h"
#if KABI_EXPORTED_VFIO_PCI_BAR_RW
#error "vfio_pci_bar_rw is not exported"
#endif
#if !KABI_EXPORTED_DMA_BUF_GET || !KABI_EXPORT_GPL_DMA_BUF_GET
#error "dma_buf_get is exported, GPL-only"
#endif
static const char ns[] = KABI_EXPORT_NS_DMA_BUF_GET;
int main(void) { return sizeof(ns) != sizeof("DMA_BUF"); }
C
if gcc -DKABI_TARGET_6_1_0_50_AMD64 -I"$WORK" -o "$WORK/use" "$WORK/use.c" 2>"$WORK/cc.err" && "$WORK/use"; then
	pass "a driver's #if on KABI_EXPORTED_ compiles as the facts say"
else
	fail "the #if test does not compile: $(head -c 300 "$WORK/cc.err")"
fi
finish

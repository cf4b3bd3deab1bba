#!/bin/bash
# kabiscan header: golden headers for one kernel and for a matrix, written
# atomically and byte for byte the same on a rerun; the header compiles.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
SPEC=$TOP/tests/cli/header/vfio.spec
golden header-6.1.0-50-amd64.h "$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$SPEC"
golden header-matrix.h "$KABISCAN" header "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" \
	"$DEB/7.2.13+deb14-amd64" --spec "$SPEC"

# -o writes the same bytes, and a second run reproduces them exactly.
"$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$WORK/a.h"
"$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$WORK/b.h"
if cmp -s "$WORK/a.h" "$WORK/b.h" && cmp -s "$WORK/a.h" "$GOLDEN/header-6.1.0-50-amd64.h"; then
	pass "-o output is the golden header, byte for byte on a rerun"
else
	fail "-o output differs between runs or from the golden header"
fi

# A failed run leaves neither the file nor a temporary beside it.
if "$KABISCAN" header "$DEB/6.1.0-50-armmp" --spec "$SPEC" -o "$WORK/c.h" 2>"$WORK/err"; then
	fail "a kernel without type data made a header"
elif left=$(compgen -G "$WORK/c.h*"); then
	fail "a failed run left $left"
elif grep -q "cannot make a header for 6.1.0-50-armmp: 'struct vfio_pci_regops' has no type data" "$WORK/err"; then
	pass "no type data: one error line, no file"
else
	fail "unexpected error: $(cat "$WORK/err")"
fi

# One release, two builds (a respin): blocks are also chosen by build-id.
mkdir -p "$WORK/respin/boot"
ln -s "$DEB/6.1.0-50-cloud-amd64/boot/vmlinuz-6.1.0-50-cloud-amd64" \
	"$WORK/respin/boot/vmlinuz-6.1.0-50-amd64"
"$KABISCAN" header "$DEB/6.1.0-50-amd64" "$WORK/respin" -t 'struct resource' >"$WORK/respin.h"
if grep -qx '#if defined(KABI_TARGET_6_1_0_50_AMD64) && defined(KABI_TARGET_BUILD_06f8bde30046985060c60820f7a11515a33afb06)' "$WORK/respin.h" &&
	grep -qx '#elif defined(KABI_TARGET_6_1_0_50_AMD64) && defined(KABI_TARGET_BUILD_bb603a9147d3efe4744bf83c83eee397c591cc20)' "$WORK/respin.h"; then
	pass "one release, two builds: blocks chosen by KABI_TARGET_BUILD_<build-id>"
else
	fail "one release, two builds: $(grep -E '^#(el)?if' "$WORK/respin.h")"
fi

# Two entries spelling one macro are refused, not written twice.
expect_error "cannot make a header: KABI_HAVE_MEMBER_KMEM_CACHE_CPU_SLAB would stand for both 'struct kmem_cache' and 'struct kmem_cache_cpu'; leave one out" \
	"$KABISCAN" header "$DEB/6.1.0-50-amd64" -t 'struct kmem_cache,struct kmem_cache_cpu'

# The facts are usable C: a driver selects a block and declares a callback.
need_tool gcc
cat >"$WORK/use.c" <<'EOC'
struct vfio_pci_core_device;
typedef long ssize_t;
typedef unsigned long size_t;
typedef long long loff_t;
typedef _Bool bool;
#include "compat.h"
#if !KABI_HAVE_STRUCT_VFIO_PCI_REGOPS || KABI_HAVE_STRUCT_VFIO_PCI_FUTURE_OPS
#error wrong presence flags
#endif
KABI_RET_VFIO_PCI_REGOPS_RW my_rw(KABI_ARG_VFIO_PCI_REGOPS_RW_1 vdev,
				  KABI_ARG_VFIO_PCI_REGOPS_RW_2 buf,
				  KABI_ARG_VFIO_PCI_REGOPS_RW_3 count,
				  KABI_ARG_VFIO_PCI_REGOPS_RW_4 ppos,
				  KABI_ARG_VFIO_PCI_REGOPS_RW_5 iswrite);
int size_is[KABI_SIZEOF_STRUCT_VFIO_PCI_REGOPS == 32 ? 1 : -1];
EOC
for target in 6_1_0_50_AMD64 6_12_117_DEB12_AMD64 7_2_13_DEB14_AMD64; do
	"$KABISCAN" header "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" \
		"$DEB/7.2.13+deb14-amd64" --spec "$SPEC" -o "$WORK/compat.h"
	if gcc -fsyntax-only -Wall -Werror -DKABI_TARGET_$target -I"$WORK" "$WORK/use.c" \
		2>"$WORK/cc"; then
		pass "the matrix header compiles for KABI_TARGET_$target"
	else
		fail "the matrix header does not compile for $target: $(head -5 "$WORK/cc")"
	fi
done
finish

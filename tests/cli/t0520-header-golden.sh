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

# ROOT/lib/modules/R names release R of ROOT alone, as Kbuild-time
# generation does with $(KERNELRELEASE).
"$KABISCAN" header "$DEB/6.1.0-50-amd64/lib/modules/6.1.0-50-amd64/" --spec "$SPEC" -o "$WORK/r.h"
if cmp -s "$WORK/r.h" "$GOLDEN/header-6.1.0-50-amd64.h"; then
	pass "ROOT/lib/modules/R: the header of release R"
else
	fail "ROOT/lib/modules/R: not the golden header of 6.1.0-50-amd64"
fi
mkdir -p "$WORK/nokernel/lib/modules/6.1.0-99-amd64"
bad "no kernel 6.1.0-99-amd64 found in '.*/nokernel' \\(from '.*'\\)" \
	header "$WORK/nokernel/lib/modules/6.1.0-99-amd64" --spec "$SPEC"

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
# A build that names no kernel of the header stops at #error, for a
# one-kernel header too; KABI_ALLOW_COMMON opts in to the shared facts.
mkdir -p "$WORK/one" "$WORK/two"
"$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$WORK/one/compat.h"
for h in "$WORK" "$WORK/one"; do
	# shellcheck disable=SC2086 # no flag is no word
	for flags in "" -DKABI_TARGET_6_1_0_47_AMD64; do
		if gcc -fsyntax-only $flags -I"$h" "$WORK/use.c" 2>"$WORK/cc"; then
			fail "$(basename "$h")/compat.h compiles with '${flags:-no target}'"
		elif grep -q 'error: #error "compat.h has no facts for this build: define KABI_TARGET_<release>' "$WORK/cc"; then
			pass "$(basename "$h")/compat.h, '${flags:-no target}': #error, no facts for this build"
		else
			fail "$(basename "$h")/compat.h, '${flags:-no target}': $(grep -m1 error "$WORK/cc")"
		fi
	done
	if gcc -fsyntax-only -Wall -Werror -DKABI_ALLOW_COMMON -I"$h" "$WORK/use.c" 2>"$WORK/cc"; then
		pass "$(basename "$h")/compat.h compiles with -DKABI_ALLOW_COMMON"
	else
		fail "$(basename "$h")/compat.h with -DKABI_ALLOW_COMMON: $(head -3 "$WORK/cc")"
	fi
done
if grep -qx '#define KABI_COMMON 1' "$WORK/compat.h" && ! grep -q '^#define KABI_COMMON' "$WORK/one/compat.h"; then
	pass "a matrix's KABI_ALLOW_COMMON block defines KABI_COMMON; one kernel's facts are its own"
else
	fail "KABI_COMMON: $(grep -c KABI_COMMON "$WORK/compat.h") in the matrix, $(grep -c KABI_COMMON "$WORK/one/compat.h") in one kernel's header"
fi

# Two phases: the facts before the types exist, the layout checks after.
cat >"$WORK/two/two.c" <<'EOC'
#include "compat.h"
#if !KABI_HAVE_STRUCT_VFIO_PCI_REGION
#error no presence flag before the types
#endif
struct vfio_pci_region { unsigned int type, subtype; const void *ops; void *data;
			 unsigned long size; unsigned int flags; };
#define KABI_CHECK_LAYOUT 1
#include "compat.h"
EOC
for wrong in "" "unsigned int flags;/unsigned int flags, extra[3];"; do
	sed "s/${wrong:-^/}/" "$WORK/two/two.c" >"$WORK/two/x.c"
	"$KABISCAN" header "$DEB/6.1.0-50-amd64" -t 'struct vfio_pci_region' -o "$WORK/two/compat.h"
	gcc -fsyntax-only -Wall -Werror -DKABI_TARGET_6_1_0_50_AMD64 "$WORK/two/x.c" 2>"$WORK/cc"
	rc=$?
	if [ -z "$wrong" ] && [ $rc -eq 0 ]; then
		pass "two phases: presence flags before the types, layout checks after, no guard tricks"
	elif [ -n "$wrong" ] && grep -q 'static assertion failed: "kabiscan: sizeof(struct vfio_pci_region) is not 40' "$WORK/cc"; then
		pass "two phases: the second include checks the layout"
	else
		fail "two phases (${wrong:-as is}): rc $rc: $(grep -m1 error "$WORK/cc")"
	fi
done

# "nolayout" in the spec: the type's facts stay, its layout checks go.
printf 'struct vfio_pci_regops nolayout\nstruct vfio_pci_region alloc nolayout\ntypedef loff_t\n' >"$WORK/nl.spec"
"$KABISCAN" header "$DEB/6.1.0-50-amd64" --spec "$WORK/nl.spec" -o "$WORK/nl.h"
if grep -q '^#define KABI_SIZEOF_STRUCT_VFIO_PCI_REGOPS 32$' "$WORK/nl.h" &&
	grep -qx '/\* struct vfio_pci_region: vfio_pci_core, BTF; no layout checks (nolayout) \*/' "$WORK/nl.h" &&
	[ "$(grep -c '^_Static_assert' "$WORK/nl.h")" -eq 1 ] &&
	grep -q '^_Static_assert(sizeof(loff_t) == 8' "$WORK/nl.h"; then
	pass "nolayout: facts kept, layout checks only for the other types"
else
	fail "nolayout: $(grep -c '^_Static_assert' "$WORK/nl.h") checks: $(grep '^_Static' "$WORK/nl.h" | head -3)"
fi
printf 'struct a nolayout extra\n' >"$WORK/bad.spec"
bad "cannot read '.*/bad.spec': line 1: expected NAME, struct\|union\|enum\|typedef\|func NAME, then maybe alloc or nolayout, or sym NAME" \
	header "$DEB/6.1.0-50-amd64" --spec "$WORK/bad.spec" -o "$WORK/x.h"
finish

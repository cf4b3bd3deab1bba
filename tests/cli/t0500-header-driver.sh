#!/bin/bash
# The example vfio-pci variant driver (examples/vfio-variant) builds with
# Kbuild, warning-free at W=1, against Debian's real linux-headers of two
# corpus kernels, with the compat.h kabiscan makes from each kernel's type
# data, and with one header made from both (the block chosen by Kbuild's
# -DKABI_TARGET_<release>). Its static asserts (-DKABI_CHECK_LAYOUT) and
# callback prototypes are checked against the kernel headers, and a header
# that is wrong for the kernel must stop the build. The example is built
# in two phases (compat.h before and after the kernel headers) and with one
# include. A build for a kernel the header does not cover (6.12 with 6.1's
# header; 6.1.0-47, which is in no header) stops at the header's #error,
# unless it asks for the shared facts with KABI_ALLOW_COMMON.
#
# The headers come from Debian's packages (see kbuild.sh). Skips when they
# cannot be fetched or the kernel's compiler (gcc-12) is missing.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbuild.sh"
need_corpus
need_tool make
need_tool readelf
need_tool dpkg
EXAMPLE=$TOP/examples/vfio-variant
RELEASES=(6.1.0-50-amd64 6.12.117+deb12-amd64)
# In no header: its vfio_pci_core_device is 8 bytes smaller than 6.1.0-50's.
OUTSIDE=6.1.0-47-amd64

[ "$(dpkg --print-architecture)" = amd64 ] ||
	skip "the headers are amd64 ones; this is $(dpkg --print-architecture)"
for rel in "${RELEASES[@]}"; do
	[ -d "$DEB/$rel" ] || skip "corpus has no $rel"
done

# build NAME KDIR COMPAT [MAKE ARGS...]: copy the example and COMPAT to
# WORK/NAME and build it there with Kbuild; the log is WORK/NAME.log.
build() {
	local name=$1 kdir=$2 compat=$3 dir=$WORK/$1
	shift 3
	rm -rf "$dir"
	cp -r "$EXAMPLE" "$dir"
	rm -f "$dir/compat.h"
	cp "$compat" "$dir/compat.h"
	make -C "$kdir" M="$dir" W=1 "$@" modules >"$WORK/$name.log" 2>&1
}

# clean_build WHAT NAME KDIR COMPAT [MAKE ARGS...]: build, and fail (saying
# WHAT) when the build fails or warns; returns non-zero then.
clean_build() {
	local what=$1 name=$2
	shift 2
	if ! build "$name" "$@"; then
		fail "$what: the build failed:"
		grep -E 'error|warning' "$WORK/$name.log" | head -20
		return 1
	elif grep -qi 'warning:' "$WORK/$name.log"; then
		fail "$what: the build has warnings:"
		grep -i 'warning:' "$WORK/$name.log" | head -20
		return 1
	fi
}

# target REL: the macro Kbuild defines for REL.
target() { printf 'KABI_TARGET_%s' "$(echo "$1" | LC_ALL=C tr -c 'A-Za-z0-9\n' '_' | LC_ALL=C tr '[:lower:]' '[:upper:]')"; }

# modinfo FIELD KO: a field of the module's .modinfo (kmod may be missing).
modinfo_field() {
	readelf -p .modinfo "$2" | sed -n "s/.*\] *$1=//p"
}

declare -A KDIRS
for rel in "${RELEASES[@]}"; do
	headers_tree "$rel" || continue
	cc=$(compiler "$KDIR")
	need_tool "${cc:-gcc-12}"
	need_tool "x86_64-linux-gnu-${cc:-gcc-12}"
	KDIRS[$rel]=$KDIR
	echo "# $rel: $KDIR (${cc:-gcc-12})"
done

# One kernel per header: the header kabiscan makes from the kernel's BTF.
for rel in "${RELEASES[@]}"; do
	kdir=${KDIRS[$rel]:-}
	[ -n "$kdir" ] || continue
	if ! "$KABISCAN" header "$DEB/$rel" --spec "$EXAMPLE/vfio.spec" -o "$WORK/$rel.h" 2>"$WORK/err"; then
		fail "$rel: kabiscan header: $(head -c 300 "$WORK/err")"
		continue
	fi
	if ! clean_build "$rel" "$rel" "$kdir" "$WORK/$rel.h"; then
		:
	elif [ "$(modinfo_field kabi_release "$WORK/$rel/vfio_variant.ko")" != "$rel" ] ||
		[ "$(modinfo_field vermagic "$WORK/$rel/vfio_variant.ko" | cut -d' ' -f1)" != "$rel" ]; then
		fail "$rel: vfio_variant.ko: kabi_release '$(modinfo_field kabi_release "$WORK/$rel/vfio_variant.ko")', vermagic '$(modinfo_field vermagic "$WORK/$rel/vfio_variant.ko")'"
	else
		pass "$rel: vfio_variant.ko builds warning-free (W=1) with its compat.h, two phases ($(grep -c "^_Static_assert.* as in $rel\");" "$WORK/$rel.h") layout asserts)"
	fi
	# One include after the kernel headers, -DKABI_CHECK_LAYOUT from Kbuild.
	if ! clean_build "$rel, one include" "$rel-one" "$kdir" "$WORK/$rel.h" KABI_ONE_INCLUDE=1; then
		:
	elif ! grep -q 'DKABI_CHECK_LAYOUT.*DVV_ONE_INCLUDE\|DVV_ONE_INCLUDE.*DKABI_CHECK_LAYOUT' "$WORK/$rel-one/.vfio_variant.o.cmd"; then
		fail "$rel: KABI_ONE_INCLUDE=1 did not build with -DVV_ONE_INCLUDE -DKABI_CHECK_LAYOUT"
	else
		pass "$rel: builds warning-free with one include and -DKABI_CHECK_LAYOUT"
	fi
done

# The example's own Makefile makes compat.h with kabiscan and builds.
rel=${RELEASES[0]}
if [ -n "${KDIRS[$rel]:-}" ]; then
	rm -rf "$WORK/mk"
	cp -r "$EXAMPLE" "$WORK/mk"
	rm -f "$WORK/mk/compat.h"
	if make -C "$WORK/mk" KDIR="${KDIRS[$rel]}" KABISCAN="$KABISCAN" KABI_KERNELS="$DEB/$rel" \
		>"$WORK/mk.log" 2>&1 && [ -f "$WORK/mk/vfio_variant.ko" ] && cmp -s "$WORK/mk/compat.h" "$WORK/$rel.h"; then
		pass "make KDIR=... KABI_KERNELS=... in the example makes compat.h and the module"
	else
		fail "the example's Makefile: $(tail -5 "$WORK/mk.log")"
	fi
fi

# One header for both kernels; Kbuild's -DKABI_TARGET_<release> picks the block.
if [ ${#KDIRS[@]} -eq ${#RELEASES[@]} ]; then
	roots=()
	for rel in "${RELEASES[@]}"; do
		roots+=("$DEB/$rel")
	done
	if "$KABISCAN" header "${roots[@]}" --spec "$EXAMPLE/vfio.spec" -o "$WORK/matrix.h" 2>"$WORK/err"; then
		for rel in "${RELEASES[@]}"; do
			ko=$WORK/matrix-$rel/vfio_variant.ko
			if ! clean_build "$rel, two-kernel header" "matrix-$rel" "${KDIRS[$rel]}" \
				"$WORK/matrix.h"; then
				:
			elif [ "$(modinfo_field kabi_release "$ko")" != "$rel" ]; then
				fail "$rel: the two-kernel header gave block '$(modinfo_field kabi_release "$ko")', want $rel"
			else
				pass "$rel: builds warning-free with the two-kernel header, its own block selected"
			fi
		done
	else
		fail "two-kernel header: $(head -c 300 "$WORK/err")"
	fi
fi

# A header that does not describe the kernel must stop the build.
# expect_break NAME REL SED-SCRIPT PATTERN: REL's header edited by SED-SCRIPT.
expect_break() {
	local name=$1 rel=$2 edit=$3 pattern=$4
	[ -n "${KDIRS[$rel]:-}" ] && [ -f "$WORK/$rel.h" ] || return 0
	sed "$edit" "$WORK/$rel.h" >"$WORK/$name.h"
	if cmp -s "$WORK/$rel.h" "$WORK/$name.h"; then
		fail "$name: the edit '$edit' changed nothing in the header"
	elif build "$name" "${KDIRS[$rel]}" "$WORK/$name.h"; then
		fail "$name: the build did not fail"
	elif grep -q -- "$pattern" "$WORK/$name.log"; then
		pass "$name: the build fails: $(grep -m1 -- "$pattern" "$WORK/$name.log" | sed 's/^.*error: //' | cut -c1-110)"
	else
		fail "$name: the build failed, but not with '$pattern': $(grep -m1 'error' "$WORK/$name.log")"
	fi
}
rel=${RELEASES[0]}
expect_break "wrong-rw-prototype" "$rel" 's/^#define KABI_RET_VFIO_PCI_REGOPS_RW ssize_t$/#define KABI_RET_VFIO_PCI_REGOPS_RW size_t/' \
	'incompatible-pointer-types'
expect_break "wrong-offset" "$rel" 's/(struct vfio_pci_region, ops) == 8,/(struct vfio_pci_region, ops) == 16,/' \
	'static assertion failed: "kabiscan: __builtin_offsetof(struct vfio_pci_region, ops)'
expect_break "wrong-func-prototype" "$rel" 's/^\(#define KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_5\) size_t$/\1 u32/' \
	'vfio_pci_core_register_dev_region() differs from compat.h'
# 6.12's header (vfio_device_ops has bind_iommufd, and is 32 bytes larger)
# used with 6.1's kernel headers: Kbuild names 6.1, which the header does
# not cover; forced to 6.12's block, the layout asserts stop the build.
r0=${RELEASES[0]} r1=${RELEASES[1]}
if [ -n "${KDIRS[$r0]:-}" ] && [ -f "$WORK/$r1.h" ]; then
	if build "other-kernel" "${KDIRS[$r0]}" "$WORK/$r1.h"; then
		fail "$r1's header with $r0's kernel headers: the build did not fail"
	elif grep -q 'error: #error "compat.h has no facts for this build' "$WORK/other-kernel.log"; then
		pass "$r1's header with $r0's kernel headers: #error, no facts for this build"
	else
		fail "$r1's header with $r0's kernel headers: $(grep -m1 'error' "$WORK/other-kernel.log")"
	fi
	if build "forced-kernel" "${KDIRS[$r0]}" "$WORK/$r1.h" \
		KCFLAGS="-D$(target "$r1")"; then
		fail "$r1's header forced onto $r0's kernel headers: the build did not fail"
	elif grep -q 'static assertion failed: "kabiscan: sizeof(struct vfio_device_ops)' "$WORK/forced-kernel.log"; then
		pass "$r1's header forced onto $r0's kernel headers: the layout asserts stop the build"
	else
		fail "$r1's header forced onto $r0's kernel headers: $(grep -m1 'error' "$WORK/forced-kernel.log")"
	fi
fi

# A kernel in no header: #error, both for a one-kernel header and for the
# two-kernel one, unless the build opts in to the shared facts.
HEADERS_OPTIONAL=1
if headers_tree "$OUTSIDE"; then
	kdir=$KDIR
	for h in "$r0" matrix; do
		[ -f "$WORK/$h.h" ] || continue
		if build "outside-$h" "$kdir" "$WORK/$h.h"; then
			fail "$OUTSIDE with the $h header: the build did not fail"
		elif grep -q 'error: #error "compat.h has no facts for this build' "$WORK/outside-$h.log"; then
			pass "$OUTSIDE with the $h header: the build stops at #error"
		else
			fail "$OUTSIDE with the $h header: $(grep -m1 'error' "$WORK/outside-$h.log")"
		fi
	done
	if [ -f "$WORK/matrix.h" ]; then
		ko=$WORK/common/vfio_variant.ko
		if ! clean_build "$OUTSIDE with KABI_ALLOW_COMMON=1" common "$kdir" "$WORK/matrix.h" \
			KABI_ALLOW_COMMON=1; then
			:
		elif [ "$(modinfo_field kabi_release "$ko")" != "(the facts common to all kernels in compat.h)" ]; then
			fail "$OUTSIDE with KABI_ALLOW_COMMON=1: kabi_release '$(modinfo_field kabi_release "$ko")'"
		else
			pass "$OUTSIDE with KABI_ALLOW_COMMON=1: builds warning-free on the shared facts"
		fi
	fi
fi
finish

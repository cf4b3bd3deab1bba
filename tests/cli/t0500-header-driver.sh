#!/bin/bash
# The example vfio-pci variant driver (examples/vfio-variant) builds with
# Kbuild, warning-free at W=1, against Debian's real linux-headers of two
# corpus kernels, with the compat.h kabiscan makes from each kernel's type
# data, and with one header made from both (the block chosen by Kbuild's
# -DKABI_TARGET_<release>). Its static asserts (-DKABI_CHECK_LAYOUT) and
# callback prototypes are checked against the kernel headers, and a header
# that is wrong for the kernel must stop the build.
#
# Headers already installed (/usr/src/linux-headers-R) are used as they
# are. Others are fetched with `apt-get download` (headers, -common and
# linux-kbuild; not linux-image, which linux-headers-6.12 depends on) and
# unpacked with `dpkg -x` under KABISCAN_TEST_CACHE (default
# /var/tmp/kabiscan-test), where a later run finds them. Skips when they
# cannot be fetched or the kernel's compiler (gcc-12) is missing.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/cli/kbuild.sh
. "$(dirname "$0")/kbuild.sh"
need_corpus
need_tool make
need_tool readelf
need_tool dpkg
EXAMPLE=$TOP/examples/vfio-variant
RELEASES=(6.1.0-50-amd64 6.12.117+deb12-amd64)

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
	if ! build "$rel" "$kdir" "$WORK/$rel.h"; then
		fail "$rel: the example does not build:"
		grep -E 'error|warning' "$WORK/$rel.log" | head -20
	elif grep -qi 'warning:' "$WORK/$rel.log"; then
		fail "$rel: the example builds with warnings:"
		grep -i 'warning:' "$WORK/$rel.log" | head -20
	elif [ "$(modinfo_field kabi_release "$WORK/$rel/vfio_variant.ko")" != "$rel" ] ||
		[ "$(modinfo_field vermagic "$WORK/$rel/vfio_variant.ko" | cut -d' ' -f1)" != "$rel" ]; then
		fail "$rel: vfio_variant.ko: kabi_release '$(modinfo_field kabi_release "$WORK/$rel/vfio_variant.ko")', vermagic '$(modinfo_field vermagic "$WORK/$rel/vfio_variant.ko")'"
	elif ! grep -q 'DKABI_CHECK_LAYOUT' "$WORK/$rel/.vfio_variant.o.cmd"; then
		fail "$rel: the example was not built with -DKABI_CHECK_LAYOUT"
	else
		pass "$rel: vfio_variant.ko builds warning-free (W=1) with its compat.h ($(grep -c '^_Static_assert' "$WORK/$rel.h") layout asserts)"
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
			if ! build "matrix-$rel" "${KDIRS[$rel]}" "$WORK/matrix.h"; then
				fail "$rel: the example does not build with the two-kernel header:"
				grep -E 'error|warning' "$WORK/matrix-$rel.log" | head -20
			elif grep -qi 'warning:' "$WORK/matrix-$rel.log"; then
				fail "$rel: the example builds with warnings with the two-kernel header:"
				grep -i 'warning:' "$WORK/matrix-$rel.log" | head -20
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
# used with 6.1's kernel headers.
if [ -n "${KDIRS[${RELEASES[0]}]:-}" ] && [ -f "$WORK/${RELEASES[1]}.h" ]; then
	if build "other-kernel" "${KDIRS[${RELEASES[0]}]}" "$WORK/${RELEASES[1]}.h"; then
		fail "${RELEASES[1]}'s header with ${RELEASES[0]}'s kernel headers: the build did not fail"
	elif grep -q 'static assertion failed: "kabiscan: sizeof(struct vfio_device_ops)' "$WORK/other-kernel.log"; then
		pass "${RELEASES[1]}'s header with ${RELEASES[0]}'s kernel headers: the layout asserts stop the build"
	else
		fail "${RELEASES[1]}'s header with ${RELEASES[0]}'s kernel headers: $(grep -m1 'error' "$WORK/other-kernel.log")"
	fi
fi
finish

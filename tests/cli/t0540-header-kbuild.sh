#!/bin/bash
# compat.h made at Kbuild time, as DKMS builds a module: make -C KDIR
# M=$PWD, no outer Makefile. The example's Kbuild (KABI_GENERATE=1) runs
# kabiscan header on KABI_ROOT/lib/modules/$(KERNELRELEASE), here a root
# unpacked from Debian's linux-image-6.1.0-47-amd64-unsigned, a release
# that is in no corpus folder, with KDIR from its linux-headers. The module
# must build warning-free with that kernel's facts, and a second build must
# leave compat.h as it is. Skips, saying why, when the packages cannot be
# fetched (no network).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbuild.sh"
need_tool make
need_tool dpkg
need_tool readelf
REL=6.1.0-47-amd64
EXAMPLE=$TOP/examples/vfio-variant

[ "$(dpkg --print-architecture)" = amd64 ] ||
	skip "the packages are amd64 ones; this is $(dpkg --print-architecture)"
headers_tree "$REL"
cc=$(compiler "$KDIR")
need_tool "${cc:-gcc-12}"
need_tool "x86_64-linux-gnu-${cc:-gcc-12}"
image_root "$REL"
echo "# $REL: headers $KDIR, root $ROOT"

cp -r "$EXAMPLE" "$WORK/dkms"
rm -f "$WORK/dkms/compat.h"
dkms_make() {
	make -C "$KDIR" M="$WORK/dkms" W=1 KABI_GENERATE=1 KABI_ROOT="$ROOT" KABISCAN="$KABISCAN" \
		modules >"$WORK/$1.log" 2>&1
}
ko=$WORK/dkms/vfio_variant.ko
if ! dkms_make build; then
	fail "the Kbuild-time build failed:"
	grep -E 'error|warning|kabiscan' "$WORK/build.log" | head -20
elif grep -qi 'warning:' "$WORK/build.log"; then
	fail "the Kbuild-time build has warnings:"
	grep -i 'warning:' "$WORK/build.log" | head -20
elif ! grep -qx "#define KABI_RELEASE \"$REL\"" "$WORK/dkms/compat.h" ||
	! grep -q "^#if defined(KABI_TARGET_6_1_0_47_AMD64)" "$WORK/dkms/compat.h"; then
	fail "compat.h is not $REL's: $(grep -m1 KABI_RELEASE "$WORK/dkms/compat.h")"
elif [ "$(readelf -p .modinfo "$ko" | sed -n 's/.*\] *kabi_release=//p')" != "$REL" ]; then
	fail "vfio_variant.ko says kabi_release '$(readelf -p .modinfo "$ko" | sed -n 's/.*\] *kabi_release=//p')'"
else
	pass "make -C KDIR M=... KABI_GENERATE=1: compat.h made for $REL at Kbuild time, module built warning-free"
fi

# A second build regenerates compat.h to the same bytes and leaves it alone.
cp -p "$WORK/dkms/compat.h" "$WORK/first.h"
sleep 1
if dkms_make again && [ "$WORK/dkms/compat.h" -ot "$WORK/dkms/vfio_variant.ko" ] &&
	[ ! "$WORK/dkms/compat.h" -nt "$WORK/first.h" ] && cmp -s "$WORK/first.h" "$WORK/dkms/compat.h" &&
	[ ! -e "$WORK/dkms/compat.h.new" ]; then
	pass "a rebuild leaves an unchanged compat.h as it is"
else
	fail "a rebuild replaced compat.h or failed: $(tail -3 "$WORK/again.log")"
fi

# A root without that release: the build stops, naming it.
mkdir -p "$WORK/empty/lib/modules/$REL"
if make -C "$KDIR" M="$WORK/dkms" KABI_GENERATE=1 KABI_ROOT="$WORK/empty" KABISCAN="$KABISCAN" \
	modules >"$WORK/empty.log" 2>&1; then
	fail "a root without $REL built"
elif grep -q "kabiscan: no kernel $REL found in '$WORK/empty' " "$WORK/empty.log"; then
	pass "a root without the kernel: the build stops, kabiscan says why"
else
	fail "a root without $REL: $(grep -m1 -i 'error\|kabiscan' "$WORK/empty.log")"
fi
finish

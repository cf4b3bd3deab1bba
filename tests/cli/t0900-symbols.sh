#!/bin/bash
# kabiscan symbols: a kernel's exports from Module.symvers (given back byte
# for byte) and from the binaries, cross-checked on every corpus kernel and
# module (--check: Module.symvers and the ksymtab of the vmlinuz and of each
# module must agree on every symbol they share), rebuilt from the binaries,
# as JSON, from RHEL's boot/symvers-R.gz and an absolute build link, and
# bad input: Module.symvers lines, a truncated ksymtab, short CRC sections.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool gcc
FIX=$TOP/tests/cli/symbols

# Every corpus kernel's Module.symvers comes back byte for byte.
for root in "$DEB"/* "$CORPUS"/other-builds/*; do
	rel=$(basename "$root")
	sv=$root/usr/src/linux-headers-$rel/Module.symvers
	[ -f "$sv" ] || continue
	if "$KABISCAN" symbols "$root" >"$WORK/sv" 2>"$WORK/err" && cmp -s "$WORK/sv" "$sv"; then
		pass "$rel: symbols gives Module.symvers back ($(wc -l <"$sv") exports)"
	else
		fail "$rel: symbols differs from Module.symvers: $(head -c 300 "$WORK/err")"
	fi
done

# Both sources of every kernel: the vmlinuz (bzImage xz, lz4, zstd; a raw
# arm64 Image) and every module agree with Module.symvers.
golden symbols-check.txt "$KABISCAN" symbols --check "$DEB" "$CORPUS"/other-builds/*
if grep -q DISAGREE "$WORK/symbols-check.txt.out"; then
	fail "--check found disagreements"
fi

# Rebuilt from the binaries: every line is Module.symvers' line for vmlinux
# and the modules present.
rel=6.1.0-50-amd64
"$KABISCAN" symbols "$DEB/$rel" --from binary >"$WORK/bin" 2>"$WORK/err" ||
	fail "--from binary: $(cat "$WORK/err")"
find "$DEB/$rel/lib/modules/$rel/kernel" -name '*.ko*' |
	sed -e "s|.*/kernel/||" -e 's|\.ko.*||' | sort >"$WORK/owners"
awk -F'\t' 'NR == FNR { own[$1] = 1; next } $3 == "vmlinux" || own[$3]' \
	"$WORK/owners" "$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers" | sort >"$WORK/want"
sort "$WORK/bin" >"$WORK/got"
if [ -s "$WORK/got" ] && cmp -s "$WORK/got" "$WORK/want"; then
	pass "$rel: --from binary rebuilds Module.symvers' $(wc -l <"$WORK/got") lines of vmlinux and its modules"
else
	fail "$rel: --from binary differs from Module.symvers:"
	diff "$WORK/want" "$WORK/got" | head -10
fi

# An ELF vmlinux (the bzImage payload, unpacked here): its section headers
# name the tables, absolute or place-relative entries are told apart.
img=$DEB/$rel/boot/vmlinuz-$rel
setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
off=$(((setup + 1) * 512 + $(od -An -tu4 -j $((0x248)) -N4 "$img" | tr -d ' ')))
tail -c +$((off + 1)) "$img" | xz -dc >"$WORK/vmlinux-$rel" 2>/dev/null
"$KABISCAN" symbols "$WORK/vmlinux-$rel" | sort >"$WORK/elf"
awk -F'\t' '$3 == "vmlinux"' "$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers" | sort >"$WORK/want"
if [ -s "$WORK/elf" ] && cmp -s "$WORK/elf" "$WORK/want"; then
	pass "$rel: the ELF vmlinux's sections give Module.symvers' $(wc -l <"$WORK/elf") vmlinux lines"
else
	fail "$rel: the ELF vmlinux's exports differ from Module.symvers"
fi

golden symbols-dma-buf.json "$KABISCAN" symbols "$DEB/6.1.0-50-amd64" -s 'dma_buf_[a-g]*' --format json
golden symbols-5.10-modules.txt "$KABISCAN" symbols "$DEB/5.10.0-32-amd64" --from binary -s 'vfio_pci*,vfio_register*'
golden symbols-7.2-modules.json "$KABISCAN" symbols "$DEB/7.2.13+deb14-amd64" --from binary --format json -s 'vfio_pci_core_[a-e]*'

# RHEL's boot/symvers-R.gz, and an installed system's absolute build link.
mkdir -p "$WORK/rhel/boot" "$WORK/inst/lib/modules/$rel" "$WORK/inst/opt/kbuild"
gzip -c "$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers" >"$WORK/rhel/boot/symvers-$rel.gz"
cp "$DEB/$rel/boot/config-$rel" "$WORK/rhel/boot/"
cp "$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers" "$WORK/inst/opt/kbuild/"
ln -s /opt/kbuild "$WORK/inst/lib/modules/$rel/build"
for root in rhel inst; do
	if "$KABISCAN" symbols "$WORK/$root" >"$WORK/sv" 2>"$WORK/err" &&
		cmp -s "$WORK/sv" "$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers"; then
		pass "$root: Module.symvers found and read"
	else
		fail "$root: $(head -c 300 "$WORK/err")"
	fi
done

# Packages read in place: a linux-headers .deb (built here with dpkg-deb,
# and Debian's own when t0500 or t0920 fetched it), a kernel-devel RPM and
# a kernel-core RPM's lib/modules/R/symvers.gz (built with rpmbuild).
SV=$DEB/$rel/usr/src/linux-headers-$rel/Module.symvers
KO=$DEB/$rel/lib/modules/$rel/kernel/drivers/vfio/pci/vfio-pci-core.ko
"$KABISCAN" modcheck "$KO" "$DEB/$rel" >"$WORK/verdict-root"
# from_package NAME PACKAGE: symbols gives Module.symvers back; modcheck agrees with the root.
from_package() {
	if "$KABISCAN" symbols "$2" >"$WORK/pkg.sv" 2>"$WORK/err" && cmp -s "$WORK/pkg.sv" "$SV"; then
		pass "$1: Module.symvers read in place"
	else
		fail "$1: $(head -c 300 "$WORK/err")"
	fi
	if "$KABISCAN" modcheck "$KO" "$2" >"$WORK/verdict-pkg" 2>"$WORK/err" &&
		cmp -s <(tail -n +2 "$WORK/verdict-root") <(tail -n +2 "$WORK/verdict-pkg"); then
		pass "$1: modcheck gives the root's verdict (vermagic from the package's config)"
	else
		fail "$1: modcheck: $(head -c 300 "$WORK/err") $(diff "$WORK/verdict-root" "$WORK/verdict-pkg" | head -5)"
	fi
}
if command -v dpkg-deb >/dev/null 2>&1; then
	h=$WORK/deb/usr/src/linux-headers-$rel
	mkdir -p "$h" "$WORK/deb/DEBIAN"
	cp "$SV" "$h/"
	cp "$DEB/$rel/boot/config-$rel" "$h/.config"
	printf 'Package: linux-headers-test\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
		>"$WORK/deb/DEBIAN/control"
	dpkg-deb --build -Zxz "$WORK/deb" "$WORK/headers.deb" >/dev/null 2>&1 || fail "dpkg-deb --build failed"
	from_package "linux-headers .deb" "$WORK/headers.deb"
	bad "cannot read the binaries' exports of '.*headers.deb': it is a package" \
		symbols "$WORK/headers.deb" --from binary
	mkdir -p "$WORK/empty/usr/share/doc/t" "$WORK/empty/DEBIAN"
	echo t >"$WORK/empty/usr/share/doc/t/README"
	cp "$WORK/deb/DEBIAN/control" "$WORK/empty/DEBIAN/"
	dpkg-deb --build "$WORK/empty" "$WORK/empty.deb" >/dev/null 2>&1
	bad "cannot use '.*empty.deb': no Module.symvers in this package" symbols "$WORK/empty.deb"
else
	skip_case ".deb" "dpkg-deb is not installed"
fi
real=$(find "${KABISCAN_TEST_CACHE:-/var/tmp/kabiscan-test}/debs" -name "linux-headers-${rel}_*.deb" 2>/dev/null | head -n1)
if [ -n "$real" ]; then
	from_package "Debian's $(basename "$real")" "$real"
else
	skip_case "Debian's linux-headers-$rel" "not fetched (t0500 or t0920 fetch it)"
fi
# rpm_tree NAME DIR...: an RPM of DIR's files, into WORK/rpm/RPMS/noarch.
rpm_tree() {
	local name=$1 tree=$2
	mkdir -p "$WORK/rpm/SPECS"
	printf '%s\n' "Name: $name" "Version: 1" "Release: 1" "Summary: t" "License: GPL" \
		"BuildArch: noarch" "%global debug_package %{nil}" "%global __os_install_post %{nil}" \
		"%description" "t" "%install" "cp -a $tree/. %{buildroot}/" "%files" \
		"/$(ls "$tree")" >"$WORK/rpm/SPECS/$name.spec"
	rpmbuild -bb --quiet --define "_topdir $WORK/rpm" "$WORK/rpm/SPECS/$name.spec" >"$WORK/rpm.log" 2>&1
}
if command -v rpmbuild >/dev/null 2>&1; then
	mkdir -p "$WORK/devel/usr/src/kernels/$rel" "$WORK/core/lib/modules/$rel"
	cp "$SV" "$WORK/devel/usr/src/kernels/$rel/"
	cp "$DEB/$rel/boot/config-$rel" "$WORK/devel/usr/src/kernels/$rel/.config"
	gzip -c "$SV" >"$WORK/core/lib/modules/$rel/symvers.gz"
	if rpm_tree kernel-devel "$WORK/devel" && rpm_tree kernel-core "$WORK/core"; then
		from_package "kernel-devel RPM" "$(ls "$WORK"/rpm/RPMS/noarch/kernel-devel-*.rpm)"
		if "$KABISCAN" symbols "$(ls "$WORK"/rpm/RPMS/noarch/kernel-core-*.rpm)" | cmp -s - "$SV"; then
			pass "kernel-core RPM: lib/modules/R/symvers.gz read in place"
		else
			fail "kernel-core RPM: symvers.gz not read"
		fi
	else
		fail "rpmbuild failed: $(tail -3 "$WORK/rpm.log")"
	fi
else
	skip_case "RPM" "rpmbuild is not installed"
fi

# A module's own exports: place-relative entries read through relocations.
gcc -c -o "$WORK/exporter.ko" "$FIX/exporter.c" || fail "cannot build exporter.c"
golden symbols-exporter.txt "$KABISCAN" symbols "$WORK/exporter.ko"

# Bad input: one error line each.
printf '0x12345678\tfoo\tvmlinux\n' >"$WORK/fields.symvers"
printf '0x12345678\tfoo\tvmlinux\tEXPORT_SYMBOL\t\n0x1234567g\tbar\tvmlinux\tEXPORT_SYMBOL\t\n' >"$WORK/crc.symvers"
printf '0x12345678\tfoo\tvmlinux\tEXPORT_SOMETHING\t\n' >"$WORK/type.symvers"
bad "fields.symvers': line 1: expected 4 or 5 tab-separated fields" symbols "$DEB/$rel" --symvers "$WORK/fields.symvers"
bad "crc.symvers': line 2: the CRC is not a 32-bit hex number" symbols "$DEB/$rel" --symvers "$WORK/crc.symvers"
bad "type.symvers': line 1: no export type" symbols "$DEB/$rel" --symvers "$WORK/type.symvers"
bad "cannot open '.*/none.symvers'" symbols "$DEB/$rel" --symvers "$WORK/none.symvers"
gcc -c -DTRUNCATED -o "$WORK/truncated.ko" "$FIX/exporter.c"
bad "truncated '__ksymtab' \(26 bytes, not a multiple of its 12-byte entries\)" symbols "$WORK/truncated.ko"
gcc -c -DSHORT_CRCS -o "$WORK/short.ko" "$FIX/exporter.c"
bad "CRC section '__kcrctab_gpl' is shorter than its ksymtab \(1 CRCs for 2 symbols\)" symbols "$WORK/short.ko"
bad "no Module.symvers for 'exporter.ko' in '.*exporter.ko' \(give --symvers FILE\)" symbols "$WORK/exporter.ko" --from symvers
expect_exit 2 "$KABISCAN" symbols "$DEB" --format symvers
expect_exit 2 "$KABISCAN" symbols --check "$DEB/$rel" --format json
finish

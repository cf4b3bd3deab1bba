#!/bin/bash
# Kernel packages read as they are (libarchive, nothing extracted): a real
# Debian linux-image .deb reports byte for byte as the root dpkg-deb -x
# makes of it, cold, warm (from the cache, the .deb not read again) and with
# --no-cache; a debug vmlinux in a package is read as DWARF from a memfd;
# damaged and foreign packages give one error line.
# The .deb is fetched with `apt-get download` into KABISCAN_TEST_CACHE
# (default /var/tmp/kabiscan-test); without a network the test skips.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_tool dpkg-deb
CACHE=${KABISCAN_TEST_CACHE:-/var/tmp/kabiscan-test}
TYPES='vfio_pci_core_device,nvme_ctrl,task_struct,enum pid_type,func pci_enable_device'

# A package made here: pkg NAME DIR -> $WORK/NAME.deb holding DIR, with the
# file list (md5sums) that dh_md5sums gives Debian's packages.
pkg() {
	mkdir -p "$2/DEBIAN"
	printf 'Package: %s\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
		"$1" >"$2/DEBIAN/control"
	(cd "$2" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z |
		xargs -0 -r md5sum) >"$2/DEBIAN/md5sums"
	dpkg-deb -Zxz --root-owner-group -b "$2" "$WORK/$1.deb" >/dev/null
}

# A debug vmlinux in a package: its DWARF, through a memfd, as from the tree.
need_tool gcc
REL=6.1.0-99-amd64
mkdir -p "$WORK/dbg/usr/lib/debug/boot"
printf 'struct node { struct node *next; int bits:3; long v; };\nenum sign { NEG = -1, POS = 1 };\nstruct node n;\nenum sign s;\n' >"$WORK/fx.c"
gcc -g -c -o "$WORK/dbg/usr/lib/debug/boot/vmlinux-$REL" "$WORK/fx.c"
pkg linux-image-$REL-dbg "$WORK/dbg"
"$KABISCAN" report --no-cache "$WORK/dbg" -t 'struct node,enum sign' >"$WORK/dbg-tree" 2>&1
for run in cold warm; do
	"$KABISCAN" report "$WORK/linux-image-$REL-dbg.deb" -t 'struct node,enum sign' \
		>"$WORK/dbg-pkg" 2>&1
	if cmp -s "$WORK/dbg-tree" "$WORK/dbg-pkg" && grep -q 'int bits:3;' "$WORK/dbg-pkg"; then
		pass "debug vmlinux in a package ($run): DWARF as from its tree"
	else
		fail "debug package ($run): $(diff "$WORK/dbg-tree" "$WORK/dbg-pkg" | head -5)"
	fi
done

# A module without BTF and its debug file in a -dbg package: read on a
# second pass, into a memfd, and its DWARF used as from the tree.
REL2=6.1.0-98-amd64
mkdir -p "$WORK/img/lib/modules/$REL2/kernel/drivers" \
	"$WORK/mdbg/usr/lib/debug/lib/modules/$REL2/kernel/drivers" "$WORK/both"
printf 'struct widget { int a; long b; char c[3]; };\nstruct widget w;\n' >"$WORK/w.c"
gcc -c -o "$WORK/img/lib/modules/$REL2/kernel/drivers/widget.ko" "$WORK/w.c"
gcc -g -c -o "$WORK/mdbg/usr/lib/debug/lib/modules/$REL2/kernel/drivers/widget.ko" "$WORK/w.c"
cp -r "$WORK/img/." "$WORK/mdbg/." "$WORK/both/"
pkg linux-image-$REL2 "$WORK/img"
pkg linux-image-$REL2-dbg "$WORK/mdbg"
rm -rf "$WORK/both/DEBIAN"
"$KABISCAN" report --no-cache "$WORK/both" -t widget >"$WORK/md-tree" 2>&1
for run in cold again; do
	"$KABISCAN" report "$WORK/linux-image-$REL2-dbg.deb" "$WORK/linux-image-$REL2.deb" \
		-t widget >"$WORK/md-pkg" 2>&1
	if cmp -s "$WORK/md-tree" "$WORK/md-pkg" && grep -q 'char c\[3\];' "$WORK/md-pkg"; then
		pass "module debug file in a -dbg package ($run): DWARF as from its tree"
	else
		fail "module debug package ($run): $(diff "$WORK/md-tree" "$WORK/md-pkg" | head -5)"
	fi
done

# Packages without a kernel, damaged ones, non-packages.
mkdir -p "$WORK/none/usr/share/doc/x"
echo x >"$WORK/none/usr/share/doc/x/README"
pkg none "$WORK/none"
bad "cannot use '$WORK/none.deb': no kernel image, config, module or debug vmlinux in this package \\(none, by its file list\\)" \
	report "$WORK/none.deb" -t task_struct
# Refused from its control data, before its payload: damage there is not reached.
head -c 300000 /dev/urandom >"$WORK/none/usr/share/doc/x/blob"
pkg none-big "$WORK/none"
printf '\377\377\377\377\377\377\377\377' | dd of="$WORK/none-big.deb" conv=notrunc status=none \
	bs=1 seek=$(($(stat -c %s "$WORK/none-big.deb") - 100000))
bad "cannot use '$WORK/none-big.deb': no kernel image, config, module or debug vmlinux in this package \\(none-big, by its file list\\)" \
	report --no-cache "$WORK/none-big.deb" -t task_struct
# Without a file list, the payload is read to find out.
rm "$WORK/none/DEBIAN/md5sums" "$WORK/none/usr/share/doc/x/blob"
dpkg-deb -Zxz --root-owner-group -b "$WORK/none" "$WORK/none-nolist.deb" >/dev/null
bad "cannot use '$WORK/none-nolist.deb': no kernel image, config, module or debug vmlinux in this package\$" \
	report "$WORK/none-nolist.deb" -t task_struct
head -c "$(($(stat -c %s "$WORK/linux-image-$REL-dbg.deb") - 300))" \
	"$WORK/linux-image-$REL-dbg.deb" >"$WORK/cut.deb"
bad "cannot read '$WORK/cut.deb': .*" report "$WORK/cut.deb" -t task_struct
# data.tar.xz is decoded on every core by liblzma: damage in its stream is one
# error line naming the package.
cp "$WORK/linux-image-$REL-dbg.deb" "$WORK/flip.deb"
printf '\377\377\377\377\377\377\377\377' | dd of="$WORK/flip.deb" conv=notrunc status=none \
	bs=1 seek=$(($(stat -c %s "$WORK/flip.deb") - 400))
bad "cannot read '$WORK/flip.deb': (data archive: )?corrupt xz data" report --no-cache \
	"$WORK/flip.deb" -t task_struct
printf '!<arch>\nthis is no archive member\n' >"$WORK/junk.deb"
bad "cannot read '$WORK/junk.deb': .*" report "$WORK/junk.deb" -t task_struct
# Debug files are capped as any decompressed input is, and a broken one is
# named by its package member, not by the memfd it is read through.
REL3=6.1.0-97-amd64
mkdir -p "$WORK/big/usr/lib/debug/boot"
{
	cat "$WORK/dbg/usr/lib/debug/boot/vmlinux-$REL"
	head -c 3000000 /dev/zero
} >"$WORK/big/usr/lib/debug/boot/vmlinux-$REL3"
pkg linux-image-$REL3-dbg "$WORK/big"
bad "^kabiscan: cannot read '$WORK/linux-image-$REL3-dbg.deb:/usr/lib/debug/boot/vmlinux-$REL3': larger than 1048576 bytes \(see --max-decompressed\)$" \
	report --max-decompressed 1 "$WORK/linux-image-$REL3-dbg.deb" -t 'struct node'
# One bad file among many is named and skipped, as from a root: a module
# cut short, or its debug file cut short or with a corrupt ELF header, makes
# the types it may hold no-data; a debug vmlinux cut short, its kernel's.
# The other kernels go on; --strict fails on the first.
head -c 2000 "$WORK/dbg/usr/lib/debug/boot/vmlinux-$REL" >"$WORK/big/usr/lib/debug/boot/vmlinux-$REL3"
pkg linux-image-$REL3-dbg "$WORK/big"
REL4=6.1.0-96-amd64
M4=lib/modules/$REL4/kernel/drivers
mkdir -p "$WORK/img4/$M4" "$WORK/dbg4/usr/lib/debug/$M4"
printf 'struct gadget { short s; };\nstruct gadget g;\n' >"$WORK/g.c"
# Its vmlinux: DWARF, without the types asked for.
mkdir -p "$WORK/dbg4/usr/lib/debug/boot"
printf 'struct base { int x; };\nstruct base b;\n' >"$WORK/b.c"
gcc -g -c -o "$WORK/dbg4/usr/lib/debug/boot/vmlinux-$REL4" "$WORK/b.c"
for m in widget:w node:fx gadget:g; do
	gcc -c -o "$WORK/img4/$M4/${m%:*}.ko" "$WORK/${m#*:}.c"
	gcc -g -c -o "$WORK/dbg4/usr/lib/debug/$M4/${m%:*}.ko" "$WORK/${m#*:}.c"
done
head -c 1500 "$WORK/mdbg/usr/lib/debug/lib/modules/$REL2/kernel/drivers/widget.ko" \
	>"$WORK/dbg4/usr/lib/debug/$M4/widget.ko"
printf '\177ELF\011' | dd of="$WORK/dbg4/usr/lib/debug/$M4/node.ko" conv=notrunc status=none
# A module file itself cut short, in the image package.
head -c 300 "$WORK/img4/$M4/gadget.ko" >"$WORK/img4/$M4/cut.ko"
pkg linux-image-$REL4 "$WORK/img4"
pkg linux-image-$REL4-dbg "$WORK/dbg4"
BADRUN=("$WORK/linux-image-$REL-dbg.deb" "$WORK/linux-image-$REL2-dbg.deb"
	"$WORK/linux-image-$REL2.deb" "$WORK/linux-image-$REL3-dbg.deb"
	"$WORK/linux-image-$REL4-dbg.deb" "$WORK/linux-image-$REL4.deb"
	-t 'widget,gadget,struct node')
# with_err CMD...: CMD's stderr, then its stdout.
with_err() { "$KABISCAN" "$@" 2>&1; }
golden t0720-bad-debug with_err report "${BADRUN[@]}"
# cells CMD...: each cell of CMD's JSON report, one line: release, name,
# state, reason, and the file it was read from, named as the user knows it
# (a package's member, never the memfd it was read through).
cells() {
	"$KABISCAN" "$@" --format json | jq -r '.cells[] | [.release, .name, .state,
		.reason // "", .source.file // ""] | @tsv' | sed "s|$WORK/|WORK/|g"
}
golden t0720-bad-debug.cells cells report "${BADRUN[@]}"
bad "^kabiscan: cannot read '$WORK/linux-image-$REL4.deb:/$M4/cut.ko': truncated ELF" \
	report "${BADRUN[@]}" --strict
bad "^kabiscan: cannot read '$WORK/linux-image-$REL3-dbg.deb:/usr/lib/debug/boot/vmlinux-$REL3': truncated ELF" \
	report "$WORK/linux-image-$REL3-dbg.deb" "$WORK/linux-image-$REL-dbg.deb" -t 'struct node' --strict
# Without the cut module, the debug file with a corrupt ELF header is the first.
cp -r "$WORK/img4" "$WORK/img4b"
rm -r "$WORK/img4b/$M4/cut.ko" "$WORK/img4b/DEBIAN"
pkg linux-image-$REL4-b "$WORK/img4b"
bad "^kabiscan: cannot read '$WORK/linux-image-$REL4-dbg.deb:/usr/lib/debug/$M4/node.ko': corrupt ELF header" \
	report "$WORK/linux-image-$REL4-dbg.deb" "$WORK/linux-image-$REL4-b.deb" -t 'struct node' --strict
# The same files in roots: the same report, the same warnings by file name.
for r in "$REL-dbg:dbg" "$REL2-dbg:mdbg" "$REL2:img" "$REL3-dbg:big" "$REL4-dbg:dbg4" "$REL4:img4"; do
	rel=${r%%:*}
	mkdir -p "$WORK/roots/${rel%-dbg}"
	cp -r "$WORK/${r#*:}/." "$WORK/roots/${rel%-dbg}/"
done
rm -rf "$WORK"/roots/*/DEBIAN
with_err report "$WORK"/roots/* -t 'widget,gadget,struct node' | normalise |
	sed -E 's|WORK/roots/[^/]*/|WORK/linux-image-RELEASE.deb:/|' >"$WORK/roots.out"
normalise <"$GOLDEN/t0720-bad-debug" |
	sed -E 's|WORK/linux-image-[^:]*:/|WORK/linux-image-RELEASE.deb:/|' >"$WORK/pkgs.out"
if cmp -s "$WORK/roots.out" "$WORK/pkgs.out"; then
	pass "bad debug files in roots: the same report and warnings as in packages"
else
	fail "bad debug files in roots: $(diff "$WORK/pkgs.out" "$WORK/roots.out" | head -8)"
fi

# RPM: a kernel-core and a kernel-modules package of one release, built
# here from a corpus kernel in Fedora's layout, are one kernel, reported as
# the same files in a root, a hard-linked module included.
rpm_pkg() {
	local name=$1 tree=$2
	mkdir -p "$WORK/rpm/SPECS"
	printf '%s\n' "Name: $name" "Version: 1" "Release: 1" "Summary: t" "License: GPL" \
		"BuildArch: noarch" "%global __os_install_post %{nil}" \
		"%global debug_package %{nil}" "%description" "t" "%install" \
		"cp -a $tree/. %{buildroot}/" "%files" "/lib" >"$WORK/rpm/SPECS/$name.spec"
	[ ! -d "$tree/boot" ] || echo "/boot" >>"$WORK/rpm/SPECS/$name.spec"
	rpmbuild -bb --quiet --define "_topdir $WORK/rpm" "$WORK/rpm/SPECS/$name.spec" \
		>"$WORK/rpm.log" 2>&1
}
K=6.12.117+deb13-amd64
if ! command -v rpmbuild >/dev/null 2>&1; then
	skip_case "RPM" "rpmbuild is not installed"
elif [ ! -d "${CORPUS:?}/debian/$K" ]; then
	skip_case "RPM" "no corpus kernel $K"
else
	mkdir -p "$WORK/core/lib/modules/$K" "$WORK/core/boot" "$WORK/mods/lib/modules/$K"
	cp "$CORPUS/debian/$K/boot/vmlinuz-$K" "$WORK/core/lib/modules/$K/vmlinuz"
	cp "$CORPUS/debian/$K/boot/config-$K" "$WORK/core/boot/config-$K"
	cp -r "$CORPUS/debian/$K/usr/lib/modules/$K/kernel" "$WORK/mods/lib/modules/$K/"
	# A hard link: in the RPM's cpio, its first name comes without data.
	mkdir -p "$WORK/mods/lib/modules/$K/extra"
	ln "$WORK/mods/lib/modules/$K/kernel/drivers/vfio/pci/vfio-pci-core.ko.xz" \
		"$WORK/mods/lib/modules/$K/extra/vfio-pci-core.ko.xz"
	if rpm_pkg kernel-core "$WORK/core" && rpm_pkg kernel-modules "$WORK/mods"; then
		mkdir -p "$WORK/rpmtree"
		cp -r "$WORK/core/." "$WORK/mods/." "$WORK/rpmtree/"
		"$KABISCAN" report --no-cache "$WORK/rpmtree" -t vfio_pci_core_device,resource \
			>"$WORK/rpm-tree" 2>&1
		"$KABISCAN" report "$WORK"/rpm/RPMS/noarch/*.rpm -t vfio_pci_core_device,resource \
			>"$WORK/rpm-pkg" 2>&1
		if cmp -s "$WORK/rpm-tree" "$WORK/rpm-pkg" && grep -q vfio_pci_core "$WORK/rpm-pkg"; then
			pass "kernel-core and kernel-modules RPMs report as their tree"
		else
			fail "RPM: $(diff "$WORK/rpm-tree" "$WORK/rpm-pkg" | head -5)"
		fi
	else
		fail "rpmbuild failed: $(tail -3 "$WORK/rpm.log")"
	fi
fi

# A real kernel package: the newest linux-image-6.1.0-N-amd64-unsigned.
need_tool apt-get
need_tool apt-cache
name=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' 2>/dev/null |
	cut -d' ' -f1 | sort -V | tail -n1)
[ -n "$name" ] || { finish; skip "no linux-image-6.1.0-*-amd64-unsigned in the apt sources"; }
mkdir -p "$CACHE/debs" || skip "cannot write the cache $CACHE"
deb=$(find "$CACHE/debs" -name "${name}_*.deb" | sort | tail -n1)
if [ -z "$deb" ]; then
	if ! (cd "$CACHE/debs" && apt-get -o APT::Sandbox::User=root download -qq "$name") \
		>"$WORK/apt.log" 2>&1; then
		finish
		skip "cannot fetch $name (no network?): $(grep -m1 '^E:' "$WORK/apt.log")"
	fi
	deb=$(find "$CACHE/debs" -name "${name}_*.deb" | sort | tail -n1)
fi
dpkg-deb -x "$deb" "$WORK/root"
"$KABISCAN" report --no-cache "$WORK/root" -t "$TYPES" >"$WORK/tree" 2>"$WORK/tree.err" ||
	fail "report of the extracted tree: $(cat "$WORK/tree.err")"
for run in cold warm no-cache; do
	opt=()
	[ $run = no-cache ] && opt=(--no-cache)
	if [ $run = warm ]; then
		ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$WORK/strace" \
			"$KABISCAN" report "$deb" -t "$TYPES" >"$WORK/pkg" 2>&1
	else
		"$KABISCAN" report "${opt[@]}" "$deb" -t "$TYPES" >"$WORK/pkg" 2>&1
	fi
	if cmp -s "$WORK/tree" "$WORK/pkg"; then
		pass "$(basename "$deb") ($run) reports as its extracted tree"
	else
		fail "$(basename "$deb") ($run): $(diff "$WORK/tree" "$WORK/pkg" | head -5)"
	fi
done
if [ -s "$WORK/strace" ] && grep -q "$(basename "$deb")" "$WORK/strace" &&
	! grep -q "\.kbc" "$WORK/strace"; then
	fail "the warm run read the package, not the cache"
else
	pass "the warm run reads the cache entry"
fi
rel=${name#linux-image-}
rel=${rel%-unsigned}
if "$KABISCAN" cache ls | grep -q "^$rel amd64 "; then
	pass "cache ls lists $rel"
else
	fail "cache ls: $("$KABISCAN" cache ls)"
fi
# Names list the modules' types after the package's kernel is opened: warm,
# from the cache entry the kernel took, as from the extracted tree.
"$KABISCAN" names --no-cache "$WORK/root" -t 'vfio_pci_*' >"$WORK/names-tree" 2>&1
for run in warm no-cache; do
	opt=()
	[ $run = no-cache ] && opt=(--no-cache)
	if "$KABISCAN" names "${opt[@]}" "$deb" -t 'vfio_pci_*' >"$WORK/names" 2>&1 &&
		[ -s "$WORK/names" ] && cmp -s "$WORK/names-tree" "$WORK/names"; then
		pass "names of $(basename "$deb") ($run) as of its extracted tree"
	else
		fail "names of $(basename "$deb") ($run): $(diff "$WORK/names-tree" "$WORK/names" | head -5)"
	fi
done
# A package given with the tree's other pieces stays one kernel per release.
"$KABISCAN" scan "$deb" "$WORK/linux-image-$REL-dbg.deb" >"$WORK/scan" 2>&1
if [ "$(wc -l <"$WORK/scan")" -eq 2 ] && grep -q "^$rel amd64" "$WORK/scan"; then
	pass "two packages of two releases: two kernels"
else
	fail "scan of two packages: $(cat "$WORK/scan")"
fi
# Progress on a terminal, as the package is read; none on a pipe.
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$KABISCAN' report --no-cache '$deb' -t task_struct >/dev/null" /dev/null \
		>"$WORK/tty" 2>&1
	if grep -q 'kabiscan: reading packages: [0-9]*%' "$WORK/tty"; then
		pass "progress while a package is read, on a terminal"
	else
		fail "no package progress on a terminal: $(od -c "$WORK/tty" | head -3)"
	fi
fi
"$KABISCAN" report --no-cache "$deb" -t task_struct 2>"$WORK/p0" >/dev/null
if [ ! -s "$WORK/p0" ]; then
	pass "no package progress on a pipe"
else
	fail "package progress on a pipe: $(head -c 200 "$WORK/p0")"
fi
head -c 20000000 "$deb" >"$WORK/trunc.deb"
bad "cannot read '$WORK/trunc.deb.*': .*" report --no-cache "$WORK/trunc.deb" -t task_struct
finish

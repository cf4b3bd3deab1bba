#!/bin/bash
# Make the seed corpora for `make fuzz` under $1 from small corpus files, and
# print the base BTF the split-BTF target uses. Nothing goes into the repo.
set -eu
out=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${KABISCAN_CORPUS:-$top/../shared/corpus}/debian
mkdir -p "$out"/{image,decomp,spec,dwarf,split,baseline,suppress,cache,package,exports}
k61=$corpus/6.1.0-50-amd64
k612=$corpus/6.12.117+deb12-amd64
mod61=$k61/lib/modules/6.1.0-50-amd64/kernel/drivers/vfio
mod612=$k612/lib/modules/6.12.117+deb12-amd64/kernel/drivers/vfio
dbg510=$corpus/5.10.0-32-amd64/usr/lib/debug/lib/modules/5.10.0-32-amd64/kernel/drivers/vfio
[ -d "$k61" ] || { echo "no corpus at $corpus" >&2; exit 1; }

# image: a module, a compressed module, the start of a raw BTF, ELF/BTF headers.
cp "$mod61/vfio_virqfd.ko" "$out/image/"
cp "$mod612/mdev/mdev.ko.xz" "$out/image/"
head -c 65536 "$k612/sys/kernel/btf/vmlinux" >"$out/image/vmlinux-head.btf"
# decomp: small payloads in every format.
head -c 200000 "$k612/sys/kernel/btf/vmlinux" >"$out/plain"
for z in "gzip -c" "xz -c" "zstd -c -q" "lz4 -c -q" "bzip2 -c" "xz --format=lzma -c"; do
	$z "$out/plain" >"$out/decomp/$(echo "$z" | cut -d' ' -f1)-$RANDOM" 2>/dev/null || true
done
cp "$out/decomp/"* "$out/image/"
rm -f "$out/plain"
# exports: a module with exports and __versions, a Module.symvers excerpt.
cp "$mod61/vfio.ko" "$out/exports/"
head -n 200 "$k61/usr/src/linux-headers-6.1.0-50-amd64/Module.symvers" >"$out/exports/Module.symvers"
# spec: the test spec.
cp "$top/tests/cli/header/vfio.spec" "$out/spec/"
# baseline: the golden baseline; suppress: the test suppression files.
cp "$top/tests/cli/golden/baseline-6.1.0-50-amd64.json" "$out/baseline/"
cp "$top/tests/cli/diff/suppress-all" "$top/tests/cli/diff/suppress-some" "$out/suppress/"
# dwarf: a debug module, and a small object compiled here.
cp "$dbg510/vfio_virqfd.ko" "$out/dwarf/"
printf 'typedef unsigned long size_t;\nstruct node { struct node *next; int bits:3; };\nenum sign { NEG = -1 };\nsize_t take(struct node *n) { return n->bits; }\n' >"$out/fx.c"
gcc -g -c -o "$out/dwarf/fx.o" "$out/fx.c" && rm -f "$out/fx.c"
# split: module .BTF sections of the 6.12 kernel, on its vmlinux BTF.
for m in vfio.ko.xz mdev/mdev.ko.xz; do
	xz -dc "$mod612/$m" >"$out/m.ko"
	objcopy --dump-section .BTF="$out/split/$(basename "$m" .ko.xz).btf" "$out/m.ko" "$out/m2.ko"
	rm -f "$out/m2.ko"
done
rm -f "$out/m.ko"
# cache: entries when kabiscan is built, small: a kernel without BTF, and
# a raw BTF file (a compressed vmlinux blob).
if [ -x "$top/kabiscan" ]; then
	python3 "$top/tests/cli/hostile/mkbtf.py" "$out/own.btf"
	if "$top/kabiscan" scan -q --cache "$out/c" "$corpus/6.1.0-50-armmp" "$out/own.btf" \
		>/dev/null; then
		cp "$out"/c/kernels/*.kbc "$out/cache/"
	fi
	rm -rf "$out/c" "$out/own.btf"
fi
# package: a small .deb holding a config and a module, and the same as a tar.
mkdir -p "$out/p/DEBIAN" "$out/p/boot" "$out/p/lib/modules/R/kernel"
printf 'Package: p\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
	>"$out/p/DEBIAN/control"
printf 'CONFIG_X86_64=y\n' >"$out/p/boot/config-R"
cp "$mod61/vfio_virqfd.ko" "$out/p/lib/modules/R/kernel/"
dpkg-deb -Zgzip -b "$out/p" "$out/package/p.deb" >/dev/null
tar -C "$out/p" -cf "$out/package/p.tar" boot lib
rm -rf "$out/p"
echo "$k612/sys/kernel/btf/vmlinux"

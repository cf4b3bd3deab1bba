#!/bin/bash
# Every input form kabiscan reads, each against a reviewed golden file of
# `kabiscan show`: corpus roots, raw BTF, bzImages (xz, lz4, zstd), the raw
# arm64 Image, modules (.ko, .ko.xz, with --base), and inputs synthesized here
# from corpus files (compressed raw BTF, an ELF vmlinux, gzip and bzip2
# bzImages, EFI zboot, a riscv Image, .ko.zst/.ko.gz, a root of symlinks).
# A second check asks `report --format json` how the vmlinux was decoded, so
# an input that is read by the wrong path (say, a bzImage found only by the
# scan for any payload) does not pass by luck.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus

R61=6.1.0-50-amd64
R612=6.12.117+deb12-amd64
MOD61=$DEB/$R61/lib/modules/$R61/kernel/drivers/vfio/pci/vfio-pci-core.ko
VMLINUZ61=$DEB/$R61/boot/vmlinuz-$R61
# Raw vmlinux BTF that the synthesized inputs wrap.
BTF612=$DEB/$R612/sys/kernel/btf/vmlinux
RES='struct resource'
REGOPS=vfio_pci_regops
SYN=$WORK/syn
mkdir -p "$SYN"

have() { command -v "$1" >/dev/null 2>&1; }
# skip_case NAME REASON: one case cannot run here; the others still do.

# decoded WANT KERNEL [ARGS...]: the report says the vmlinux was decoded as WANT.
decoded() {
	local want=$1
	shift
	if ! "$KABISCAN" report --format json "$@" -t "$RES" >"$WORK/json" 2>"$WORK/err"; then
		fail "decoded '$want': report $*: $(head -c 300 "$WORK/err")"
	elif grep -Fq "\"vmlinux_decoded\": \"$want\"" "$WORK/json"; then
		pass "decoded as '$want': $(basename "$1")"
	else
		fail "decoded '$want': report $* says $(grep -F '"vmlinux_decoded"' "$WORK/json")"
	fi
}

# le32 N: N as 4 little-endian bytes.
le32() {
	printf '%b' "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with BYTES (printf %b escapes).
poke() {
	printf '%b' "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

# mk_bzimage OUT PAYLOAD: a minimal x86 boot image: setup header (boot
# protocol 2.15, one setup sector) naming PAYLOAD right after the setup code,
# followed by padding as real images have.
mk_bzimage() {
	head -c 1024 /dev/zero >"$1"
	poke "$1" 0x1f1 '\x01'
	poke "$1" 0x202 'HdrS\x0f\x02'
	{ le32 0; le32 "$(stat -c %s "$2")"; } | dd of="$1" bs=1 seek=$((0x248)) conv=notrunc \
		status=none
	cat "$2" >>"$1"
	head -c 512 /dev/zero >>"$1"
}

# mk_zboot OUT PAYLOAD NAME: an EFI zboot image: "MZ", "zimg", payload offset
# and size, compression NAME at 24, the payload at 512.
mk_zboot() {
	{
		printf 'MZ\0\0zimg'
		le32 512
		le32 "$(stat -c %s "$2")"
		head -c 8 /dev/zero
		printf '%s' "$3"
	} >"$1"
	truncate -s 512 "$1"
	cat "$2" >>"$1"
}

# --- Corpus files, as shipped --------------------------------------------
# A corpus root: vmlinuz (bzImage, xz) and lib/modules with split BTF.
golden inputs-root-6.1.txt "$KABISCAN" show "$DEB/$R61" -t "$RES,$REGOPS"
decoded "bzImage, xz payload" "$DEB/$R61"
# A merged-/usr root: usr/lib/modules, .ko.xz, vmlinuz (bzImage, zstd).
golden inputs-root-6.12-deb13.txt "$KABISCAN" show "$DEB/6.12.117+deb13-amd64" -t "$RES,$REGOPS"
# Raw BTF, as /sys/kernel/btf/vmlinux holds it.
golden inputs-raw-btf.txt "$KABISCAN" show "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" -t "$RES"
decoded "raw BTF" "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux"
# bzImages with xz, lz4 (legacy format) and zstd payloads.
golden inputs-bzimage-xz.txt "$KABISCAN" show "$VMLINUZ61" -t "$RES"
decoded "bzImage, xz payload" "$VMLINUZ61"
V=$DEB/6.1.0-50-cloud-amd64/boot/vmlinuz-6.1.0-50-cloud-amd64
golden inputs-bzimage-lz4.txt "$KABISCAN" show "$V" -t "$RES"
decoded "bzImage, lz4 payload" "$V"
V=$DEB/6.12.117+deb13-amd64/boot/vmlinuz-6.12.117+deb13-amd64
golden inputs-bzimage-zstd.txt "$KABISCAN" show "$V" -t "$RES"
decoded "bzImage, zstd payload" "$V"
# A raw arm64 Image with BTF inline; user_pt_regs shows it is arm64's BTF.
V=$DEB/6.1.0-50-arm64/boot/vmlinuz-6.1.0-50-arm64
golden inputs-arm64-image.txt "$KABISCAN" show "$V" -t "$RES,struct user_pt_regs"
decoded "arm64 Image" "$V"
# A module; its base is found in the root its path names (ROOT/lib/modules/R/).
golden inputs-ko.txt "$KABISCAN" show "$MOD61" -t "$REGOPS"
# The module's base path is well formed (no "ROOT//boot").
if "$KABISCAN" report --format json "$MOD61" -t "$REGOPS" >"$WORK/json" 2>"$WORK/err" &&
	grep -Fq "\"vmlinux\": \"$VMLINUZ61\"" "$WORK/json"; then
	pass "module base found as '$VMLINUZ61'"
else
	fail "module base: want '$VMLINUZ61', report says $(grep -F '"vmlinux"' "$WORK/json")$(head -c 300 "$WORK/err")"
fi
# An xz-compressed module, base from the root's sys/kernel/btf/vmlinux.
golden inputs-ko-xz.txt "$KABISCAN" show \
	"$DEB/$R612/lib/modules/$R612/kernel/drivers/vfio/pci/vfio-pci-core.ko.xz" -t "$REGOPS"
# A module outside any root, with an explicit --base (raw BTF).
ln -s "$DEB/6.1.0-50-rt-amd64/lib/modules/6.1.0-50-rt-amd64/kernel/drivers/vfio/pci/vfio-pci-core.ko" \
	"$SYN/vfio-pci-core.ko"
golden inputs-ko-base.txt "$KABISCAN" show "$SYN/vfio-pci-core.ko" \
	--base "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" -t "$REGOPS"
# --base also wins over the root a module sits in.
golden inputs-ko-base-override.txt "$KABISCAN" show "$MOD61" --base "$VMLINUZ61" -t "$REGOPS"

# --- Whole files compressed: raw BTF and an ELF vmlinux inside ------------
for c in gzip xz zstd bzip2 lz4 lzma; do
	case $c in
	lzma) tool=xz; args=(--format=lzma -c) ;;
	*) tool=$c; args=(-q -c) ;;
	esac
	if ! have "$tool"; then
		skip_case "btf.$c" "$tool is not installed"
		continue
	fi
	"$tool" "${args[@]}" <"$BTF612" >"$SYN/btf.$c"
	golden "inputs-btf-$c.txt" "$KABISCAN" show "$SYN/btf.$c" -t "$RES"
	decoded "$c-compressed" "$SYN/btf.$c"
done

# --- An ELF vmlinux: a tiny object with the BTF added as .BTF ------------
if have gcc && have objcopy; then
	echo 'int x;' | gcc -c -x c - -o "$SYN/t.o"
	objcopy --add-section .BTF="$BTF612" --set-section-flags .BTF=alloc,readonly \
		"$SYN/t.o" "$SYN/vmlinux"
	golden inputs-elf-vmlinux.txt "$KABISCAN" show "$SYN/vmlinux" -t "$RES"
	decoded "ELF" "$SYN/vmlinux"
	gzip -c "$SYN/vmlinux" >"$SYN/vmlinux.gz"
	golden inputs-elf-vmlinux-gzip.txt "$KABISCAN" show "$SYN/vmlinux.gz" -t "$RES"
	decoded "gzip-compressed" "$SYN/vmlinux.gz"
	ELF=$SYN/vmlinux
else
	skip_case "ELF vmlinux" "gcc or objcopy is not installed"
	ELF=$BTF612
fi

# --- Boot images built around a compressed vmlinux -----------------------
gzip -9 -c "$ELF" >"$SYN/payload.gz"
mk_bzimage "$SYN/bzImage-gzip" "$SYN/payload.gz"
golden inputs-bzimage-gzip.txt "$KABISCAN" show "$SYN/bzImage-gzip" -t "$RES"
decoded "bzImage, gzip payload" "$SYN/bzImage-gzip"
if have bzip2; then
	bzip2 -c "$ELF" >"$SYN/payload.bz2"
	mk_bzimage "$SYN/bzImage-bzip2" "$SYN/payload.bz2"
	golden inputs-bzimage-bzip2.txt "$KABISCAN" show "$SYN/bzImage-bzip2" -t "$RES"
	decoded "bzImage, bzip2 payload" "$SYN/bzImage-bzip2"
else
	skip_case "bzImage, bzip2" "bzip2 is not installed"
fi
mk_zboot "$SYN/zboot-gzip" "$SYN/payload.gz" gzip
golden inputs-zboot-gzip.txt "$KABISCAN" show "$SYN/zboot-gzip" -t "$RES"
decoded "EFI zboot, gzip payload" "$SYN/zboot-gzip"
if have zstd; then
	zstd -q -c "$ELF" >"$SYN/payload.zst"
	mk_zboot "$SYN/zboot-zstd" "$SYN/payload.zst" zstd
	golden inputs-zboot-zstd.txt "$KABISCAN" show "$SYN/zboot-zstd" -t "$RES"
	decoded "EFI zboot, zstd payload" "$SYN/zboot-zstd"
else
	skip_case "EFI zboot, zstd" "zstd is not installed"
fi
# A riscv Image: 64-byte header with "RSC\x05" at 0x38, BTF inline after it.
{
	head -c 56 /dev/zero
	printf 'RSC\x05\0\0\0\0'
	cat "$DEB/7.2.13+deb14-riscv64/sys/kernel/btf/vmlinux"
} >"$SYN/Image-riscv"
golden inputs-riscv-image.txt "$KABISCAN" show "$SYN/Image-riscv" -t "$RES,struct user_regs_struct"
decoded "riscv Image" "$SYN/Image-riscv"

# --- Recompressed modules --------------------------------------------------
# .ko.zst in a root of its own: boot/vmlinuz-R is a symlink to the corpus.
ROOT=$SYN/root-zst
MODDIR=$ROOT/lib/modules/$R61/kernel/drivers/vfio/pci
mkdir -p "$ROOT/boot" "$MODDIR"
ln -s "$VMLINUZ61" "$ROOT/boot/vmlinuz-$R61"
if have zstd; then
	zstd -q -c "$MOD61" >"$MODDIR/vfio-pci-core.ko.zst"
	golden inputs-ko-zst.txt "$KABISCAN" show "$MODDIR/vfio-pci-core.ko.zst" -t "$REGOPS"
else
	skip_case ".ko.zst" "zstd is not installed"
fi
# .ko.gz outside any root, with --base a vmlinuz.
gzip -c "$MOD61" >"$SYN/vfio-pci-core.ko.gz"
golden inputs-ko-gz.txt "$KABISCAN" show "$SYN/vfio-pci-core.ko.gz" --base "$VMLINUZ61" -t "$REGOPS"

# --- A root of symlinks: boot/vmlinuz-R and every module ------------------
ROOT=$SYN/root-links
mkdir -p "$ROOT/boot" "$ROOT/lib/modules/$R61/kernel/drivers/vfio"
ln -s "$VMLINUZ61" "$ROOT/boot/vmlinuz-$R61"
ln -s "$DEB/$R61/boot/config-$R61" "$ROOT/boot/config-$R61"
for m in "$DEB/$R61/lib/modules/$R61/kernel/drivers/vfio"/*.ko \
	"$DEB/$R61/lib/modules/$R61/kernel/drivers/vfio"/*/*.ko; do
	ln -s "$m" "$ROOT/lib/modules/$R61/kernel/drivers/vfio/"
done
golden inputs-root-symlinks.txt "$KABISCAN" show "$ROOT" -t "$RES,$REGOPS"
decoded "bzImage, xz payload" "$ROOT"

# --- The running kernel ----------------------------------------------------
# Its types differ per machine: only check that they are read.
if [ -e /sys/kernel/btf/vmlinux ]; then
	for args in "" /; do
		# shellcheck disable=SC2086 # $args is empty or one word
		"$KABISCAN" show $args -t task_struct >"$WORK/running" 2>"$WORK/err"
		rc=$?
		if [ $rc -eq 0 ] && grep -q '^struct task_struct {' "$WORK/running"; then
			pass "running kernel: show ${args:+$args }-t task_struct"
		else
			fail "running kernel: show ${args:+$args }-t task_struct: exit $rc: $(head -c 300 "$WORK/err")"
		fi
	done
else
	skip_case "running kernel" "no /sys/kernel/btf/vmlinux on this machine"
fi
finish

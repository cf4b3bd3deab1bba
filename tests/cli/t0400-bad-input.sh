#!/bin/bash
# Bad input: every broken, missing or mismatched input fails with exit 1, no
# output on stdout, and one line on stderr naming the file and the problem;
# usage errors exit 2. One bad module in a root is the exception: it is
# skipped with one warning, and fails the run only with --strict. Every run is
# under a timeout, so a hang fails the test instead of hanging it. -o never
# leaves a partial or temporary file behind.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus

R61=6.1.0-50-amd64
R612=6.12.117+deb12-amd64
MOD61=$DEB/$R61/lib/modules/$R61/kernel/drivers/vfio/pci/vfio-pci-core.ko
VMLINUZ61=$DEB/$R61/boot/vmlinuz-$R61
BTF612=$DEB/$R612/sys/kernel/btf/vmlinux
RES='struct resource'
REGOPS=vfio_pci_regops
B=$WORK/bad
mkdir -p "$B"

# re STRING: STRING as an extended regular expression matching itself.
re() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'; }
EB=$(re "$B")
EDEB=$(re "$DEB")
EMOD61=$(re "$MOD61")
EBTF612=$(re "$BTF612")
ER612=$(re "$R612")

# skipped PATTERN KABISCAN-ARGS...: one bad module in a root does not sink the
# run: exit 0, output on stdout, and one warning on stderr naming the module
# and matching PATTERN. (--strict makes the same runs fail, as `bad` checks.)
skipped() {
	local pattern=$1 rc
	shift
	t20 "$KABISCAN" "$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "'$*': exit $rc, want 0 with a warning: $(head -c 300 "$WORK/err")"
	elif [ ! -s "$WORK/raw" ]; then
		fail "'$*': nothing on stdout"
	elif [ "$(wc -l <"$WORK/err")" -ne 1 ] ||
		! grep -Eq -- "^kabiscan: warning: $pattern; module skipped$" "$WORK/err"; then
		fail "'$*': stderr '$(cat "$WORK/err")' is not one warning matching '$pattern'"
	else
		pass "skipped: $(cat "$WORK/err")"
	fi
}

# skip_case NAME REASON: one case cannot run here; the others still do.
# usage PATTERN KABISCAN-ARGS...: exit 2, nothing on stdout, first stderr line
# "kabiscan: " and the problem, then only the usage line.
usage() {
	local pattern=$1 rc
	shift
	t20 "$KABISCAN" "$@" >"$WORK/raw" 2>"$WORK/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "usage '$*': exit $rc, want 2: $(head -c 300 "$WORK/err")"
	elif [ -s "$WORK/raw" ]; then
		fail "usage '$*': printed on stdout"
	elif ! head -n 1 "$WORK/err" | grep -Eq -- "^kabiscan: $pattern"; then
		fail "usage '$*': first stderr line '$(head -n 1 "$WORK/err")' does not match '^kabiscan: $pattern'"
	elif tail -n +2 "$WORK/err" | grep -qv '^usage: '; then
		fail "usage '$*': stderr has more than the message and the usage: $(tr '\n' '|' <"$WORK/err")"
	else
		pass "usage: $(head -n 1 "$WORK/err")"
	fi
}

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with BYTES (printf %b escapes).
poke() {
	printf '%b' "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

# half FILE OUT: the first half of FILE.
half() {
	head -c $(($(stat -c %s "$1") / 2)) "$1" >"$2"
}

# u8 FILE OFFSET / u32 FILE OFFSET: little-endian numbers in FILE.
u8() { od -An -tu1 -j $(($2)) -N1 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j $(($2)) -N4 "$1" | tr -d ' '; }

# --- Raw BTF ---------------------------------------------------------------
head -c 100 "$BTF612" >"$B/btf-100"
bad "cannot read '$EB/btf-100': truncated BTF" show "$B/btf-100" -t "$RES"
head -c 20 "$B/btf-100" >"$B/btf-20"
bad "cannot read '$EB/btf-20': truncated BTF header" show "$B/btf-20" -t "$RES"
head -c 10 "$B/btf-100" >"$B/btf-10"
bad "cannot read '$EB/btf-10': truncated BTF header" show "$B/btf-10" -t "$RES"
: >"$B/empty"
bad "cannot read '$EB/empty': empty file" show "$B/empty" -t "$RES"
# Bad magic: nothing else in the file says BTF either.
cp "$BTF612" "$B/btf-magic"
poke "$B/btf-magic" 0 '\x12\x34'
bad "cannot read '$EB/btf-magic': (bad BTF magic|no BTF found)" show "$B/btf-magic" -t "$RES"
cp "$BTF612" "$B/btf-version"
poke "$B/btf-version" 2 '\x02'
bad "cannot read '$EB/btf-version': unsupported BTF version 2" show "$B/btf-version" -t "$RES"
# Header fields (u32 LE): type_off 8, type_len 12, str_off 16, str_len 20.
cp "$BTF612" "$B/btf-strlen"
poke "$B/btf-strlen" 20 '\xff\xff\xff\x00'
bad "cannot read '$EB/btf-strlen': (truncated BTF|bad BTF header section bounds)" \
	show "$B/btf-strlen" -t "$RES"
cp "$BTF612" "$B/btf-typelen"
poke "$B/btf-typelen" 12 '\x00\x00\x00\x10'
bad "cannot read '$EB/btf-typelen': (truncated BTF|bad BTF header section bounds)" \
	show "$B/btf-typelen" -t "$RES"
cp "$BTF612" "$B/btf-nostr"
poke "$B/btf-nostr" 20 '\0\0\0\0'
# A vmlinux BTF with an empty string section passes the header check (module
# BTF may have one) and is refused by libbpf, which needs at least "\\0".
bad "cannot read '$EB/btf-nostr': invalid BTF data" show "$B/btf-nostr" -t "$RES"
# In bounds, but the strings overlap the types.
cp "$BTF612" "$B/btf-overlap"
poke "$B/btf-overlap" 16 '\0\0\0\0'
bad "cannot read '$EB/btf-overlap': invalid BTF" show "$B/btf-overlap" -t "$RES"
# Types zeroed.
cp "$BTF612" "$B/btf-types"
dd if=/dev/zero of="$B/btf-types" bs=1 seek=24 count=100000 conv=notrunc status=none
bad "cannot read '$EB/btf-types': invalid BTF" show "$B/btf-types" -t "$RES"

# --- ELF -------------------------------------------------------------------
{
	printf '\x7fELF'
	head -c 200 /dev/urandom
} >"$B/elf-garbage"
bad "cannot read '$EB/elf-garbage': corrupt ELF" show "$B/elf-garbage" -t "$RES"
printf '\x7fELF' >"$B/elf-magic"
bad "cannot read '$EB/elf-magic': (corrupt|truncated) ELF" show "$B/elf-magic" -t "$RES"
# A real module cut in half: its section headers (at the end) are gone.
mkdir -p "$B/root-half/boot" "$B/root-half/lib/modules/$R61/kernel"
ln -s "$VMLINUZ61" "$B/root-half/boot/vmlinuz-$R61"
half "$MOD61" "$B/root-half/lib/modules/$R61/kernel/vfio-pci-core.ko"
bad "'$EB/root-half/lib/modules/$R61/kernel/vfio-pci-core.ko': (truncated|corrupt) ELF" \
	show "$B/root-half" -t "$REGOPS" --strict
skipped "cannot read '$EB/root-half/lib/modules/$R61/kernel/vfio-pci-core.ko': (truncated|corrupt) ELF.*" \
	show "$B/root-half" -t "$RES"
# The type the bad module held is no-data there, with the reason; the run
# still reports every other kernel.
skipped "cannot read '$EB/root-half/.*vfio-pci-core.ko'.*" \
	report "$B/root-half" "$DEB/$R61" -t "$REGOPS" -t "$RES" --format json
if jq -e '[.cells[] | select(.state == "no-data")] | length == 1 and
	(.[0].reason | test("1 of 1 modules could not be read, and may hold it"))' \
	"$WORK/raw" >/dev/null; then
	pass "the bad module's type is no-data, with the reason"
else
	fail "the bad module's type is not no-data with the reason: $(jq -c '.cells' "$WORK/raw" | head -c 400)"
fi
# A type found nowhere else is still an error, after the warning.
t20 "$KABISCAN" show "$B/root-half" -t "$REGOPS" >"$WORK/raw" 2>"$WORK/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$WORK/err")" -eq 2 ] &&
	head -n 1 "$WORK/err" | grep -q "^kabiscan: warning: cannot read .*vfio-pci-core.ko" &&
	tail -n 1 "$WORK/err" | grep -q "^kabiscan: unknown type 'vfio_pci_regops': not found in 1 kernel (0 absent, 1 without type data)$"; then
	pass "a type only the bad module holds: the warning, then the error"
else
	fail "show of the bad module's type: exit $rc: $(cat "$WORK/err")"
fi
# A misspelt name there is no-data too (the bad module may hold it): no
# kernel could be asked, so no "did you mean" guesses at it.
t20 "$KABISCAN" show "$B/root-half" -t 'struct resourc' >"$WORK/raw" 2>"$WORK/err"
rc=$?
if [ $rc -eq 1 ] && tail -n 1 "$WORK/err" | grep -q "^kabiscan: unknown type 'struct \
resourc': not found in 1 kernel (0 absent, 1 without type data)$"; then
	pass "a name only no-data cells answer: no suggestion"
else
	fail "a misspelt name with a bad module: exit $rc: $(cat "$WORK/err")"
fi
half "$MOD61" "$B/half.ko"
bad "'$EB/half.ko': (truncated|corrupt) ELF" show "$B/half.ko" --base "$VMLINUZ61" -t "$REGOPS"
if command -v gcc >/dev/null && command -v objcopy >/dev/null; then
	echo 'int x;' | gcc -c -x c - -o "$B/t.o"
	objcopy --add-section .BTF="$BTF612" --set-section-flags .BTF=alloc,readonly \
		"$B/t.o" "$B/vmlinux"
	half "$B/vmlinux" "$B/vmlinux-half"
	bad "'$EB/vmlinux-half': (truncated|corrupt) ELF" show "$B/vmlinux-half" -t "$RES"
	# An ELF with no .BTF at all: the message says there is no type data.
	bad "'$EB/t.o'.*(no BTF|no \.BTF)|without type data" show "$B/t.o" -t "$RES"
else
	skip_case "ELF vmlinux" "gcc or objcopy is not installed"
fi

# --- Modules and their base ------------------------------------------------
# Another release's vmlinux.
bad "cannot use '$EMOD61': its BTF does not match the base BTF '$EBTF612'" \
	show "$MOD61" --base "$BTF612" -t "$REGOPS"
# Same release family, another flavour (PREEMPT_RT).
RT=$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux
ERT=$(re "$RT")
bad "cannot use '$EMOD61': its BTF does not match the base BTF '$ERT'" \
	show "$MOD61" --base "$RT" -t "$REGOPS"
bad "cannot use '$EMOD61': its BTF does not match" report "$MOD61" --base "$RT" -t "$REGOPS"
# A module in a root of another release: vermagic says so.
R=6.1.0-50-cloud-amd64
mkdir -p "$B/root-cloud/boot" "$B/root-cloud/lib/modules/$R/kernel"
ln -s "$DEB/$R/boot/vmlinuz-$R" "$B/root-cloud/boot/vmlinuz-$R"
ln -s "$MOD61" "$B/root-cloud/lib/modules/$R/kernel/vfio-pci-core.ko"
bad "cannot use '$EB/root-cloud/lib/modules/$R/kernel/vfio-pci-core.ko': built for kernel $R61, not $R" \
	show "$B/root-cloud" -t "$REGOPS" --strict
skipped "cannot use '$EB/root-cloud/lib/modules/$R/kernel/vfio-pci-core.ko': built for kernel $R61, not $R" \
	show "$B/root-cloud" -t "$RES"
# No base at all: outside any root, no --base.
ln -s "$MOD61" "$B/vfio-pci-core.ko"
bad "'$EB/vfio-pci-core.ko'.*--base" show "$B/vfio-pci-core.ko" -t "$REGOPS"
# Bad --base files.
bad "cannot open '$EB/missing-base': No such file" show "$MOD61" --base "$B/missing-base" -t "$REGOPS"
bad "cannot read '$EDEB/$R61': not a regular file" show "$MOD61" --base "$DEB/$R61" -t "$REGOPS"
bad "cannot read '$EB/btf-100': truncated BTF" show "$MOD61" --base "$B/btf-100" -t "$REGOPS"
bad "'$EMOD61'.*(invalid|split|not .*vmlinux) BTF" show "$MOD61" --base "$MOD61" -t "$REGOPS"

# --- Compression -----------------------------------------------------------
{
	printf '\x89LZO\0\r\n\x1a\n'
	head -c 5000 /dev/urandom
} >"$B/lzo"
bad "cannot read '$EB/lzo': (unknown compression|no BTF found)" show "$B/lzo" -t "$RES"
# A compressed file with no BTF inside says so, as the plain file does.
head -c 100000 /etc/services >"$B/text"
bad "cannot read '$EB/text': no BTF found" show "$B/text" -t "$RES"
gzip -c "$B/text" >"$B/text.gz"
bad "'$EB/text.gz'.*no BTF" show "$B/text.gz" -t "$RES"
# Whole files cut in half.
for c in gzip xz zstd bzip2 lz4; do
	command -v "$c" >/dev/null || { skip_case "truncated $c" "$c is not installed"; continue; }
	"$c" -c <"$BTF612" 2>/dev/null >"$B/full.$c"
	half "$B/full.$c" "$B/half.$c"
	bad "cannot decompress '$EB/half.$c': truncated $c data" show "$B/half.$c" -t "$RES"
done
X=$DEB/$R612/lib/modules/$R612/kernel/drivers/vfio/pci/vfio-pci-core.ko.xz
mkdir -p "$B/root-kohalf/lib/modules/$R612/kernel" "$B/root-kohalf/sys/kernel/btf"
ln -s "$BTF612" "$B/root-kohalf/sys/kernel/btf/vmlinux"
half "$X" "$B/root-kohalf/lib/modules/$R612/kernel/vfio-pci-core.ko.xz"
bad "cannot decompress '$EB/root-kohalf/lib/modules/$ER612/kernel/vfio-pci-core.ko.xz': truncated xz data" \
	show "$B/root-kohalf" -t "$REGOPS" --strict
skipped "cannot decompress '$EB/root-kohalf/lib/modules/$ER612/kernel/vfio-pci-core.ko.xz': truncated xz data" \
	show "$B/root-kohalf" -t "$RES"
# A decompression bomb: more than 2 GiB of zeros.
if command -v zstd >/dev/null; then
	head -c 2200M /dev/zero | zstd -q -1 -c >"$B/bomb.zst"
	bad "cannot decompress '$EB/bomb.zst': output exceeds [0-9]+ bytes" show "$B/bomb.zst" -t "$RES"
	rm -f "$B/bomb.zst"
fi

# --- bzImages --------------------------------------------------------------
# Where the payload starts: (setup_sects + 1) * 512 + payload_offset.
PAYLOAD=$((($(u8 "$VMLINUZ61" 0x1f1) + 1) * 512 + $(u32 "$VMLINUZ61" 0x248)))
cp "$VMLINUZ61" "$B/vmlinuz-magic"
poke "$B/vmlinuz-magic" "$PAYLOAD" 'LZO!'
bad "cannot read '$EB/vmlinuz-magic': unknown compression in bzImage payload" \
	show "$B/vmlinuz-magic" -t "$RES"
half "$VMLINUZ61" "$B/vmlinuz-half"
bad "cannot read '$EB/vmlinuz-half': .*truncated" show "$B/vmlinuz-half" -t "$RES"
# Same size, but the second half of each payload zeroed: xz, lz4, zstd.
for r in $R61 6.1.0-50-cloud-amd64 6.12.117+deb13-amd64; do
	f=$B/vmlinuz-zeroed-$r
	cp "$DEB/$r/boot/vmlinuz-$r" "$f"
	s=$(stat -c %s "$f")
	dd if=/dev/zero of="$f" bs=4096 seek=$((s / 8192)) count=$((s / 16384)) conv=notrunc \
		status=none
	bad "cannot decompress '$(re "$f")': (corrupt|truncated) (xz|lz4 legacy|zstd) data" show "$f" -t "$RES"
done

# --- Files, directories, links ---------------------------------------------
bad "cannot open '$EB/missing': No such file or directory" show "$B/missing" -t "$RES"
bad "cannot open '$EB/missing': No such file or directory" report "$DEB/$R61" "$B/missing" -t "$RES"
mkdir "$B/emptydir"
bad "no kernel found in '$EB/emptydir'" show "$B/emptydir" -t "$RES"
ln -s loop-b "$B/loop-a"
ln -s loop-a "$B/loop-b"
bad "cannot open '$EB/loop-a': symbolic link loop" show "$B/loop-a" -t "$RES"
mkdir -p "$B/root-loop/boot"
ln -s vmlinuz-9.9.9-x "$B/root-loop/boot/vmlinuz-9.9.9"
ln -s vmlinuz-9.9.9 "$B/root-loop/boot/vmlinuz-9.9.9-x"
bad "cannot open '$EB/root-loop/boot/vmlinuz-9.9.9(-x)?': symbolic link loop" \
	show "$B/root-loop" -t "$RES"
mkdir -p "$B/root-modloop/boot" "$B/root-modloop/lib/modules/$R61/kernel"
ln -s "$VMLINUZ61" "$B/root-modloop/boot/vmlinuz-$R61"
ln -s q.ko "$B/root-modloop/lib/modules/$R61/kernel/p.ko"
ln -s p.ko "$B/root-modloop/lib/modules/$R61/kernel/q.ko"
bad "cannot open '$EB/root-modloop/lib/modules/$R61/kernel/[pq].ko': (symbolic link loop|Too many levels of symbolic links)" \
	show "$B/root-modloop" -t "$REGOPS" --strict
mkdir -p "$B/root-dangling/boot" "$B/root-dangling/lib/modules/$R61/kernel"
ln -s "$VMLINUZ61" "$B/root-dangling/boot/vmlinuz-$R61"
ln -s "$B/nowhere.ko" "$B/root-dangling/lib/modules/$R61/kernel/gone.ko"
bad "cannot open '$EB/root-dangling/lib/modules/$R61/kernel/gone.ko': No such file" \
	show "$B/root-dangling" -t "$REGOPS" --strict
skipped "cannot open '$EB/root-dangling/lib/modules/$R61/kernel/gone.ko': No such file or directory" \
	show "$B/root-dangling" -t "$RES"
bad "cannot read '/dev/null': not a regular file" show /dev/null -t "$RES"
# A FIFO must be refused, not opened and waited on.
mkfifo "$B/fifo"
bad "cannot read '$EB/fifo': not a regular file" show "$B/fifo" -t "$RES"
if [ "$(id -u)" -eq 0 ]; then
	skip_case "unreadable file" "running as root, which reads a mode 000 file anyway"
else
	cp "$BTF612" "$B/unreadable"
	chmod 000 "$B/unreadable"
	bad "cannot open '$EB/unreadable': Permission denied" show "$B/unreadable" -t "$RES"
fi

# --- Types -----------------------------------------------------------------
bad "unknown type 'no_such_type_xyz': not found in any of [0-9]+ kernels" \
	report "$DEB"/* -t no_such_type_xyz
bad "unknown type 'no_such_type_xyz'" show "$DEB/$R61" -t no_such_type_xyz
# A name that is no type name is a usage error (exit 2), said before any
# kernel is read.
usage "bad type name 'struct'" show "$DEB/$R61" -t struct
usage "bad type name 'struct '" show "$DEB/$R61" -t 'struct '
usage "bad type name 'union a b'" show "$DEB/$R61" -t 'union a b'
usage "bad type name 'strcut x'" report "$DEB/$R61" -t 'strcut x'

# --- Usage -----------------------------------------------------------------
usage "no type given" show "$DEB/$R61"
usage "no type given" report "$DEB/$R61"
usage "no type given" report "$DEB/$R61" -t ''
usage "no KERNEL given" report -t "$RES"
usage "show takes one KERNEL" show "$DEB/$R61" "$DEB/$R612" -t "$RES"
usage "unknown format 'xml'" report "$DEB/$R61" -t "$RES" --format xml
usage ".*(unknown|unrecognized) option '--bogus'" show "$DEB/$R61" -t "$RES" --bogus
usage ".*(unknown|unrecognized) option '--bogus'" report "$DEB/$R61" -t "$RES" --bogus
usage ".*(unknown|invalid) option.*-Z" report "$DEB/$R61" -t "$RES" -Z
usage "option '-t' needs a value" show "$DEB/$R61" -t
usage "unknown command 'bogus'" bogus

# listdir DIR: the names in DIR, hidden ones too, sorted, each followed by a space.
listdir() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' '; }

# --- -o ----------------------------------------------------------------------
# On error: no FILE, no temporary file, an existing FILE untouched.
mkdir "$B/out"
bad "cannot read '$EB/btf-100'" show "$B/btf-100" -t "$RES" -o "$B/out/show.txt"
bad "unknown type 'no_such_type_xyz'" report "$DEB/$R61" -t no_such_type_xyz --format json \
	-o "$B/out/report.json"
if [ -z "$(listdir "$B/out")" ]; then
	pass "-o on error leaves nothing in the directory"
else
	fail "-o on error left files: $(listdir "$B/out")"
fi
echo keep >"$B/out/keep.txt"
bad "cannot read '$EB/btf-100'" show "$B/btf-100" -t "$RES" -o "$B/out/keep.txt"
if [ "$(cat "$B/out/keep.txt")" = keep ] && [ "$(listdir "$B/out")" = "keep.txt " ]; then
	pass "-o on error leaves an existing file as it was"
else
	fail "-o on error: keep.txt is '$(head -c 100 "$B/out/keep.txt")', dir has $(listdir "$B/out")"
fi
bad "cannot write '$EB/nodir/x.txt'" show "$DEB/$R61" -t "$RES" -o "$B/nodir/x.txt"
bad "cannot write '$EB/out'" show "$DEB/$R61" -t "$RES" -o "$B/out"
# On success: the same bytes as stdout, put in place by rename (a new inode),
# with the mode a plain `>` would give.
rm -f "$B/out/keep.txt"
for cmd in show report; do
	t20 "$KABISCAN" "$cmd" "$DEB/$R61" -t "$RES,$REGOPS" >"$B/stdout.$cmd" 2>"$WORK/err"
	echo old >"$B/out/$cmd.txt"
	ino=$(stat -c %i "$B/out/$cmd.txt")
	if ! t20 "$KABISCAN" "$cmd" "$DEB/$R61" -t "$RES,$REGOPS" -o "$B/out/$cmd.txt" \
		>"$WORK/raw" 2>"$WORK/err"; then
		fail "$cmd -o: exit non-zero: $(head -c 300 "$WORK/err")"
	elif [ -s "$WORK/raw" ] || [ -s "$WORK/err" ]; then
		fail "$cmd -o: printed on stdout or stderr"
	elif ! cmp -s "$B/stdout.$cmd" "$B/out/$cmd.txt"; then
		fail "$cmd -o: the file differs from stdout"
	elif [ "$(stat -c %i "$B/out/$cmd.txt")" = "$ino" ]; then
		fail "$cmd -o: the file was rewritten in place, not renamed into place"
	else
		pass "$cmd -o: the file equals stdout and was renamed into place"
	fi
done
if [ "$(listdir "$B/out")" = "report.txt show.txt " ]; then
	pass "-o on success leaves no temporary file"
else
	fail "-o on success: directory has $(listdir "$B/out")"
fi
# A full disk on stdout: exit 1 and one message.
if [ -w /dev/full ]; then
	for fmt in text json; do
		t20 "$KABISCAN" report "$DEB/$R61" -t "$RES" --format $fmt >/dev/full 2>"$WORK/err"
		rc=$?
		if [ $rc -ne 1 ]; then
			fail "report --format $fmt >/dev/full: exit $rc, want 1: $(head -c 300 "$WORK/err")"
		elif [ "$(wc -l <"$WORK/err")" -ne 1 ] ||
			! grep -q "^kabiscan: cannot write '\?standard output'\?: No space left on device$" "$WORK/err"; then
			fail "report --format $fmt >/dev/full: want one 'cannot write standard output' line, got: $(tr '\n' '|' <"$WORK/err")"
		else
			pass "report --format $fmt >/dev/full: $(cat "$WORK/err")"
		fi
	done
else
	skip_case "full stdout" "no writable /dev/full"
fi
want=$(printf '%o' $((0666 & ~0$(umask))))
mode=$(stat -c %a "$B/out/show.txt")
if [ "$mode" = "$want" ]; then
	pass "-o file mode $mode follows the umask"
else
	fail "-o file mode is $mode, want $want (0666 less umask $(umask), as '>' gives)"
fi
finish

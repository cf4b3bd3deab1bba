#!/bin/bash
# Compile oracle: every struct, union, enum and typedef kabiscan prints is
# valid C with the BTF's exact layout. For 6.1.0-50-amd64,
# 6.12.117+deb13-amd64 and 7.2.13+deb14-amd64, vmlinux and every module
# with split BTF, one translation unit per BTF file holds:
#   - the kernel's own types: `bpftool btf dump file ... format c`, with the
#     enum sizes bpftool 7.1 drops put back (oracle/context.py);
#   - every named type as render__type() prints it, renamed NAME__ks_ID, with
#     its enumerators renamed too (build/release/render_all);
#   - _Static_asserts of sizeof and of the offsetof of every named member,
#     and a run-time check of every named bitfield's bits, all from bpftool's
#     JSON dump of the same BTF, not from kabiscan (oracle/asserts.py).
# gcc -fms-extensions (the kernel's own flag since 6.19: "struct ns_tree;"
# members) must compile it without error and the program must find every
# bitfield where the BTF says. Not checked, and listed: sizes C cannot take
# (enums without enumerators, typedefs of functions and of declared-only
# structs), and types holding by value a name the BTF defines twice.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool bpftool
need_tool gcc
need_tool xz
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
RENDER_ALL=${RENDER_ALL:-$TOP/build/release/render_all}
[ -x "$RENDER_ALL" ] || skip "$RENDER_ALL is not built (make build/release/render_all)"
ORACLE=$TOP/tests/oracle

# oracle LABEL FILE [BASE]: build, compile and run FILE's translation unit.
oracle() {
	local label=$1 file=$2 base=${3:-} out=$WORK/unit bopt=() json=()
	if [ -n "$base" ]; then
		bopt=(-B "$base")
		json=("$WORK/base.json")
	fi
	if ! "$RENDER_ALL" "$file" ${base:+"$base"} >"$out.defs.c" 2>"$out.err"; then
		fail "$label: render_all: $(head -c 300 "$out.err")"
		return
	fi
	if ! bpftool "${bopt[@]}" btf dump file "$file" format c >"$out.dump.h" 2>"$out.err" ||
		! bpftool "${bopt[@]}" btf dump file "$file" -j >"$out.json" 2>>"$out.err"; then
		fail "$label: bpftool: $(head -c 300 "$out.err")"
		return
	fi
	if ! python3 "$ORACLE/context.py" "$out.dump.h" "$out.json" "${json[@]}" \
		>"$out.context.h" 2>"$out.ctx.log" ||
		! python3 "$ORACLE/asserts.py" "$out.defs.c" "$out.json" "${json[@]}" \
			>"$out.checks.c" 2>"$out.log"; then
		fail "$label: oracle scripts failed: $(cat "$out.ctx.log" "$out.log" | head -c 300)"
		return
	fi
	cat "$out.context.h" "$out.checks.c" >"$out.c"
	if ! gcc -fms-extensions -w -O0 -o "$out.bin" "$out.c" 2>"$out.gcc"; then
		fail "$label: gcc rejects kabiscan's definitions ($(grep -c 'error' "$out.gcc") errors):"
		grep 'error' "$out.gcc" | head -20
		return
	fi
	if ! "$out.bin" >"$out.run"; then
		fail "$label: bitfields not where the BTF says:"
		head -20 "$out.run"
		return
	fi
	pass "$label: $(sed -n 's/^types \([0-9]*\) asserts \([0-9]*\) bitfields \([0-9]*\)$/\1 types compile; \2 size and offset asserts, \3 bitfields hold/p' "$out.log")"
	sed -n 's/^nosize \(.*\) \([0-9]*\)$/#   no size check: \2 \1/p; s/^ambiguous /#   /p' "$out.log"
}

start=$SECONDS
for rel in 6.1.0-50-amd64 6.12.117+deb13-amd64 7.2.13+deb14-amd64; do
	dir=$DEB/$rel
	if [ ! -d "$dir" ]; then
		fail "$rel: not in the corpus"
		continue
	fi
	t0=$SECONDS
	if [ -f "$dir/sys/kernel/btf/vmlinux" ]; then
		btf=$dir/sys/kernel/btf/vmlinux
	else
		btf=$WORK/vmlinux.btf
		if ! python3 "$TOP/tests/cli/pahole/extract-btf.py" "$dir/boot/vmlinuz-$rel" "$btf" \
			>/dev/null 2>"$WORK/extract.err"; then
			fail "$rel: cannot extract BTF from vmlinuz: $(head -c 300 "$WORK/extract.err")"
			continue
		fi
	fi
	oracle "$rel vmlinux" "$btf"
	bpftool btf dump file "$btf" -j >"$WORK/base.json"
	mods=0
	while IFS= read -r mod; do
		m=$(basename "$mod" .xz)
		case $mod in
		*.xz) xz -dc "$mod" >"$WORK/$m" ;;
		*) cp "$mod" "$WORK/$m" ;;
		esac
		# Modules without a .BTF section have no split BTF to print.
		if bpftool -B "$btf" btf dump file "$WORK/$m" >/dev/null 2>&1; then
			oracle "$rel $m" "$WORK/$m" "$btf"
			mods=$((mods + 1))
		fi
		rm -f "$WORK/$m"
	done < <(find "$dir" -path '*/usr/lib/debug' -prune -o \( -name '*.ko' -o -name '*.ko.xz' \) \
		-print | LC_ALL=C sort)
	[ "$mods" -gt 0 ] || fail "$rel: no module with split BTF found"
	echo "# $rel: vmlinux and $mods modules in $((SECONDS - t0))s"
done
echo "# compile oracle: $((SECONDS - start))s"
finish

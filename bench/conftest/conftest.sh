#!/usr/bin/env bash
# bench/conftest/conftest.sh: learn kernel ABI facts the way NVIDIA's
# conftest.sh does, by compiling one small C file per fact against the
# installed kernel headers with the kernel's own compiler flags.
#
#   bench/conftest/conftest.sh -k KDIR [-j JOBS] [-w WORKDIR] TESTS.tsv > LEARNT.tsv
#
# KDIR     the kernel's build directory (/usr/src/linux-headers-RELEASE)
# JOBS     compiles run at once (default 2); like conftest under Kbuild, each
#          test is its own make target and `make -jJOBS` runs them
# WORKDIR  where the probes go (default: a temp dir, removed at the end); kept
#          when given: probes/pNNNNN-{y,v}.{c,log,res}, and cc_line, the
#          compiler command with Kbuild's flags
# TESTS    from bench/conftest/facts.sh: test, includes, subject, member,
#          extra, macros (see there)
#
# Flags: one trivial module is built with `make -C KDIR M=DIR V=1 modules`,
# and the gcc command Kbuild ran for its .c file is reused for every probe
# (minus -Wp,-MMD; relative -I paths made absolute). That is exactly what the
# kernel would compile a driver with (-nostdinc, -include kconfig.h, -O2, -g,
# -Werror=implicit-function-declaration, -Werror=incompatible-pointer-types,
# ...).
#
# Probes, one compile each:
#   type, member, func, enumval_have  does `sizeof(T) > 0` / `(void)p->m` /
#                                     `&f` / `(V)` compile? -> 1 or 0
#   sizeof, offsetof, enumval         `const long long kabi_val = EXPR;` is
#                                     compiled; its 8 bytes are read back from
#                                     .rodata (objcopy -O binary, od) -> N
#   *_nargs  a call with NARGS arguments, each a zero of the claimed type
#            ((__typeof__(A)){0}), compiles (C rejects too few or too many
#            for a prototype) -> NARGS, or "not NARGS"
#   *_ret    __builtin_types_compatible_p(typeof(call), typeof(RET)) -> RET
#   *_sig    __builtin_types_compatible_p(typeof(m), typeof(RET) (*)(typeof(A1),
#            ...)) -> each ARG_i as claimed, or "not (prototype)"
# The facts whose values C can only confirm (return and argument types, the
# count) are hypothesis tests, as in conftest.sh; sizes, offsets and
# enumerator values are learnt outright.
#
# stdout: "macro <TAB> learnt value", one line per macro of TESTS.
# stderr, last line: "conftest: tests=N compiles=N failed=N jobs=J kbuild_ms=N".
set -euo pipefail

kdir=""
jobs=2
work=""
while getopts "k:j:w:h" opt; do
	case $opt in
	k) kdir=$OPTARG ;;
	j) jobs=$OPTARG ;;
	w) work=$OPTARG ;;
	*)
		awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if [[ -z $kdir || $# -ne 1 || ! -f $1 ]]; then
	echo "usage: ${0##*/} -k KDIR [-j JOBS] [-w WORKDIR] TESTS.tsv" >&2
	exit 2
fi
tests=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
kdir=$(cd "$kdir" && pwd)
[[ -f $kdir/Makefile ]] || {
	echo "conftest.sh: no kernel build directory at $kdir" >&2
	exit 1
}
if [[ -z $work ]]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-conftest.XXXXXX")
	trap 'rm -rf "$work"' EXIT
else
	rm -rf "$work"
	mkdir -p "$work"
	work=$(cd "$work" && pwd)
fi

# -- the kernel's flags, from a trivial module built by Kbuild ---------------------
t0=$(date +%s%N)
mkdir -p "$work/kbuild" "$work/probes"
cat >"$work/kbuild/kabi_flags.c" <<'EOF'
#include <linux/module.h>
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := kabi_flags.o' >"$work/kbuild/Kbuild"
if ! make -C "$kdir" M="$work/kbuild" V=1 modules >"$work/kbuild/build.log" 2>&1; then
	echo "conftest.sh: Kbuild failed to build a trivial module against $kdir:" >&2
	tail -n 20 "$work/kbuild/build.log" >&2
	exit 1
fi
cc_line=$(grep -F -- "-c -o $work/kbuild/kabi_flags.o $work/kbuild/kabi_flags.c" \
	"$work/kbuild/build.log" | head -n1)
[[ -n $cc_line ]] || {
	echo "conftest.sh: no compile command for kabi_flags.c in Kbuild's V=1 output" >&2
	exit 1
}
cc_line=${cc_line%% -c -o "$work"/kbuild/kabi_flags.o*}
cc_line=$(sed -E 's/^[[:space:]]+//; s/ -Wp,-MMD,[^ ]+//; s# -I\./# -I'"$kdir"'/#g' <<<"$cc_line")
kbuild_ms=$((($(date +%s%N) - t0) / 1000000))
printf '%s\n' "$cc_line" >"$work/cc_line"

# -- one probe per test -------------------------------------------------------------
# "RET;A1;A2" -> "(__typeof__(A1)){0}, (__typeof__(A2)){0}": a zero of each
# claimed argument type (a plain 0 cannot be passed for a struct by value)
zeros() {
	local args=() a s=""
	IFS=';' read -r -a args <<<"$1"
	for a in "${args[@]:1}"; do s+="${s:+, }(__typeof__($a)){0}"; done
	printf '%s' "$s"
}
# number of arguments in "RET;A1;A2"
nargs() {
	local args=()
	IFS=';' read -r -a args <<<"$1"
	echo $((${#args[@]} - 1))
}
# "RET;A1;A2" -> "__typeof__(RET) (*)(__typeof__(A1), __typeof__(A2))" (ptr=1) or
# without the (*) for a function type
proto() {
	local ptr=$1 ret args=() a out=""
	IFS=';' read -r -a args <<<"$2"
	ret=${args[0]}
	for a in "${args[@]:1}"; do out+="${out:+, }__typeof__($a)"; done
	[[ -n $out ]] || out=void
	if ((ptr)); then
		printf '__typeof__(%s) (*)(%s)' "$ret" "$out"
	else
		printf '__typeof__(%s) (%s)' "$ret" "$out"
	fi
}

n=0
: >"$work/index"
while IFS=$'\t' read -r test includes subject member extra macros; do
	n=$((n + 1))
	id=$(printf 'p%05d' "$n")
	kind=y # y: does it compile; v: a value read back
	body=""
	case $test in
	type) body="_Static_assert(sizeof($subject) > 0, \"complete\");" ;;
	sizeof)
		kind=v
		body="const long long kabi_val = (long long)sizeof($subject);"
		;;
	member) body="void kabi_probe($subject *p) { (void)p->$member; }" ;;
	offsetof)
		kind=v
		body="const long long kabi_val = (long long)__builtin_offsetof($subject, $member);"
		;;
	fp_nargs) body="void kabi_probe($subject *p) { (void)p->$member($(zeros "$extra")); }" ;;
	fp_ret)
		body="_Static_assert(__builtin_types_compatible_p(__typeof__((($subject *)0)->$member($(zeros "$extra"))), __typeof__(${extra%%;*})), \"ret\");"
		;;
	fp_sig)
		body="_Static_assert(__builtin_types_compatible_p(__typeof__((($subject *)0)->$member), $(proto 1 "$extra")), \"sig\");"
		;;
	func) body="__typeof__(&$subject) kabi_probe = &$subject;" ;;
	func_nargs) body="void kabi_probe(void) { (void)$subject($(zeros "$extra")); }" ;;
	func_ret)
		body="_Static_assert(__builtin_types_compatible_p(__typeof__($subject($(zeros "$extra"))), __typeof__(${extra%%;*})), \"ret\");"
		;;
	func_sig)
		body="_Static_assert(__builtin_types_compatible_p(__typeof__($subject), $(proto 0 "$extra")), \"sig\");"
		;;
	enumval_have) body="long long kabi_probe(void) { return (long long)($member); }" ;;
	enumval)
		kind=v
		body="const long long kabi_val = (long long)($member);"
		;;
	*)
		echo "conftest.sh: unknown test '$test' (line $n)" >&2
		exit 1
		;;
	esac
	{
		echo "/* conftest probe $id: $test $subject $member */"
		IFS=, read -r -a incs <<<"$includes"
		for inc in "${incs[@]}"; do echo "#include <$inc>"; done
		echo "$body"
	} >"$work/probes/$id-$kind.c"
	printf '%s\t%s\t%s\t%s\n' "$id-$kind" "$test" "$extra" "$macros" >>"$work/index"
done <"$tests"

# -- compile: one make target per probe ------------------------------------------------
{
	echo "CC_KBUILD := $cc_line"
	cat <<'EOF'
all: $(patsubst %.c,%.res,$(wildcard *.c))
%-y.res: %-y.c
	@if $(CC_KBUILD) -c $< -o $*-y.o 2>$*-y.log; then echo 1; else echo 0; fi >$@; rm -f $*-y.o
%-v.res: %-v.c
	@if $(CC_KBUILD) -c $< -o $*-v.o 2>$*-v.log && objcopy -O binary -j .rodata $*-v.o $*-v.bin; \
	 then od -An -t d8 $*-v.bin | tr -d " "; else echo FAIL; fi >$@; rm -f $*-v.o $*-v.bin
EOF
} >"$work/Makefile"
make -s -k -j"$jobs" -C "$work/probes" -f "$work/Makefile" all

# -- results -------------------------------------------------------------------------
failed=0
while IFS=$'\t' read -r id test extra macros; do
	res=$(<"$work/probes/$id.res")
	[[ $res == 1 || $id == *-v ]] || failed=$((failed + 1))
	[[ $res != FAIL ]] || failed=$((failed + 1))
	IFS=, read -r -a ms <<<"$macros"
	case $test in
	*_nargs) [[ $res == 1 ]] && val=$(nargs "$extra") || val="not $(nargs "$extra")" ;;
	*_ret) [[ $res == 1 ]] && val=${extra%%;*} || val="not ${extra%%;*}" ;;
	*_sig)
		IFS=';' read -r -a args <<<"$extra"
		i=0
		for m in "${ms[@]}"; do
			i=$((i + 1))
			if [[ $res == 1 ]]; then
				printf '%s\t%s\n' "$m" "${args[i]}"
			else
				printf '%s\tnot (%s)\n' "$m" "$extra"
			fi
		done
		continue
		;;
	*) val=$res ;;
	esac
	printf '%s\t%s\n' "${ms[0]}" "$val"
done <"$work/index"
echo "conftest: tests=$n compiles=$n failed=$failed jobs=$jobs kbuild_ms=$kbuild_ms" >&2

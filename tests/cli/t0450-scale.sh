#!/bin/bash
# No quadratic paths: a spec of 100,000 names is looked up in one pass over
# a real vmlinux (under 2 s of CPU; it took minutes), and the header of a
# struct with 65,535 members is made in linear time (under 2 s; it took
# 28 s). The answers are those of small runs. CPU time, not wall time, so a
# busy machine does not fail the test; a timeout catches a regression. A
# sanitizer build (make check SANITIZE=1) is not timed: it looks up 10,000
# names, and only a 600 s timeout bounds it.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool bpftool
need_tool python3

V=$DEB/6.12.117+deb12-amd64/sys/kernel/btf/vmlinux
[ -f "$V" ] || skip "no $V in the corpus"
NAMES=100000 LIMIT=2 TIMEOUT=60
if [[ $KABISCAN == */asan/* ]]; then
	NAMES=10000 LIMIT=600 TIMEOUT=600
fi

# cpu LIMIT NAME CMD...: CMD (stdout to $WORK/NAME) exits 0 within $TIMEOUT s
# and uses under LIMIT seconds of CPU.
cpu() {
	local limit=$1 name=$2 t rc
	shift 2
	TIMEFORMAT='%U %S'
	t=$( { time timeout "$TIMEOUT" "$@" >"$WORK/$name" 2>"$WORK/err"; } 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: exit $rc ($TIMEOUT s timeout: 124): $(head -c 300 "$WORK/err")"
	elif ! awk -v t="$t" -v l="$limit" 'BEGIN { split(t, a, " "); exit !(a[1] + a[2] < l) }'; then
		fail "$name: $t s of CPU (user, system), want under $limit s"
	else
		pass "$name: $t s of CPU (user, system)"
	fi
}

# Every named struct, union, enum, typedef and function, with its kind and
# bare: 100,000 names ($NAMES).
bpftool btf dump file "$V" | awk '$2 ~ /^(STRUCT|UNION|ENUM|ENUM64|TYPEDEF|FUNC)$/ &&
	$3 != "'"'"'(anon)'"'"'" {
		gsub("'"'"'", "", $3); k = tolower($2); if (k == "enum64") k = "enum"; print k " " $3
	}' | sort -u >"$WORK/kinds"
{
	cat "$WORK/kinds"
	awk '{ print $2 }' "$WORK/kinds" | sort -u
} | head -n "$NAMES" >"$WORK/spec"
[ "$(wc -l <"$WORK/spec")" -eq "$NAMES" ] || fail "the spec has $(wc -l <"$WORK/spec") names, not $NAMES"
head -n 1000 "$WORK/spec" >"$WORK/spec1k"
cpu "$LIMIT" show-100k "$KABISCAN" show --no-cache "$V" --spec "$WORK/spec"
"$KABISCAN" show --no-cache "$V" --spec "$WORK/spec1k" >"$WORK/show-1k" 2>"$WORK/err" ||
	fail "show of 1,000 names: $(cat "$WORK/err")"
if [ -s "$WORK/show-1k" ] && cmp -s "$WORK/show-1k" <(head -c "$(stat -c %s "$WORK/show-1k")" "$WORK/show-100k"); then
	pass "the first 1,000 of $NAMES names read as 1,000 alone"
else
	fail "$NAMES names: the first 1,000 differ from a run with those alone"
fi

# A struct with 65,535 members.
WIDE=65535 python3 "$TOP/tests/cli/hostile/mkbtf.py" "$WORK/wide.btf" || fail "mkbtf.py"
cpu "$LIMIT" header-wide "$KABISCAN" header --no-cache "$WORK/wide.btf" -t wide
n=$(grep -c '^#define KABI_OFFSETOF_WIDE_M[0-9]* ' "$WORK/header-wide")
if [ "$n" -eq 65535 ] && grep -qx '#define KABI_OFFSETOF_WIDE_M65534 262136' "$WORK/header-wide"; then
	pass "header of 65,535 members: every offset"
else
	fail "header of 65,535 members: $n offsets"
fi
cpu "$LIMIT" report-wide "$KABISCAN" report --no-cache "$WORK/wide.btf" -t wide --format json

finish

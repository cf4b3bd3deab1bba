#!/usr/bin/env bash
# bench/header.sh: time `kabiscan header KERNEL --spec SPEC -o compat.h` for a
# 20-entry spec (bench/conftest/spec20.txt) against a conftest-style script
# (bench/conftest/conftest.sh, modelled on NVIDIA's conftest.sh) that learns
# the same facts by compiling one small C file per fact against the installed
# kernel headers with Kbuild's flags, and check that both agree.
#
# Kernel: 6.1.0-50-amd64. kabiscan reads KABISCAN_CORPUS/debian/6.1.0-50-amd64;
# the conftest side compiles against linux-headers-6.1.0-50-amd64 (the same
# build): /usr/src/linux-headers-6.1.0-50-amd64 when installed, else the
# packages (headers, -common, linux-kbuild-6.1) fetched with `apt-get download`
# and unpacked with `dpkg-deb -x` under KABISCAN_BENCH_DIR/headers.
#
# Facts: bench/conftest/facts.sh turns every #define of kabiscan's header into
# a compile test (one per fact; the ARG_i of one prototype share one test);
# conftest.sh compiles them as make targets with `make -jBENCH_JOBS`.
# Checks after the timings (never timed):
#   * each fact: kabiscan's value against the compiled one (sizes, offsets and
#     enumerator values are read back from the probes' objects);
#   * kabiscan's own KABI_CHECK_LAYOUT block, compiled once with the headers;
#   * completeness: members and enumerators of each type in the DWARF of one
#     -g compile of the headers (bench/conftest/members.sh, pahole) against
#     those the header names, with their offsets and values.
#
# Environment:
#   KABISCAN             kabiscan binary (default: REPO/kabiscan; `make -s`)
#   KABISCAN_CORPUS      corpus root holding debian/ (default: REPO/../shared/corpus)
#   KABISCAN_BENCH_DIR   cache for the header packages (default /var/tmp/kabiscan-bench)
#   BENCH_KDIR           kernel build dir to compile against (default: see above;
#                        "cache" uses the unpacked packages even when installed)
#   BENCH_HEADER_SPEC    the spec (default bench/conftest/spec20.txt)
#   BENCH_RUNS           timed kabiscan runs, median reported (default 3)
#   BENCH_WARMUP         0 skips kabiscan's untimed warm-up run (default 1)
#   BENCH_CONFTEST_RUNS  timed conftest runs, no warm-up (default 1: minutes each)
#   BENCH_JOBS           parallel compiles for conftest (default 2)
# Targets (PASS/MISS, never fatal): kabiscan >= 100x faster than the conftest
# side (wall), kabiscan under 1 s, every fact equal to the compiled one, the
# layout checks compile, and no member or enumerator missing from the header.
# No headers and `apt-get download` fails: prints the reason and exits 0.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$here/lib.sh"

KABISCAN=${KABISCAN:-$repo/kabiscan}
CORPUS=${KABISCAN_CORPUS:-$repo/../shared/corpus}
BENCH_DIR=${KABISCAN_BENCH_DIR:-/var/tmp/kabiscan-bench}
SPEC=${BENCH_HEADER_SPEC:-$here/conftest/spec20.txt}
RUNS=${BENCH_RUNS:-3}
CRUNS=${BENCH_CONFTEST_RUNS:-1}
JOBS=${BENCH_JOBS:-2}
REL=6.1.0-50-amd64
KVER=${REL%%-*}                     # 6.1.0
PKGS=("linux-headers-$REL" "linux-headers-${REL%-amd64}-common" "linux-kbuild-${KVER%.*}")
KERNEL=$CORPUS/debian/$REL
TARGET_RATIO=100
TARGET_WALL_MS=1000

[[ $KABISCAN == */* ]] || KABISCAN=$(command -v "$KABISCAN" || echo "$KABISCAN")
if [[ ! -x $KABISCAN ]]; then
	echo "header.sh: no kabiscan at '$KABISCAN' (run \`make -s\` in $repo, or set KABISCAN)" >&2
	exit 1
fi
if ! "$KABISCAN" header -h 2>&1 | grep -q 'kabiscan header'; then
	echo "header.sh: $KABISCAN has no 'header' command (rebuild with \`make -s\`)" >&2
	exit 1
fi
if [[ ! -d $KERNEL ]]; then
	echo "header.sh: no kernel at '$KERNEL' (set KABISCAN_CORPUS)" >&2
	exit 1
fi
[[ -f $SPEC ]] || {
	echo "header.sh: no spec at '$SPEC'" >&2
	exit 1
}
for tool in make objcopy od; do
	command -v "$tool" >/dev/null || {
		echo "header.sh: '$tool' is needed for the conftest side" >&2
		exit 1
	}
done

# -- the installed kernel headers ---------------------------------------------------
kdir=${BENCH_KDIR:-}
hdr_from=""
if [[ -z $kdir && -f /usr/src/linux-headers-$REL/Makefile ]]; then
	kdir=/usr/src/linux-headers-$REL
	hdr_from="installed: $(dpkg-query -W -f '${Package} ${Version}, ' "${PKGS[@]}" 2>/dev/null || true)"
	hdr_from=${hdr_from%, }
elif [[ -z $kdir || $kdir == cache ]]; then
	hroot=$BENCH_DIR/headers
	kdir=$hroot/root/usr/src/linux-headers-$REL
	if [[ ! -f $kdir/Makefile ]]; then
		if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
			echo "header.sh: SKIP: no $REL headers installed, and no apt-get/dpkg-deb to fetch them"
			exit 0
		fi
		mkdir -p "$hroot/debs"
		echo "fetching ${PKGS[*]} into $hroot/debs ..."
		if ! (cd "$hroot/debs" && apt-get download "${PKGS[@]}") >"$hroot/apt.log" 2>&1; then
			echo "header.sh: SKIP: \`apt-get download ${PKGS[*]}\` failed (no network, or not in the apt sources):"
			sed 's/^/  /' "$hroot/apt.log" | tail -n 5
			exit 0
		fi
		rm -rf "$hroot/root" "$hroot/root.tmp"
		mkdir -p "$hroot/root.tmp"
		for p in "${PKGS[@]}"; do
			deb=$(find "$hroot/debs" -maxdepth 1 -name "${p}_*.deb" | LC_ALL=C sort | tail -n1)
			[[ -n $deb ]] || {
				echo "header.sh: SKIP: apt-get download left no ${p}_*.deb in $hroot/debs"
				exit 0
			}
			dpkg-deb -x "$deb" "$hroot/root.tmp"
		done
		# the flavour's Makefile includes the -common one by its absolute path
		sed -i "s#^include /usr/src/#include $hroot/root/usr/src/#" \
			"$hroot/root.tmp/usr/src/linux-headers-$REL/Makefile"
		mv "$hroot/root.tmp" "$hroot/root"
	fi
	hdr_from="unpacked under $hroot: $(cd "$hroot/debs" && find . -maxdepth 1 -name '*.deb' -printf '%f ' | sed 's/ $//')"
else
	hdr_from="BENCH_KDIR"
fi
if [[ ! -f $kdir/Makefile ]]; then
	echo "header.sh: no kernel build directory at '$kdir'" >&2
	exit 1
fi
kcc=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$kdir/.kernelvariables" 2>/dev/null || true)
if [[ -n $kcc ]] && ! command -v "$kcc" >/dev/null; then
	echo "header.sh: SKIP: the kernel's compiler $kcc is not installed (apt-get install $kcc)"
	exit 0
fi

bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabiscan-header.XXXXXX")
trap 'rm -rf "$bench_tmp"' EXIT

nentries=$(sed 's/#.*//' "$SPEC" | grep -c '[^[:space:]]' || true)
echo "== kabiscan header vs conftest-style compiles: $REL, $nentries spec entries (${SPEC#"$repo"/})"
bench_env
echo "kernel: $KERNEL"
echo "headers: $kdir ($hdr_from)"
echo

# -- kabiscan --------------------------------------------------------------------------
compat=$bench_tmp/compat.h
echo "measuring kabiscan header ($RUNS runs, median) ..."
bench_measure kab "$RUNS" "$KABISCAN" header "$KERNEL" --spec "$SPEC" -o "$compat"
if [[ $(bench_stat kab 4 max) != 0 || ! -s $compat ]]; then
	echo "header.sh: kabiscan header failed (exit $(bench_stat kab 4 max)):" >&2
	sed 's/^/  /' "$bench_tmp/kab.err" >&2
	exit 1
fi

# -- the facts, as compile tests ---------------------------------------------------------
"$here/conftest/facts.sh" "$compat" "$SPEC" >"$bench_tmp/tests.tsv" 2>"$bench_tmp/facts.err"
ntests=$(wc -l <"$bench_tmp/tests.tsv")
nfacts=$(awk -F'\t' '{ n += split($6, a, ",") } END { print n + 0 }' "$bench_tmp/tests.tsv")
ndefs=$(grep -c '^#define KABI_' "$compat" || true)
nassert=$(grep -c '^_Static_assert' "$compat" || true)
if [[ -s $bench_tmp/facts.err ]]; then
	echo "facts with no compile test (not counted):"
	sed 's/^/  /' "$bench_tmp/facts.err"
fi

# -- conftest ----------------------------------------------------------------------------
cw=$bench_tmp/conftest
echo "measuring conftest.sh: $ntests compiles with make -j$JOBS ($CRUNS run(s), no warm-up) ..."
BENCH_WARMUP=0 bench_measure conf "$CRUNS" "$here/conftest/conftest.sh" -k "$kdir" -j "$JOBS" \
	-w "$cw" "$bench_tmp/tests.tsv"
if [[ $(bench_stat conf 4 max) != 0 ]]; then
	echo "header.sh: conftest.sh failed (exit $(bench_stat conf 4 max)):" >&2
	sed 's/^/  /' "$bench_tmp/conf.err" | tail -n 20 >&2
	exit 1
fi
stats=$(grep '^conftest: ' "$bench_tmp/conf.err" | tail -n1)
ncomp=$(sed -n 's/.* compiles=\([0-9]*\).*/\1/p' <<<"$stats")
nfail=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$stats")
kbms=$(sed -n 's/.* kbuild_ms=\([0-9]*\).*/\1/p' <<<"$stats")

kw=$(bench_stat kab 1 median)
cwl=$(bench_stat conf 1 median)
kc=$(bench_stat kab 2 median)
cc=$(bench_stat conf 2 median)
echo
echo "kabiscan's header: $ndefs #defines ($((ndefs - nfacts)) not about a type: KABI_RELEASE, KABI_BUILD_ID), $nassert layout asserts"
printf '%-28s %6s %9s %10s %10s %10s %10s %10s\n' "" "facts" "compiles" "wall med" "wall min" "wall max" "user+sys" "peak RSS"
printf '%-28s %6s %9s %10s %10s %10s %10s %10s\n' "kabiscan header (median $RUNS)" "$nfacts" 0 \
	"$(bench_fmt_ms "$kw")" "$(bench_fmt_ms "$(bench_stat kab 1 min)")" \
	"$(bench_fmt_ms "$(bench_stat kab 1 max)")" "$(bench_fmt_ms "$kc")" \
	"$(bench_fmt_kb "$(bench_stat kab 3 median)")"
printf '%-28s %6s %9s %10s %10s %10s %10s %10s\n' "conftest.sh -j$JOBS (${CRUNS} run)" "$nfacts" "$ncomp" \
	"$(bench_fmt_ms "$cwl")" "$(bench_fmt_ms "$(bench_stat conf 1 min)")" \
	"$(bench_fmt_ms "$(bench_stat conf 1 max)")" "$(bench_fmt_ms "$cc")" \
	"$(bench_fmt_kb "$(bench_stat conf 3 median)")"
echo "conftest: $ntests tests, $ncomp compiles with Kbuild's flags (plus one Kbuild module build for the flags, $(bench_fmt_ms "$kbms")), $nfail test(s) did not compile"
echo "per fact: kabiscan $(awk -v w="$kw" -v n="$nfacts" 'BEGIN { printf "%.1f us", w * 1000 / n }'), conftest $(awk -v w="$cwl" -v n="$nfacts" 'BEGIN { printf "%.0f ms", w / n }') wall ($(awk -v w="$cwl" -v n="$ncomp" -v j="$JOBS" 'BEGIN { printf "%.0f ms", w * j / n }') per compile and job)"
r=$(bench_ratio "$cwl" "$kw")
rc=$(bench_ratio "$cc" "$kc")
printf 'ratio conftest/kabiscan: %sx wall, %sx user+sys\n' "$r" "$rc"
m_ratio=$(bench_mark "$r" "x >= $TARGET_RATIO")
m_wall=$(bench_mark "$kw" "x < $TARGET_WALL_MS")
printf '  [%s] kabiscan >= %dx faster than conftest-style compiles (%sx)\n' "$m_ratio" "$TARGET_RATIO" "$r"
printf '  [%s] kabiscan header under 1 s wall (%s)\n' "$m_wall" "$(bench_fmt_ms "$kw")"

# -- check 1: every fact against the compiled one ------------------------------------------
echo
grep '^#define KABI_' "$compat" | sed 's/^#define //' |
	awk '{ m = $1; sub(/^[^ ]+ /, ""); print m "\t" $0 }' >"$bench_tmp/kab.tsv"
awk -F'\t' '
function norm(v) { gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); sub(/ULL$/, "", v); return v }
function cat(m) {
	if (m ~ /^KABI_SIZEOF_/) return "sizeof"
	if (m ~ /^KABI_OFFSETOF_/) return "offsetof"
	if (m ~ /^KABI_HAVE_MEMBER_/) return "member present"
	if (m ~ /^KABI_HAVE_ENUMVAL_/) return "enumerator present"
	if (m ~ /^KABI_ENUMVAL_/) return "enumerator value"
	if (m ~ /^KABI_HAVE_/) return "type/func present"
	if (m ~ /^KABI_NARGS_/) return "argument count"
	if (m ~ /^KABI_RET_/) return "return type"
	if (m ~ /^KABI_ARG_/) return "argument type"
	return "other"
}
FILENAME == ARGV[1] { kv[$1] = norm($2); next }
FILENAME == ARGV[2] { lv[$1] = norm($2); next }
{
	# tests: the subject of each macro
	n = split($6, ms, ",")
	for (i = 1; i <= n; i++) {
		m = ms[i]; c = cat(m); s = $3
		if (!(s in seen)) { seen[s] = 1; order[++ns] = s }
		tot[s]++; ctot[c]++
		if (!(m in lv)) { bad[s]++; cbad[c]++; diff[++nd] = m "\t" kv[m] "\t(no result)"; continue }
		if (kv[m] == lv[m]) { ok[s]++; cok[c]++ }
		else { bad[s]++; cbad[c]++; diff[++nd] = m "\t" kv[m] "\t" lv[m] }
	}
}
END {
	printf "%-34s %6s %6s %6s\n", "facts by entry", "facts", "same", "differ"
	for (i = 1; i <= ns; i++) printf "%-34s %6d %6d %6d\n", order[i], tot[order[i]], ok[order[i]], bad[order[i]]
	print ""
	printf "%-34s %6s %6s %6s\n", "facts by kind", "facts", "same", "differ"
	split("type/func present,sizeof,member present,offsetof,return type,argument count,argument type,enumerator present,enumerator value,other", ks, ",")
	for (i = 1; i in ks; i++) if (ctot[ks[i]]) printf "%-34s %6d %6d %6d\n", ks[i], ctot[ks[i]], cok[ks[i]], cbad[ks[i]]
	for (i = 1; i <= nd; i++) print diff[i] > "/dev/stderr"
}' "$bench_tmp/kab.tsv" "$bench_tmp/conf.out" "$bench_tmp/tests.tsv" 2>"$bench_tmp/diff.tsv"
ndiff=$(wc -l <"$bench_tmp/diff.tsv")
nvals=$(grep -cE '^(sizeof|offsetof|enumval)	' "$bench_tmp/tests.tsv" || true)
nvdiff=$(grep -cE '^KABI_(SIZEOF|OFFSETOF|ENUMVAL)_' "$bench_tmp/diff.tsv" || true)
if ((ndiff)); then
	echo
	echo "facts that differ (macro: kabiscan's value / compiled; first compiler error of the probe):"
	while IFS=$'\t' read -r m kv lv; do
		id=$(awk -F'\t' -v m="$m" '{ n = split($4, a, ","); for (i = 1; i <= n; i++) if (a[i] == m) { print $1; exit } }' "$cw/index")
		err=""
		[[ -z $id || ! -s $cw/probes/$id.log ]] ||
			err=$(grep -m1 -E 'error' "$cw/probes/$id.log" | sed 's/^[^ ]* //' | cut -c1-150)
		printf '  %s: %s / %s%s\n' "$m" "$kv" "$lv" "${err:+  [$err]}"
	done < <(head -n 40 "$bench_tmp/diff.tsv")
	((ndiff <= 40)) || echo "  ... and $((ndiff - 40)) more"
fi
m_facts=$(bench_mark "$ndiff" "x == 0")
echo
printf '  [%s] every fact equals the compiled one: %d of %d (sizes, offsets, enumerator values: %d of %d)\n' \
	"$m_facts" "$((nfacts - ndiff))" "$nfacts" "$((nvals - nvdiff))" "$nvals"

# -- check 2: kabiscan's own layout asserts ------------------------------------------------
{
	cut -f2 "$bench_tmp/tests.tsv" | tr ',' '\n' | awk 'NF && !seen[$0]++ { print "#include <" $0 ">" }'
	echo "#define KABI_CHECK_LAYOUT"
	echo "#include \"$compat\""
} >"$bench_tmp/layout.c"
if eval "$(<"$cw/cc_line") -c \"\$bench_tmp/layout.c\" -o \"\$bench_tmp/layout.o\"" 2>"$bench_tmp/layout.log"; then
	m_layout=PASS
else
	m_layout=MISS
fi
printf '  [%s] the header'"'"'s %d KABI_CHECK_LAYOUT asserts compile against the headers (one compile)\n' "$m_layout" "$nassert"
[[ $m_layout == PASS ]] || grep -m5 error "$bench_tmp/layout.log" | sed 's/^/      /'

# -- check 3: completeness against the DWARF of the compiled headers -------------------------
if ! command -v pahole >/dev/null; then
	echo "  (pahole not found: completeness check skipped)"
	exit 0
fi
"$here/conftest/members.sh" "$cw/cc_line" "$SPEC" "$bench_tmp/members" >"$bench_tmp/members.tsv"
echo
awk -F'\t' '
function up(s) { s = toupper(s); gsub(/[^A-Z0-9]/, "_", s); return s }
FILENAME == ARGV[1] { kv[$1] = $2; next }
{
	split($1, e, " "); U = up(e[2])
	if (!($1 in seen)) { seen[$1] = 1; order[++ne] = $1; ukind[$1] = e[1]; uname[$1] = U }
	dw[$1]++
	if (e[1] == "enum") { hm = "KABI_HAVE_ENUMVAL_" $3; om = "KABI_ENUMVAL_" $3 }
	else { hm = "KABI_HAVE_MEMBER_" U "_" $3; om = "KABI_OFFSETOF_" U "_" $3 }
	if (!(hm in kv)) { miss[$1] = miss[$1] " " $2; nmiss++; next }
	have[$1]++
	if ($4 == "-") { bits[$1]++; if (om in kv) { odiff[++nod] = om " " kv[om] " (DWARF: bitfield)" }; next }
	if (!(om in kv)) { nooff[$1] = nooff[$1] " " $2; nnooff++ }
	else if (kv[om] + 0 != $4 + 0) odiff[++nod] = om " " kv[om] " (DWARF: " $4 ")"
}
END {
	printf "%-34s %6s %6s %6s %6s\n", "completeness (DWARF of -g compile)", "DWARF", "header", "missing", "bitfld"
	for (i = 1; i <= ne; i++) {
		s = order[i]
		printf "%-34s %6d %6d %6d %6d\n", s, dw[s], have[s], dw[s] - have[s], bits[s]
	}
	if (nmiss) { print "missing from the header:"; for (i = 1; i <= ne; i++) if (miss[order[i]] != "") print "  " order[i] ":" miss[order[i]] }
	if (nnooff) { print "members with no KABI_OFFSETOF although not bitfields:"; for (i = 1; i <= ne; i++) if (nooff[order[i]] != "") print "  " order[i] ":" nooff[order[i]] }
	if (nod) { print "offsets/values that differ from DWARF:"; for (i = 1; i <= nod; i++) print "  " odiff[i] }
	printf "%d\t%d\t%d\n", nmiss, nnooff, nod > "/dev/stderr"
}' "$bench_tmp/kab.tsv" "$bench_tmp/members.tsv" 2>"$bench_tmp/complete.sum"
# names in the header that the DWARF does not have
extra=$(awk -F'\t' '
function up(s) { s = toupper(s); gsub(/[^A-Z0-9]/, "_", s); return s }
FILENAME == ARGV[1] { split($1, e, " "); if (e[1] == "enum") k["KABI_HAVE_ENUMVAL_" $3] = 1; else { k["KABI_HAVE_MEMBER_" up(e[2]) "_" $3] = 1; t[up(e[2])] = 1 }; next }
/^KABI_HAVE_(MEMBER|ENUMVAL)_/ && !($1 in k) {
	if ($1 ~ /^KABI_HAVE_ENUMVAL_/) { print $1; next }
	for (u in t) if (index($1, "KABI_HAVE_MEMBER_" u "_") == 1) { print $1; next }
}' "$bench_tmp/members.tsv" "$bench_tmp/kab.tsv")
read -r nmiss nnooff nod <"$bench_tmp/complete.sum"
nextra=0
if [[ -n $extra ]]; then
	nextra=$(wc -l <<<"$extra")
	echo "in the header but not in the DWARF:"
	while IFS= read -r x; do echo "  $x"; done <<<"$extra"
fi
m_complete=$(bench_mark "$((nmiss + nextra + nod))" "x == 0")
nbits=$(awk -F'\t' '$4 == "-" && $1 !~ /^enum/' "$bench_tmp/members.tsv" | wc -l)
printf '  [%s] no member or enumerator missing from the header, none extra, offsets/values as in DWARF (%d missing, %d extra, %d differ)\n' \
	"$m_complete" "$nmiss" "$nextra" "$nod"
echo "  note: the $nbits bitfield members have KABI_HAVE_MEMBER only (offsetof cannot take a bitfield)"
((nnooff == 0)) || echo "  note: $nnooff non-bitfield member(s) have no KABI_OFFSETOF (listed above)"

echo
echo "== summary: kabiscan $(bench_fmt_ms "$kw"), conftest-style $(bench_fmt_ms "$cwl") ($ncomp compiles, -j$JOBS): ${r}x;" \
	"facts $((nfacts - ndiff))/$nfacts equal; ratio:$m_ratio <1s:$m_wall facts:$m_facts layout:$m_layout complete:$m_complete"

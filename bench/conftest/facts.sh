#!/usr/bin/env bash
# bench/conftest/facts.sh: turn the facts of a kabiscan compat header into the
# list of compile tests bench/conftest/conftest.sh runs, one line per test:
#
#   bench/conftest/facts.sh COMPAT_H SPEC > TESTS.tsv
#
# COMPAT_H is `kabiscan header KERNEL --spec SPEC -o COMPAT_H` for one kernel.
# SPEC is that spec; the comment after each entry ("struct inode  # linux/fs.h")
# names the header(s) a probe for it includes (space separated).
#
# Output columns (tab separated):
#   test     type|sizeof|member|offsetof|fp_nargs|fp_ret|fp_sig|
#            func|func_nargs|func_ret|func_sig|enumval_have|enumval
#   includes the spec comment's headers, comma separated
#   subject  "struct task_struct", "enum pid_type" or a function name
#   member   a member (path "a.b" for members of a named anonymous struct),
#            an enumerator, or "-"
#   extra    fp_*/func_*: "RET;ARG1;ARG2...", the prototype kabiscan claims
#            (its KABI_RET_, KABI_NARGS_ and KABI_ARG_ facts); else "-"
#   macros   the kabiscan macros the test settles, comma separated
#
# Every #define of a type block is settled by exactly one test, except the
# ARG_i of one prototype, which one *_sig test settles together (a C compile
# can check a prototype whole, not one parameter of it). Member names come
# from the header's KABI_CHECK_LAYOUT block (`__builtin_offsetof(T, path)`);
# bitfields have no offsetof there, so their name is the macro's lower-cased
# tail, with a known "path." prefix of that type put back.
set -euo pipefail

if [[ $# -ne 2 || ! -f $1 || ! -f $2 ]]; then
	echo "usage: ${0##*/} COMPAT_H SPEC" >&2
	exit 2
fi

# includes per "kind name" from the spec comments
awk '
function up(s) { s = toupper(s); gsub(/[^A-Z0-9]/, "_", s); return s }
FNR == NR {
	line = $0
	inc = ""
	if ((h = index(line, "#")) > 0) {
		inc = substr(line, h + 1)
		line = substr(line, 1, h - 1)
	}
	n = split(line, w, /[ \t]+/)
	k = ""; nm = ""
	for (i = 1; i <= n; i++) if (w[i] != "") { if (k == "") k = w[i]; else nm = w[i] }
	if (k == "") next
	if (nm == "") { nm = k; k = "struct" }
	gsub(/^[ \t]+|[ \t]+$/, "", inc)
	gsub(/[ \t]+/, ",", inc)
	incl[k " " nm] = inc
	next
}
# second file: the compat header
/^\/\* (struct|union|enum|typedef|func) [A-Za-z0-9_]+: / {
	kind = $2; name = $3; sub(/:$/, "", name)
	ne++; ekind[ne] = kind; ename[ne] = name
	next
}
/^#define KABI_/ && ne > 0 {
	m = $2
	v = $0
	sub(/^#define [^ ]+ /, "", v)
	nd[ne]++
	dm[ne, nd[ne]] = m
	dv[m] = v
	next
}
/^_Static_assert\(__builtin_offsetof\(/ {
	s = $0
	sub(/^_Static_assert\(__builtin_offsetof\(/, "", s)
	sub(/\) == .*/, "", s)
	# "struct task_struct, se" or "struct sk_buff, headers.pkt_type"
	split(s, a, ", ")
	split(a[1], tn, " ")
	path = a[2]
	mname[tn[2], up(path)] = path
	if ((d = index(path, ".")) > 0)
		prefix[tn[2], tolower(up(substr(path, 1, d - 1))) "_"] = substr(path, 1, d)
	next
}
function member_of(name, mac,    lc, p, k, parts) {
	if ((name, mac) in mname) return mname[name, mac]
	lc = tolower(mac)
	for (k in prefix) {
		split(k, parts, SUBSEP)
		if (parts[1] == name && index(lc, parts[2]) == 1 && length(lc) > length(parts[2]))
			return prefix[k] substr(lc, length(parts[2]) + 1)
	}
	return lc
}
function out(test, e, subj, mem, extra, macros) {
	printf "%s\t%s\t%s\t%s\t%s\t%s\n", test, incl[ekind[e] " " ename[e]], subj, mem, extra, macros
}
END {
	for (e = 1; e <= ne; e++) {
		kind = ekind[e]; name = ename[e]; U = up(name); K = toupper(kind)
		subj = (kind == "func") ? name : kind " " name
		for (i = 1; i <= nd[e]; i++) {
			m = dm[e, i]
			if (m == "KABI_HAVE_" K "_" U) {
				out(kind == "func" ? "func" : "type", e, subj, "-", "-", m)
			} else if (m == "KABI_SIZEOF_" K "_" U) {
				out("sizeof", e, subj, "-", "-", m)
			} else if (index(m, "KABI_HAVE_MEMBER_" U "_") == 1) {
				out("member", e, subj, member_of(name, substr(m, length("KABI_HAVE_MEMBER_" U "_") + 1)), "-", m)
			} else if (index(m, "KABI_OFFSETOF_" U "_") == 1) {
				out("offsetof", e, subj, member_of(name, substr(m, length("KABI_OFFSETOF_" U "_") + 1)), "-", m)
			} else if (index(m, "KABI_NARGS_") == 1) {
				# the prototype of a function (KABI_NARGS_FUNC_U) or member (KABI_NARGS_U_M)
				t = substr(m, length("KABI_NARGS_") + 1)
				if (kind == "func") { pfx = "func"; mem = "-" }
				else { pfx = "fp"; mem = member_of(name, substr(t, length(U) + 2)) }
				n = dv[m] + 0
				# the prototype kabiscan claims: "RET;ARG1;...;ARGn"
				sig = dv["KABI_RET_" t]; args = ""
				for (j = 1; j <= n; j++) {
					sig = sig ";" dv["KABI_ARG_" t "_" j]
					args = args (j > 1 ? "," : "") "KABI_ARG_" t "_" j
				}
				out(pfx "_nargs", e, subj, mem, sig, m)
				out(pfx "_ret", e, subj, mem, sig, "KABI_RET_" t)
				if (n > 0)
					out(pfx "_sig", e, subj, mem, sig, args)
			} else if (index(m, "KABI_RET_") == 1 || index(m, "KABI_ARG_") == 1) {
				# settled with their KABI_NARGS_ (above)
			} else if (index(m, "KABI_HAVE_ENUMVAL_") == 1) {
				out("enumval_have", e, subj, substr(m, length("KABI_HAVE_ENUMVAL_") + 1), "-", m)
			} else if (index(m, "KABI_ENUMVAL_") == 1) {
				out("enumval", e, subj, substr(m, length("KABI_ENUMVAL_") + 1), "-", m)
			} else {
				printf "facts.sh: no test for %s (%s %s)\n", m, kind, name > "/dev/stderr"
			}
		}
	}
}' "$2" "$1"

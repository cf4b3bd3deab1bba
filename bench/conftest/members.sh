#!/usr/bin/env bash
# bench/conftest/members.sh: the member lists of the spec's structs, unions and
# enums as the compiler sees them, for a completeness check of kabiscan's
# header: one file that includes every spec entry's headers and points at each
# type is compiled with the kernel's flags (which include -g), and pahole reads
# the types back from that object's DWARF.
#
#   bench/conftest/members.sh CC_LINE_FILE SPEC WORKDIR > MEMBERS.tsv
#
# CC_LINE_FILE  the compiler command with Kbuild's flags (conftest.sh -w DIR
#               leaves it in DIR/cc_line)
# SPEC          the spec, with the headers to include in each entry's comment
#               (see bench/conftest/facts.sh)
# Output: "kind name <TAB> member <TAB> MACRO_TAIL <TAB> offset", one line per
# named member (bitfields: offset "-"), or per enumerator (offset = value).
# Members of unnamed structs and unions are flattened into their parent; those
# of a named member whose type is anonymous get the path "named.x" (and the
# named member is listed too), which is how kabiscan lists them.
set -euo pipefail

if [[ $# -ne 3 || ! -f $1 || ! -f $2 ]]; then
	echo "usage: ${0##*/} CC_LINE_FILE SPEC WORKDIR" >&2
	exit 2
fi
cc_line=$(<"$1")
spec=$2
work=$3
mkdir -p "$work"

entries=()
{
	echo "/* members.sh: every type of $spec, for its DWARF */"
	n=0
	while IFS= read -r line; do
		inc=""
		[[ $line != *'#'* ]] || inc=${line#*#}
		line=${line%%#*}
		read -r -a w <<<"$line"
		((${#w[@]})) || continue
		((${#w[@]} == 2)) || w=(struct "${w[0]}")
		for h in $inc; do echo "#include <$h>"; done
		case ${w[0]} in
		struct | union | enum)
			n=$((n + 1))
			echo "${w[0]} ${w[1]} *kabi_use_$n;"
			entries+=("${w[0]} ${w[1]}")
			;;
		esac
	done <"$spec"
} >"$work/members.c"
if ! eval "$cc_line -c \"\$work/members.c\" -o \"\$work/members.o\"" 2>"$work/members.log"; then
	echo "members.sh: the headers do not compile together:" >&2
	head -n 20 "$work/members.log" >&2
	exit 1
fi

for e in "${entries[@]}"; do
	pahole -C "${e#* }" "$work/members.o" 2>/dev/null | awk -v entry="$e" '
	function up(s) { s = toupper(s); gsub(/[^A-Z0-9]/, "_", s); return s }
	function add(d, path, off) { buf[d] = buf[d] path "\t" off "\n" }
	/^(struct|union|enum) [A-Za-z0-9_]+ \{/ && d == 0 { d = 1; buf[1] = ""; isenum = ($1 == "enum"); next }
	d == 0 { next }
	{
		s = $0
		off = "-"
		if (match(s, /\/\*[^*]*\*\//)) {
			c = substr(s, RSTART + 2, RLENGTH - 4)
			# "   128     8 " or "   126: 0  1 "
			if (c ~ /^ *[0-9]+ +[0-9]+ *$/) { split(c, f, " "); off = f[1] }
			s = substr(s, 1, RSTART - 1)
		}
		gsub(/^[ \t]+|[ \t]+$/, "", s)
	}
	s == "" { next }
	isenum && s ~ /^[A-Za-z_][A-Za-z0-9_]* *=/ {
		split(s, f, /[ =,]+/)
		v = s; sub(/^[^=]*= */, "", v); sub(/,$/, "", v)
		add(1, f[1], v)
		next
	}
	s ~ /\{$/ { d++; buf[d] = ""; next }
	s ~ /^\}/ {
		if (d == 1) {
			printf "%s", buf[1]
			d = 0
			next
		}
		nm = s
		sub(/^\} */, "", nm)
		sub(/ *__attribute__.*$/, "", nm)
		sub(/;$/, "", nm)
		if (sub(/ *: *[0-9]+$/, "", nm)) off = "-"
		kids = buf[d]
		d--
		if (nm ~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
			add(d, nm, off)
			k = split(kids, row, "\n")
			for (i = 1; i < k; i++) buf[d] = buf[d] nm "." row[i] "\n"
		} else {
			buf[d] = buf[d] kids
		}
		next
	}
	/;$/ || s ~ /;$/ {
		m = s
		sub(/;$/, "", m)
		sub(/ *__attribute__\(\(.*\)\)$/, "", m)
		if (index(m, "(*") > 0) {
			m = substr(m, index(m, "(*") + 2)
			sub(/\).*/, "", m)
		} else {
			if (m ~ / :[0-9]+$/) next	# an unnamed bitfield ("int :0")
			bit = (m ~ /:[0-9]+$/)
			sub(/ *: *[0-9]+$/, "", m)
			while (m ~ /\[[^]]*\]$/) sub(/\[[^]]*\]$/, "", m)
			sub(/.*[ *]/, "", m)
			if (bit) off = "-"
		}
		if (m ~ /^[A-Za-z_][A-Za-z0-9_]*$/) add(d, m, off)
	}
	' | while IFS=$'\t' read -r path off; do
		tail=${path^^}
		tail=${tail//[^A-Z0-9]/_}
		printf '%s\t%s\t%s\t%s\n' "$e" "$path" "$tail" "$off"
	done
done

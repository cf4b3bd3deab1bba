#!/bin/bash
# kabiscan header against each kernel's own types. For every corpus kernel
# whose vfio modules carry BTF, bpftool dumps the types of vfio-pci-core
# (split BTF on its vmlinux BTF) as C, the way a vmlinux.h is made, and
# the kernel's header must agree with it:
#   facts   every fact read back from bpftool's raw BTF dump (presence,
#           sizes, offsets through anonymous members, callback and function
#           arity, enum values) is what the header's macros say;
#   probe   the dump, then the header, with -DKABI_CHECK_LAYOUT (the
#           header's size and offset asserts run against the dump), plus a
#           callback declared from KABI_RET_/KABI_ARG_ (and the same as
#           KABI_PROTO_ declares) for every function
#           pointer member and assigned into the struct
#           (-Werror=incompatible-pointer-types), and the enum values;
#   matrix  the same two checks with one header made from all these
#           kernels, its block chosen by -DKABI_TARGET_<release>.
# Cross-architecture dumps (arm64, riscv64) are compiled by the host gcc
# with -m64 when the kernel's long is 8 bytes (LP64, like x86_64), or -m32
# when it is 4 bytes and gcc can target it; otherwise they are not probed.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool bpftool
need_tool gcc
need_tool python3
need_tool readelf
need_tool xz
HELP=$TOP/tests/cli/pahole

# The example driver's spec, the golden header's spec, and a few larger
# types: bitfields and anonymous unions (vfio_pci_core_device, pci_driver),
# callback members (vfio_device), vmlinux types (pci_driver, pid_type).
SPEC=$WORK/probe.spec
{
	cat "$TOP/examples/vfio-variant/vfio.spec" "$TOP/tests/cli/header/vfio.spec"
	printf '%s\n' 'struct vfio_pci_core_device' 'struct vfio_device' 'struct pci_driver'
} | awk '!/^#/ && NF && !seen[$0]++' >"$SPEC"

# awk -v facts=F -v probe=P -v known=K -f GEN SPEC RAW...: from the spec and
# bpftool's raw dumps (base first, then split), write F, preprocessor checks
# of the header's macros, P, C that uses them against the C dump, and K, the
# presence flags that must be 1.
GEN=$WORK/gen.awk
cat >"$GEN" <<'EOF'
function field(s, key) {
	if (match(s, " " key "=[^ ]*"))
		return substr(s, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
	return ""
}
function quoted(s,    r) {
	r = substr(s, index(s, "'") + 1)
	return substr(r, 1, index(r, "'") - 1)
}
function strip(t) {
	while ((t in kind) && kind[t] ~ /^(TYPEDEF|CONST|VOLATILE|RESTRICT|TYPE_TAG)$/)
		t = ref[t]
	return t
}
# The FUNC_PROTO a member's type points to, or "".
function fproto(t,    p) {
	t = strip(t)
	if (kind[t] != "PTR")
		return ""
	p = strip(ref[t])
	return kind[p] == "FUNC_PROTO" ? p : ""
}
function want(cond, msg) {
	print "#if " cond > facts
	print "#error \"" msg "\"" > facts
	print "#endif" > facts
}
function want_eq(mac, val, what) {
	want("!defined(" mac ") || " mac " != " val, what ": want " mac " " val)
	if (mac ~ /^KABI_HAVE_/ && val == 1)
		print mac > known
}
function args(mac, n,    i, s) {
	if (n == 0)
		return "void"
	for (i = 1; i <= n; i++)
		s = s (i > 1 ? ", " : "") mac "_" i
	return s
}
# Members of struct/union id, anonymous members flattened, as kabiscan does.
function members(id, U, cname, base,    i, t, m, MU, off, p, n, mac, sym) {
	for (i = 1; i <= nmem[id]; i++) {
		m = mname[id, i]
		off = base + moff[id, i]
		if (m == "(anon)") {
			t = strip(mtype[id, i])
			if (kind[t] == "STRUCT" || kind[t] == "UNION")
				members(t, U, cname, off)
			continue
		}
		MU = toupper(m)
		want_eq("KABI_HAVE_MEMBER_" U "_" MU, 1, cname "." m)
		if (mbf[id, i] == "" && off % 8 == 0)
			want_eq("KABI_OFFSETOF_" U "_" MU, off / 8, cname "." m)
		p = fproto(mtype[id, i])
		mac = U "_" MU
		if (p == "") {
			want("defined(KABI_NARGS_" mac ")", cname "." m " is no function pointer, yet KABI_NARGS_" mac " is defined")
			continue
		}
		n = vlen[p]
		if (n > 0 && mtype[p, n] == 0) {
			print "/* " cname "." m ": variadic, not probed */" > probe
			continue
		}
		want_eq("KABI_NARGS_" mac, n, cname "." m)
		sym = "probe_" cname "_" m
		gsub(/[^A-Za-z0-9_]/, "_", sym)
		print "#if defined(KABI_NARGS_" mac ") && KABI_NARGS_" mac " == " n " && !defined(SKIP_" sym ")" > probe
		print "KABI_RET_" mac " " sym "(" args("KABI_ARG_" mac, n) ");" > probe
		print "KABI_PROTO_" mac "(" sym "_proto);" > probe
		print "_Static_assert(__builtin_types_compatible_p(typeof(" sym "), typeof(" sym "_proto)), \"" cname "." m ": KABI_PROTO_\");" > probe
		print "#define INIT_" sym " ." m " = " sym "," > probe
		print "#else" > probe
		print "#define INIT_" sym > probe
		print "#endif" > probe
		inits = inits " INIT_" sym
	}
}
FNR == NR {
	if ($0 !~ /^#/ && NF == 2) {
		nspec++
		skind[nspec] = $1
		sname[nspec] = $2
	}
	next
}
/^\[/ {
	cur = substr($1, 2, length($1) - 2)
	kind[cur] = $2
	name[cur] = quoted($0)
	ref[cur] = kind[cur] == "FUNC_PROTO" ? field($0, "ret_type_id") : field($0, "type_id")
	size[cur] = field($0, "size")
	vlen[cur] = field($0, "vlen") + 0
	if (!((kind[cur], name[cur]) in first))
		first[kind[cur], name[cur]] = cur
	next
}
/^\t'/ {
	i = ++nmem[cur]
	mname[cur, i] = quoted($0)
	mtype[cur, i] = field($0, "type_id")
	moff[cur, i] = field($0, "bits_offset")
	mbf[cur, i] = field($0, "bitfield_size")
	mval[cur, i] = field($0, "val")
	next
}
END {
	print "#include \"compat.h\"" > facts
	print "#include \"vmlinux.h\"" > probe
	print "#include \"compat.h\"" > probe
	for (s = 1; s <= nspec; s++) {
		k = skind[s]
		n = sname[s]
		U = toupper(n)
		cname = k "_" n
		if (k == "struct" || k == "union") {
			K = toupper(k)
			id = first[K, n]
			if (id == "") {
				want_eq("KABI_HAVE_" K "_" U, 0, k " " n " (not in BTF)")
				continue
			}
			want_eq("KABI_HAVE_" K "_" U, 1, k " " n)
			want_eq("KABI_SIZEOF_" K "_" U, size[id], k " " n)
			inits = ""
			members(id, U, n, 0)
			print "const " k " " n " probe_" n " = {" inits " };" > probe
		} else if (k == "enum") {
			id = first["ENUM", n]
			if (id == "")
				id = first["ENUM64", n]
			if (id == "") {
				want_eq("KABI_HAVE_ENUM_" U, 0, "enum " n " (not in BTF)")
				continue
			}
			want_eq("KABI_HAVE_ENUM_" U, 1, "enum " n)
			for (i = 1; i <= nmem[id]; i++) {
				v = toupper(mname[id, i])
				want_eq("KABI_HAVE_ENUMVAL_" v, 1, "enum " n ": " mname[id, i])
				want_eq("KABI_ENUMVAL_" v, mval[id, i], "enum " n ": " mname[id, i])
				print "#ifdef KABI_ENUMVAL_" v > probe
				print "_Static_assert(" mname[id, i] " == KABI_ENUMVAL_" v ", \"enum " n ": " mname[id, i] "\");" > probe
				print "#endif" > probe
			}
		} else if (k == "typedef") {
			id = first["TYPEDEF", n]
			want_eq("KABI_HAVE_TYPEDEF_" U, id == "" ? 0 : 1, "typedef " n)
		} else if (k == "func") {
			id = first["FUNC", n]
			if (id == "") {
				want_eq("KABI_HAVE_FUNC_" U, 0, "func " n " (not in BTF)")
				continue
			}
			p = ref[id]
			want_eq("KABI_HAVE_FUNC_" U, 1, "func " n)
			want_eq("KABI_NARGS_FUNC_" U, vlen[p], "func " n)
			print "#ifdef KABI_NARGS_FUNC_" U > probe
			print "KABI_RET_FUNC_" U " probe_func_" n "(" args("KABI_ARG_FUNC_" U, vlen[p]) ");" > probe
			print "KABI_PROTO_FUNC_" U "(probe_proto_" n ");" > probe
			print "_Static_assert(__builtin_types_compatible_p(typeof(probe_func_" n "), typeof(probe_proto_" n ")), \"func " n ": KABI_PROTO_\");" > probe
			print "#endif" > probe
		}
	}
}
EOF

target() { printf 'KABI_TARGET_%s' "$(echo "$1" | LC_ALL=C tr -c 'A-Za-z0-9\n' '_' | LC_ALL=C tr '[:lower:]' '[:upper:]')"; }

# check LABEL HDRDIR OUT [GCC FLAGS...]: the facts and probe checks of OUT
# (generated by GEN) with the compat.h in HDRDIR.
check() {
	local label=$1 hdr=$2 out=$3 skips=() syms
	shift 3
	if gcc -fsyntax-only "$@" -I"$hdr" "$out/c/facts.c" >"$out/facts.log" 2>&1; then
		pass "$label facts: header macros agree with bpftool's raw BTF"
	else
		fail "$label facts: $(grep -c 'error:' "$out/facts.log") disagreements:"
		grep 'error:' "$out/facts.log" | sed 's/^.*error: #error /  /' | head -20
	fi
	if probe "$hdr" "$out" "$@"; then
		pass "$label probe: layout asserts and $(grep -c '^KABI_RET_' "$out/c/probe.c") prototypes compile against bpftool's C"
		return
	fi
	# bpftool gives a second definition of a name a ___N suffix, and a member
	# that uses it no longer matches the header's spelling: when that is the
	# only trouble, leave those callbacks out and say so.
	if ! grep 'error:' "$out/probe.log" | grep -qv '___[0-9]'; then
		# "near initialization for 'probe_vfio_device_ops.match_token_uuid'"
		syms=$(sed -n "s/.*near initialization for 'probe_\([A-Za-z0-9_]*\.[A-Za-z0-9_]*\)'.*/\1/p" \
			"$out/probe.log" | sort -u)
		for s in $syms; do
			skips+=("-DSKIP_probe_${s/./_}")
		done
		if [ ${#skips[@]} -gt 0 ] && probe "$hdr" "$out" "$@" "${skips[@]}"; then
			pass "$label probe: compiles; not checked, as bpftool renamed a type in their prototype: ${syms//$'\n'/, }"
			grep -o "'[^']*___[0-9][^']*'" "$out/probe.log.1" | sort -u | sed "s/^/#   renamed by bpftool: /"
			return
		fi
	fi
	fail "$label probe: $(grep -c 'error:' "$out/probe.log") errors:"
	grep -A2 'error:' "$out/probe.log" | head -30
}

# probe HDRDIR OUT [GCC FLAGS...]: compile OUT's probe; the log of an
# earlier failure is kept as probe.log.1.
probe() {
	local hdr=$1 out=$2
	shift 2
	[ -f "$out/probe.log" ] && mv "$out/probe.log" "$out/probe.log.1"
	LC_ALL=C gcc -fsyntax-only -Werror=incompatible-pointer-types -DKABI_CHECK_LAYOUT "$@" \
		-I"$hdr" -I"$out" "$out/c/probe.c" >"$out/probe.log" 2>&1
}

probed=()
mflags=()
for dir in "$DEB"/*/; do
	dir=${dir%/}
	rel=$(basename "$dir")
	out=$WORK/$rel
	ko=$(find "$dir/lib/modules/$rel" "$dir/usr/lib/modules/$rel" -name 'vfio-pci-core.ko*' 2>/dev/null | head -1)
	if [ -z "$ko" ]; then
		echo "# $rel: no vfio-pci-core module, not probed"
		continue
	fi
	mkdir -p "$out/single" "$out/c"
	case $ko in
	*.xz) xz -dc "$ko" >"$out/vfio-pci-core.ko" ;;
	*) cp "$ko" "$out/vfio-pci-core.ko" ;;
	esac
	if ! readelf -S --wide "$out/vfio-pci-core.ko" | grep -q ' \.BTF '; then
		echo "# $rel: vfio-pci-core has no BTF (DWARF only), not probed"
		continue
	fi
	if [ -f "$dir/sys/kernel/btf/vmlinux" ]; then
		base=$dir/sys/kernel/btf/vmlinux
	elif [ -f "$dir/boot/vmlinuz-$rel" ]; then
		base=$out/vmlinux.btf
		how=$(python3 "$HELP/extract-btf.py" "$dir/boot/vmlinuz-$rel" "$base" 2>&1)
		rc=$?
		if [ $rc -eq 3 ]; then
			echo "# $rel: not probed: $how"
			continue
		elif [ $rc -ne 0 ]; then
			fail "$rel: cannot extract BTF from vmlinuz-$rel: $how"
			continue
		fi
	else
		echo "# $rel: no vmlinux BTF, not probed"
		continue
	fi
	if ! bpftool -B "$base" btf dump file "$out/vfio-pci-core.ko" format c >"$out/vmlinux.h" 2>"$out/err" ||
		! { bpftool btf dump file "$base" && bpftool -B "$base" btf dump file "$out/vfio-pci-core.ko"; } \
			>"$out/raw" 2>"$out/err"; then
		fail "$rel: bpftool cannot dump vfio-pci-core: $(head -c 300 "$out/err")"
		continue
	fi
	# The kernel's data model: the host gcc compiles the dump when it can
	# give long the kernel's size.
	long=$(grep -m1 "INT 'long unsigned int'" "$out/raw" | sed -n 's/.* size=\([0-9]*\).*/\1/p')
	case $long in
	8) m=-m64 ;;
	4) m=-m32 ;;
	*) m=none ;;
	esac
	if [ "$m" = none ] || ! echo 'int x;' | gcc "$m" -fsyntax-only -x c - 2>/dev/null; then
		echo "# $rel: long is ${long:-?} bytes and gcc cannot target that here, not probed"
		continue
	fi
	if ! "$KABISCAN" header "$dir" --spec "$SPEC" -o "$out/single/compat.h" 2>"$out/err"; then
		fail "$rel: kabiscan header: $(head -c 300 "$out/err")"
		continue
	fi
	awk -v facts="$out/c/facts.c" -v probe="$out/c/probe.c" -v known="$out/known" \
		-f "$GEN" "$SPEC" "$out/raw"
	# Presence the header claims that BTF does not have.
	sed -n 's/^#define \(KABI_HAVE_[A-Z0-9_]*\) 1$/\1/p' "$out/single/compat.h" | sort -u >"$out/claimed"
	extra=$(sort -u "$out/known" | comm -23 "$out/claimed" -)
	if [ -n "$extra" ]; then
		fail "$rel: the header claims what bpftool's BTF has not: $(echo "$extra" | head -10 | tr '\n' ' ')"
	fi
	case $rel in
	*amd64) how="gcc $m" ;;
	*) how="other arch, host gcc $m" ;;
	esac
	check "$rel ($how)" "$out/single" "$out" "$m" "-D$(target "$rel")"
	probed+=("$rel")
	mflags+=("$m")
done

if [ ${#probed[@]} -eq 0 ]; then
	skip "no corpus kernel has vfio modules with BTF"
fi

# One header for all of them; each kernel's block must be its own.
mkdir -p "$WORK/matrix"
roots=()
for rel in "${probed[@]}"; do
	roots+=("$DEB/$rel")
done
if "$KABISCAN" header "${roots[@]}" --spec "$SPEC" -o "$WORK/matrix/compat.h" 2>"$WORK/err"; then
	for i in "${!probed[@]}"; do
		rel=${probed[$i]}
		tgt=$(target "$rel")
		got=$(gcc -E -dM "-D$tgt" -I"$WORK/matrix" -include compat.h -x c /dev/null |
			sed -n 's/^#define KABI_RELEASE //p')
		if [ "$got" != "\"$rel\"" ]; then
			fail "matrix: -D$tgt selects KABI_RELEASE ${got:-(none)}, want \"$rel\""
			continue
		fi
		check "$rel (matrix header, -D$tgt)" "$WORK/matrix" "$WORK/$rel" "${mflags[$i]}" "-D$tgt"
	done
else
	fail "matrix header of ${#probed[@]} kernels: $(head -c 300 "$WORK/err")"
fi
finish

#!/usr/bin/env python3
"""Layout checks for the compile oracle (tests/cli/t0330-compile-oracle.sh).

    asserts.py DEFS BTF.json [BASE.json] >unit.c

prints DEFS and the checks below, to follow the kernel's types in one
translation unit.

DEFS is render_all's output ("// ks ID KIND NEWNAME" before each renamed
definition). BTF.json is `bpftool btf dump file ... -j` of the same BTF (and
BASE.json its base, for split BTF): the layout comes from bpftool, not from
kabiscan. For every type this writes

  _Static_assert(sizeof(NEWNAME) == SIZE) and, for every named member that
  is not a bitfield (members of anonymous and unnamed embedded structs and
  unions included, by their C path), _Static_assert(offsetof(...) == OFF);

and, in main(), a run-time check of every named bitfield: set alone to all
ones, it must cover exactly the BTF's bits. Types whose size C cannot take
(an enum without enumerators, a typedef of a function or of void) get no
size check; they are counted on stderr as "nosize KIND REASON COUNT". A
type holding by value a name the BTF defines twice gets no check, and is
listed on stderr as "ambiguous ...", and so is a definition naming a tag
the BTF uses for two kinds, which is left out.
"""
import json
import re
import sys


def load(paths):
    types = {}
    for p in paths:
        with open(p) as f:
            for t in json.load(f)["types"]:
                types[t["id"]] = t
    return types


def main():
    defs = sys.argv[1]
    types = load(sys.argv[2:])
    ptr_size = 8

    def strip(tid):
        """Skip typedefs and qualifiers, for the shape of a member's type."""
        while tid and types[tid]["kind"] in ("TYPEDEF", "CONST", "VOLATILE", "RESTRICT",
                                                 "TYPE_TAG"):
            tid = types[tid]["type_id"]
        return tid

    def size(tid):
        tid = strip(tid)
        if not tid:
            return None
        t = types[tid]
        k = t["kind"]
        if k in ("STRUCT", "UNION", "ENUM", "ENUM64", "INT", "FLOAT"):
            return t["size"]
        if k == "PTR":
            return ptr_size
        if k == "ARRAY":
            s = size(t["type_id"])
            return None if s is None else s * t["nr_elems"]
        return None

    # Names the BTF defines more than once (7.2 has two struct console):
    # C spells both alike, and bpftool's dump renames the second one, so a
    # definition holding one by value cannot say which it means.
    # Copies of one layout (a module's own u32) are not ambiguous.
    def layout(t):
        if t["kind"] == "TYPEDEF":
            return (size(t["id"]),)
        return (t["size"], tuple((m["name"], m["bits_offset"], m.get("bitfield_size", 0))
                                 for m in t.get("members", [])))

    seen = {}
    for t in types.values():
        if t["kind"] in ("STRUCT", "UNION", "ENUM", "ENUM64", "TYPEDEF") and \
                t["name"] != "(anon)":
            key = ("typedef" if t["kind"] == "TYPEDEF" else "tag", t["name"])
            seen.setdefault(key, set()).add(layout(t))
    ambiguous = {k for k, n in seen.items() if len(n) > 1}

    def holds_ambiguous(tid, depth=0):
        """The ambiguous name type @tid holds by value, or None."""
        while tid and types[tid]["kind"] in ("CONST", "VOLATILE", "RESTRICT", "TYPE_TAG",
                                                 "ARRAY"):
            tid = types[tid]["type_id"]
        if not tid or depth > 64:
            return None
        t = types[tid]
        if t["kind"] == "TYPEDEF":
            return t["name"] if ("typedef", t["name"]) in ambiguous else None
        if t["name"] != "(anon)" and depth:
            return t["name"] if ("tag", t["name"]) in ambiguous else None
        for m in t.get("members", []):
            a = holds_ambiguous(m["type_id"], depth + 1)
            if a:
                return a
        return None

    out = []
    runtime = []
    skipped = []
    nosize = {}
    total = 0

    def members(tid, ctype, path, base, asserts, bitfields):
        t = types[strip(tid)]
        for m in t.get("members", []):
            off = base + m["bits_offset"]
            name = m["name"] if m["name"] != "(anon)" else ""
            mpath = path + "." + name if path and name else (name or path)
            bf = m.get("bitfield_size", 0)
            if name and bf:
                bitfields.append((mpath, off, bf))
            elif name:
                asserts.append("offsetof(%s, %s) == %d" % (ctype, mpath, off // 8))
            inner = strip(m["type_id"])
            ik = types[inner]["kind"] if inner else ""
            # Members of a struct or union held directly are reachable by
            # path; with no member name, by their own names.
            if ik in ("STRUCT", "UNION") and not bf and (name or types[inner]["name"]):
                if name and types[inner]["name"] != "(anon)":
                    continue        # a named type: checked as itself
                members(inner, ctype, mpath, off, asserts, bitfields)

    # A tag that is a struct in one place and a union in another (6.12's
    # struct and union context): bpftool's dump renames one, so a definition
    # naming it cannot be compiled next to the kernel's types, and is left out.
    tagkinds = {}
    for t in types.values():
        if t["kind"] in ("STRUCT", "UNION", "ENUM", "ENUM64") and t["name"] != "(anon)":
            tagkinds.setdefault(t["name"], set()).add(t["kind"].replace("64", ""))
    twokinds = {n for n, k in tagkinds.items() if len(k) > 1}
    tagref = re.compile(r"\b(?:struct|union|enum) ([A-Za-z_][A-Za-z0-9_]*)")
    with open(defs) as f:
        chunks = f.read().split("// ks ")[1:]
    heads = []
    for c in chunks:
        head, _, body = c.partition("\n")
        clash = [n for n in tagref.findall(body) if n in twokinds]
        if clash:
            _, kind, new = head.split()
            skipped.append("%s %s (names %s, both %s)" % (
                kind, new.rsplit("__ks_", 1)[0], clash[0],
                " and ".join(sorted(tagkinds[clash[0]])).lower()) + ": not compiled")
            continue
        print("// ks " + head + "\n" + body, end="")
        heads.append(["//", "ks"] + head.split())
    for _, _, tid, kind, new in heads:
        tid = int(tid)
        t = types[tid]
        total += 1
        a = holds_ambiguous(t["type_id"] if kind == "typedef" else tid, 1 if kind == "typedef" else 0)
        if a:
            skipped.append("%s %s (holds %s, which the BTF defines twice): no layout check"
                           % (kind, t["name"], a))
            continue
        ctype = new if kind == "typedef" else "%s %s" % (kind, new)
        asserts = []
        bitfields = []
        s = size(tid)
        if kind == "enum" and not t["vlen"]:
            nosize[("enum", "no enumerators: incomplete in C")] = \
                nosize.get(("enum", "no enumerators: incomplete in C"), 0) + 1
        elif s is None:
            target = types[strip(tid)]["kind"] if strip(tid) else "void"
            key = ("typedef", "of %s: no sizeof in C" % target.lower())
            nosize[key] = nosize.get(key, 0) + 1
        else:
            asserts.append("sizeof(%s) == %d" % (ctype, s))
        if kind in ("struct", "union") or (kind == "typedef" and strip(tid) and
                                          types[strip(tid)]["kind"] in ("STRUCT", "UNION")):
            members(tid, ctype, "", 0, asserts, bitfields)
        for a in asserts:
            out.append('_Static_assert(%s, "%d %s");' % (a, tid, a.replace('"', "")))
        for path, off, bits in bitfields:
            runtime.append('\tKS_BF(%s, %s, %d, %d, "%d");' % (ctype, path, off, bits, tid))
    print("\n#define offsetof(T, M) __builtin_offsetof(T, M)")
    print("\n".join(out))
    print("""
int printf(const char *, ...);
void *memset(void *, int, unsigned long);

/* Lowest and highest set bit of @n bytes at @p (little-endian numbering). */
static void ks_bits(const unsigned char *p, unsigned long n, long *lo, long *hi)
{
\tunsigned long i;

\t*lo = *hi = -1;
\tfor (i = 0; i < n * 8; i++)
\t\tif (p[i / 8] >> (i % 8) & 1) {
\t\t\tif (*lo < 0)
\t\t\t\t*lo = i;
\t\t\t*hi = i;
\t\t}
}

static int ks_bad;

#pragma GCC diagnostic ignored "-Woverflow"
#define KS_BF(T, F, OFF, BITS, ID) do { \\
\tT v; long lo, hi; \\
\tmemset(&v, 0, sizeof(v)); \\
\tv.F = -1; \\
\tks_bits((const unsigned char *)&v, sizeof(v), &lo, &hi); \\
\tif (lo != (OFF) || hi != (OFF) + (BITS) - 1) { \\
\t\tprintf("%s %s.%s: bits %ld..%ld, BTF says %d..%d\\n", ID, #T, #F, lo, hi, \\
\t\t       (OFF), (OFF) + (BITS) - 1); \\
\t\tks_bad++; \\
\t} \\
} while (0)

int main(void)
{""")
    print("\n".join(runtime))
    print("\treturn ks_bad != 0;\n}")
    for (kind, why), n in sorted(nosize.items()):
        print("nosize %s %s %d" % (kind, why, n), file=sys.stderr)
    for x in sorted(skipped):
        print("ambiguous %s" % x, file=sys.stderr)
    print("types %d asserts %d bitfields %d" % (total, len(out), len(runtime)),
          file=sys.stderr)


main()

#!/bin/bash
# `make install` and `make uninstall` into a DESTDIR (binary, man pages, bash
# completion); then the Debian package: dpkg-buildpackage -us -uc -b on a
# copy of the tree, lintian without errors, and, as root, the package
# installed: `kabiscan --version` and `man -w kabiscan-report` work, and it
# is removed again.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_tool make
# same WHAT GOT WANT: pass if GOT is WANT.
same() { if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: '$2', want '$3'"; fi; }
VERSION=$(sed -n '1s/^kabiscan (\([^)]*\)).*/\1/p' "$TOP/debian/changelog")

# The package and the install are built as a user would, whatever the make
# that runs this test was told (make check SANITIZE=1 passes SANITIZE=1
# down through MAKEFLAGS).
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE

# --- make install / uninstall ---------------------------------------------
D=$WORK/dest
if make -s -C "$TOP" install DESTDIR="$D" PREFIX=/usr >"$WORK/install.log" 2>&1; then
	pass "make install DESTDIR=... PREFIX=/usr"
else
	fail "make install: $(tail -5 "$WORK/install.log")"
fi
for f in usr/bin/kabiscan usr/share/bash-completion/completions/kabiscan \
	$(cd "$TOP" && printf 'usr/share/man/man1/%s\n' man/*.1 | sed 's|man1/man/|man1/|'); do
	[ -f "$D/$f" ] || fail "make install did not install /$f"
done
[ -x "$D/usr/bin/kabiscan" ] && pass "installed the binary, $(find "$D" -type f | wc -l) files"
same "installed binary --version" "$("$D/usr/bin/kabiscan" --version 2>&1)" "kabiscan $VERSION"
if command -v man >/dev/null 2>&1; then
	same "man -M DESTDIR/usr/share/man -w kabiscan-report" \
		"$(man -M "$D/usr/share/man" -w kabiscan-report 2>&1 | normalise)" \
		WORK/dest/usr/share/man/man1/kabiscan-report.1
fi
make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/usr >"$WORK/uninstall.log" 2>&1
same "files left after make uninstall" "$(find "$D" -type f | normalise)" ""

# --- the Debian package ----------------------------------------------------
for t in dpkg-buildpackage dh lintian git; do
	command -v "$t" >/dev/null 2>&1 || { skip_case package "$t is not installed"; finish; }
done
if ! dpkg-checkbuilddeps "$TOP/debian/control" >"$WORK/bdeps" 2>&1; then
	skip_case package "build dependencies missing: $(cat "$WORK/bdeps")"
	finish
fi
# The tracked and new files of the tree, without build outputs.
P=$WORK/pkg/kabiscan-$VERSION
mkdir -p "$P"
(cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$P")
if (cd "$P" && dpkg-buildpackage -us -uc -b) >"$WORK/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc -b"
else
	fail "dpkg-buildpackage: $(tail -20 "$WORK/build.log")"
	finish
fi
DEBFILE=$(ls "$WORK"/pkg/kabiscan_"$VERSION"_*.deb)
dpkg-deb -c "$DEBFILE" | awk '{ print $6 }' | grep -v '/$' | sort >"$WORK/contents"
for f in ./usr/bin/kabiscan ./usr/share/man/man1/kabiscan-report.1.gz \
	./usr/share/bash-completion/completions/kabiscan ./usr/share/doc/kabiscan/copyright; do
	grep -qxF "$f" "$WORK/contents" || fail "the package lacks $f"
done
pass "the package holds $(wc -l <"$WORK/contents") files"
if lintian --fail-on error "$WORK"/pkg/kabiscan_"$VERSION"_*.changes >"$WORK/lintian" 2>&1; then
	pass "lintian: no errors ($(grep -c '^W:' "$WORK/lintian") warnings)"
else
	fail "lintian: $(grep '^E:' "$WORK/lintian" | head -10)"
fi

if [ "$(id -u)" != 0 ]; then
	skip_case install-package "not root: the package is not installed"
elif dpkg-query -W -f='${Status}' kabiscan 2>/dev/null | grep -q 'install ok installed'; then
	skip_case install-package "a kabiscan package is installed already; left alone"
else
	# apt waits for a dpkg lock that another apt run holds.
	if DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
		"$DEBFILE" >"$WORK/dpkg.log" 2>&1; then
		pass "the package installs"
		same "installed kabiscan --version" "$(PATH=/usr/bin:/bin kabiscan --version 2>&1)" "kabiscan $VERSION"
		same "man -w kabiscan-report" "$(man -w kabiscan-report 2>&1)" \
			/usr/share/man/man1/kabiscan-report.1.gz
	else
		fail "apt-get install $DEBFILE: $(tail -5 "$WORK/dpkg.log")"
	fi
	if DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=300 \
		kabiscan >"$WORK/remove.log" 2>&1 && [ ! -e /usr/bin/kabiscan ]; then
		pass "the package is removed"
	else
		fail "removing the package: $(tail -5 "$WORK/remove.log")"
	fi
fi
finish

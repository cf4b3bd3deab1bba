// SPDX-License-Identifier: GPL-2.0
/*
 * Reading kernel packages with libarchive: one streaming pass per package,
 * each file of interest read into memory (a debug vmlinux into a memfd) and
 * its BTF taken out; nothing is written to disk. What the packages hold is
 * then merged per release into cache entries, as a kernel directory with
 * the same files would give (package_group.c).
 */
#include <archive.h>
#include <archive_entry.h>
#include <lzma.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "errmsg.h"
#include "image.h"
#include "kdir.h"
#include "package_priv.h"
#include "release.h"

bool package__is_package(const char *path)
{
	unsigned char m[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes;

	if (fd < 0)
		return false;
	yes = read(fd, m, sizeof(m)) == sizeof(m) &&
	      (!memcmp(m, "!<arch>\n", 8) || !memcmp(m, "\xed\xab\xee\xdb", 4));
	close(fd);
	return yes;
}

/*
 * What a file in a package is, from its path (no leading "./" or "/"):
 * the same places kdir.c looks at in a root. @rel receives the release.
 */
static enum pkg_kind _classify(const char *name, char *rel, size_t cap, int *rank)
{
	static const struct {
		const char *pfx;	/* path up to the release */
		const char *sfx;	/* after it: "" (file name ends), "/" (a tree) or a name */
		enum pkg_kind kind;
		int rank;		/* vmlinux preference, as kdir.c's order */
	} places[] = {
		{ "boot/vmlinux-", "", PKG_VMLINUX, 0 },
		{ "usr/lib/debug/boot/vmlinux-", "", PKG_DEBUG_VMLINUX, 1 },
		{ "boot/vmlinuz-", "", PKG_VMLINUX, 2 },
		{ "usr/lib/modules/", "/vmlinuz", PKG_VMLINUX, 3 },
		{ "lib/modules/", "/vmlinuz", PKG_VMLINUX, 4 },
		{ "boot/config-", "", PKG_CONFIG, 0 },
		{ "usr/lib/debug/lib/modules/", "/vmlinux", PKG_DEBUG_VMLINUX, 9 },
		{ "usr/lib/debug/lib/modules/", "/", PKG_DEBUG_MODULE, 0 },
		{ "usr/lib/modules/", "/", PKG_MODULE, 0 },
		{ "lib/modules/", "/", PKG_MODULE, 0 },
	};
	size_t i, n, r;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		const char *p = name, *s = places[i].sfx;

		n = strlen(places[i].pfx);
		if (strncmp(p, places[i].pfx, n))
			continue;
		p += n;
		r = *s ? strcspn(p, "/") : strlen(p);
		if (!r || r >= cap || (*s == '/' && s[1] && strcmp(p + r, s)) ||
		    (*s == '/' && !s[1] && (!p[r] || !kdir__is_module_name(p + r))))
			continue;
		snprintf(rel, cap, "%.*s", (int)r, p);
		*rank = places[i].rank;
		return places[i].kind;
	}
	return PKG_NONE;
}

/* The part of @r for @release, made on first use. */
static struct pkg_part *_part(struct pkg_read *r, const char *release)
{
	struct pkg_part *p;
	size_t i;

	for (i = 0; i < r->parts_cnt; i++)
		if (!strcmp(r->parts[i].release, release))
			return &r->parts[i];
	p = realloc(r->parts, (r->parts_cnt + 1) * sizeof(*p));
	if (!p)
		return NULL;
	r->parts = p;
	p = &r->parts[r->parts_cnt];
	memset(p, 0, sizeof(*p));
	p->vmlinux_rank = PKG_NO_RANK;
	p->debug_fd = -1;
	if (!(p->release = strdup(release)))
		return NULL;
	r->parts_cnt++;
	return p;
}

/* The current entry's bytes into @buf (malloc'ed), at most image_max_output. */
static int _read_data(struct archive *a, const char *name, void **buf, size_t *len)
{
	size_t cap = 1 << 20, got = 0;
	char *b = malloc(cap), *nb;
	la_ssize_t n;

	while (b && (n = archive_read_data(a, b + got, cap - got)) > 0) {
		got += n;
		if (got < cap)
			continue;
		if (cap >= image_max_output) {
			free(b);
			return errmsg__set(-EFBIG, "cannot read '%s': larger than %zu bytes", name,
					   image_max_output);
		}
		nb = realloc(b, cap * 2);
		if (!nb)
			break;
		b = nb;
		cap *= 2;
	}
	if (!b || (n >= 0 && got == cap)) {
		free(b);
		return -ENOMEM;
	}
	if (n < 0) {
		free(b);
		return errmsg__set(-EIO, "cannot read '%s': %s", name, archive_error_string(a));
	}
	*buf = b;
	*len = got;
	return 0;
}

int package__entry_data(struct archive *a, const char *name, void **buf, size_t *len)
{
	return _read_data(a, name, buf, len);
}

/* Close a memfd of _read_memfd(), and forget its name. */
static void _close_memfd(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	errmsg__unalias(path);
	close(fd);
}

/*
 * A debug file streamed into a memfd, kept open: its DWARF is read by path,
 * "/proc/self/fd/N", which messages show as @name. Like any decompressed
 * input it is capped at image_max_output (--max-decompressed).
 */
static int _read_memfd(struct archive *a, const char *name, int *fd)
{
	char buf[1 << 16], path[64];
	size_t total = 0;
	la_ssize_t n;
	int err;

	*fd = memfd_create("kabiscan-debug", MFD_CLOEXEC);
	if (*fd < 0)
		return errmsg__set(-errno, "cannot read '%s': memfd: %s", name, strerror(errno));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", *fd);
	err = errmsg__alias(path, name);
	while (!err && (n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		total += n;
		if (total > image_max_output)
			err = errmsg__set(-EFBIG, "cannot read '%s': larger than %zu bytes (see "
					  "--max-decompressed)", name, image_max_output);
		else if (write(*fd, buf, n) != n)
			err = errmsg__set(-EIO, "cannot read '%s': memfd: %s", name,
					  strerror(errno ?: ENOSPC));
	}
	if (!err && n < 0)
		err = errmsg__set(-EIO, "cannot read '%s': %s", name, archive_error_string(a));
	if (err) {
		_close_memfd(*fd);
		*fd = -1;
	}
	return err;
}

/* Add a module; @name is taken (freed on failure). */
static int _add_module(struct pkg_part *p, char *name, const char *inner, struct image_btf *img,
		       char *bad)
{
	struct pkg_mod *m;

	if (p->mods_cnt == p->mods_cap) {
		size_t cap = p->mods_cap ? p->mods_cap * 2 : 64;

		m = realloc(p->mods, cap * sizeof(*m));
		if (!m) {
			free(name);
			free(bad);
			return -ENOMEM;
		}
		p->mods = m;
		p->mods_cap = cap;
	}
	m = &p->mods[p->mods_cnt];
	m->path = name;
	m->inner = strdup(inner);
	m->img = *img;
	m->bad = bad;
	memset(img, 0, sizeof(*img));
	p->mods_cnt++;
	return m->inner ? 0 : -ENOMEM;
}

/* The arch a config names, read from memory through a memfd. */
static char *_config_arch(const void *buf, size_t len)
{
	char path[64];
	const char *a = NULL;
	int fd = memfd_create("kabiscan-config", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, buf, len) == (ssize_t)len) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		a = release__arch_from_config(path);
	}
	close(fd);
	return a ? strdup(a) : NULL;
}

/* A vmlinux candidate better than what @p has: keep its BTF. */
static int _take_vmlinux(struct pkg_part *p, char *name, int rank, struct image_btf *img)
{
	image_btf_release(&p->vmlinux);
	free(p->vmlinux_path);
	p->vmlinux = *img;
	memset(img, 0, sizeof(*img));
	p->vmlinux_path = name;
	p->vmlinux_rank = rank;
	return 0;
}

static int _cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A module's debug file: on a first pass only noted (a -dbg package holds
 * thousands, most for modules with BTF); on the second, read into a memfd
 * if it is wanted.
 */
static int _take_debug_module(struct pkg_read *r, struct archive *a, const char *inner,
			      const char *release)
{
	struct pkg_part *p;
	struct pkg_dbg *d;
	char *name;
	int err, fd = -1;

	if (!r->want) {
		p = _part(r, release);
		if (p)
			p->mod_debug = true;
		return p ? 0 : -ENOMEM;
	}
	if (!bsearch(&inner, r->want, r->want_cnt, sizeof(*r->want), _cmp_str))
		return 0;
	d = realloc(r->dbg, (r->dbg_cnt + 1) * sizeof(*d));
	if (!d || asprintf(&name, "%s:/%s", r->path, inner) < 0) {
		r->dbg = d ?: r->dbg;
		return -ENOMEM;
	}
	r->dbg = d;
	err = _read_memfd(a, name, &fd);
	free(name);
	if (err)
		return err;
	d += r->dbg_cnt++;
	d->fd = fd;
	d->inner = strdup(inner);
	return d->inner ? 0 : -ENOMEM;
}

/*
 * A file's bytes @buf, as @kind, into part @p; *@name (the member, for
 * messages) is taken when kept.
 */
static int _take_data(struct pkg_read *r, struct pkg_part *p, char **name, const char *inner,
		      enum pkg_kind kind, int rank, void *buf, size_t len)
{
	struct image_btf img = { 0 };
	char *bad = NULL;
	int err = 0;

	(void)r;
	if (kind == PKG_CONFIG && !p->config_path) {
		p->config_arch = _config_arch(buf, len);
		p->config_path = *name;
		*name = NULL;
	} else if (kind == PKG_VMLINUX && rank < p->vmlinux_rank) {
		err = image__read_btf_mem(buf, len, *name, &img);
		if (!err) {
			err = _take_vmlinux(p, *name, rank, &img);
			*name = NULL;
		}
	} else if (kind == PKG_MODULE) {
		err = image__read_btf_mem(buf, len, *name, &img);
		if (err && err != -ENOMEM) {
			/* Kept with its message: the kernel sets it aside, as from a root. */
			image_btf_release(&img);
			memset(&img, 0, sizeof(img));
			bad = strdup(errmsg__get() ?: strerror(-err));
			errmsg__clear();
			err = bad ? 0 : -ENOMEM;
		}
		if (!err) {
			err = _add_module(p, *name, inner, &img, bad);	/* takes name and bad */
			*name = NULL;
		}
	}
	image_btf_release(&img);
	return err;
}

/*
 * One file of the package, of @kind, being the current entry of @a; its
 * data also stands for the @links_cnt other names @links of its hard-linked
 * set (see _walk).
 */
static int _take(struct pkg_read *r, struct archive *a, const char *inner, enum pkg_kind kind,
		 const char *release, int rank, char *const *links, size_t links_cnt)
{
	struct pkg_part *p = _part(r, release);
	struct image_btf img = { 0 };
	char *name = NULL, fdpath[64], lrel[256];
	void *buf = NULL;
	size_t len = 0, i;
	int err, fd = -1, lrank;

	if (!p || asprintf(&name, "%s:/%s", r->path, inner) < 0)
		return -ENOMEM;
	if (kind == PKG_DEBUG_VMLINUX) {
		err = _read_memfd(a, name, &fd);
		if (!err && (p->debug_fd < 0 || rank < p->debug_rank)) {
			if (p->debug_fd >= 0)
				_close_memfd(p->debug_fd);
			p->debug_fd = fd;
			p->debug_rank = rank;
			fd = -1;
			/* usr/lib/debug/boot/vmlinux-R is a vmlinux too, with .BTF. */
			snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", p->debug_fd);
			if (rank < p->vmlinux_rank && !(err = image__read_btf(fdpath, &img))) {
				err = _take_vmlinux(p, name, rank, &img);
				name = NULL;
			} else if (err && err != -ENOMEM) {
				/* Kept as the debug vmlinux: a lookup sets it aside, as from a root. */
				errmsg__clear();
				err = 0;
			}
		}
		if (fd >= 0)
			_close_memfd(fd);
		free(name);
		image_btf_release(&img);
		return err;
	}
	err = _read_data(a, name, &buf, &len);
	err = err ?: _take_data(r, p, &name, inner, kind, rank, buf, len);
	for (i = 0; !err && i < links_cnt; i++) {
		/* The other names of a hard-linked set, put off until its data came. */
		enum pkg_kind lk = _classify(links[i], lrel, sizeof(lrel), &lrank);
		struct pkg_part *lp = lk == PKG_NONE || lk == PKG_DEBUG_VMLINUX ||
				      lk == PKG_DEBUG_MODULE ? NULL : _part(r, lrel);
		char *lname = NULL;

		if (!lp)
			continue;
		if (asprintf(&lname, "%s:/%s", r->path, links[i]) < 0)
			err = -ENOMEM;
		else
			err = _take_data(r, lp, &lname, links[i], lk, lrank, buf, len);
		free(lname);
	}
	free(buf);
	free(name);
	return err;
}

/*
 * The outer archive an inner one (data.tar.* of a .deb) reads from. An xz
 * member is decoded here with liblzma's multi-threaded decoder (its blocks
 * decode on every core, as dpkg-deb does), where libarchive's xz filter
 * uses one thread; the inner archive then reads a plain tar.
 */
struct inner_src {
	struct archive *outer;	/* positioned on the data.tar member */
	bool xz;		/* decode the member here (data.tar.xz) */
	bool in_eof;		/* the member's bytes are all in */
	bool out_end;		/* the xz stream has ended */
	lzma_stream xs;		/* the decoder, when @xz */
	char in[1 << 16];	/* compressed bytes from @outer */
	char buf[1 << 20];	/* the bytes handed to the inner archive */
};

static const char *_lzma_reason(lzma_ret ret)
{
	switch (ret) {
	case LZMA_BUF_ERROR:
		return "truncated xz data";
	case LZMA_MEM_ERROR:
	case LZMA_MEMLIMIT_ERROR:
		return "out of memory decoding xz data";
	case LZMA_FORMAT_ERROR:
		return "not xz data";
	default:
		return "corrupt xz data";
	}
}

static la_ssize_t _inner_read_xz(struct archive *a, struct inner_src *s)
{
	la_ssize_t n;
	lzma_ret ret;

	s->xs.next_out = (uint8_t *)s->buf;
	s->xs.avail_out = sizeof(s->buf);
	while (!s->out_end && s->xs.avail_out == sizeof(s->buf)) {
		if (!s->xs.avail_in && !s->in_eof) {
			n = archive_read_data(s->outer, s->in, sizeof(s->in));
			if (n < 0) {
				archive_set_error(a, EIO, "%s", archive_error_string(s->outer) ?:
						  "read error");
				return -1;
			}
			s->in_eof = n == 0;
			s->xs.next_in = (const uint8_t *)s->in;
			s->xs.avail_in = n;
		}
		ret = lzma_code(&s->xs, s->in_eof ? LZMA_FINISH : LZMA_RUN);
		if (ret == LZMA_STREAM_END) {
			s->out_end = true;
		} else if (ret != LZMA_OK) {
			archive_set_error(a, EIO, "%s", _lzma_reason(ret));
			return -1;
		}
	}
	return sizeof(s->buf) - s->xs.avail_out;
}

static la_ssize_t _inner_read(struct archive *a, void *ctx, const void **buf)
{
	struct inner_src *s = ctx;

	*buf = s->buf;
	if (s->xz)
		return _inner_read_xz(a, s);
	return archive_read_data(s->outer, s->buf, sizeof(s->buf));
}

/* Set @s up to decode xz on every core; false leaves it to libarchive. */
static bool _inner_xz(struct inner_src *s)
{
	lzma_mt mt = {
		.flags = LZMA_CONCATENATED,
		.threads = lzma_cputhreads() ?: 1,
		.memlimit_threading = lzma_physmem() / 4,
		.memlimit_stop = UINT64_MAX,
	};

	s->xs = (lzma_stream)LZMA_STREAM_INIT;
	return lzma_stream_decoder_mt(&s->xs, &mt) == LZMA_OK;
}

static int _walk(struct pkg_read *r, struct archive *a, bool outer);

/* A Debian package name (policy: [a-z0-9][a-z0-9+.-]+), safe to print. */
static void _control_name(struct pkg_read *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t n = 0;

	while (p < end && strncmp(p, "Package:", 8 < end - p ? 8 : end - p)) {
		p = memchr(p, '\n', end - p);
		p = p ? p + 1 : end;
	}
	if (end - p < 8)
		return;
	for (p += 8; p < end && *p == ' '; p++)
		;
	while (p + n < end && n < sizeof(r->name) - 1 &&
	       (strchr("+.-", p[n]) || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9')))
		n++;
	if (n >= 2 && (p + n == end || p[n] == '\n')) {
		memcpy(r->name, p, n);
		r->name[n] = '\0';
	}
}

/* md5sums: "HASH  PATH" lines; does a PATH name a file a kernel is read from? */
static void _control_files(struct pkg_read *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	char path[4096], rel[256];
	int rank;

	r->listed = true;
	while (p < end && !r->lists_kernel) {
		const char *nl = memchr(p, '\n', end - p) ?: end;
		const char *sp = memmem(p, nl - p, "  ", 2);

		if (sp && (size_t)(nl - sp - 2) < sizeof(path)) {
			memcpy(path, sp + 2, nl - sp - 2);
			path[nl - sp - 2] = '\0';
			if (_classify(path + strspn(path, "./"), rel, sizeof(rel), &rank) != PKG_NONE)
				r->lists_kernel = true;
		}
		p = nl + 1;
	}
}

/* A .deb's control.tar.*: its Package field and its file list. */
static int _walk_control(struct pkg_read *r, struct archive *a)
{
	struct archive_entry *e;
	int ret, err = 0;

	while (!err && (ret = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		void *buf;
		size_t len;

		if (!name || archive_entry_filetype(e) != AE_IFREG)
			continue;
		name += strspn(name, "./");
		if (strcmp(name, "control") && strcmp(name, "md5sums"))
			continue;
		err = _read_data(a, r->path, &buf, &len);
		if (err)
			break;
		if (!strcmp(name, "control"))
			_control_name(r, buf, len);
		else
			_control_files(r, buf, len);
		free(buf);
	}
	if (!err && ret != ARCHIVE_EOF)
		err = errmsg__set(-EIO, "cannot read '%s': control archive: %s", r->path,
				  archive_error_string(a) ?: "truncated or corrupt archive");
	return err;
}

/* The control.tar.* or data.tar.* member @name of a .deb, read as an archive of its own. */
static int _walk_inner(struct pkg_read *r, struct archive *outer, const char *name)
{
	struct inner_src *s = calloc(1, sizeof(*s));
	struct archive *a = archive_read_new();
	int err;

	if (!s || !a) {
		free(s);
		archive_read_free(a);
		return -ENOMEM;
	}
	s->outer = outer;
	s->xz = !strcmp(name, "data.tar.xz") && _inner_xz(s);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, s, NULL, _inner_read, NULL) != ARCHIVE_OK)
		err = errmsg__set(-EINVAL, "cannot read '%s': data archive: %s", r->path,
				  archive_error_string(a) ?: archive_error_string(outer) ?:
				  "unknown format");
	else if (!strncmp(name, "control.tar", 11))
		err = _walk_control(r, a);
	else
		err = _walk(r, a, false);
	archive_read_free(a);
	if (s->xz)
		lzma_end(&s->xs);
	free(s);
	return err;
}

/*
 * Names of hard-linked files waiting for their data. A cpio archive (an
 * RPM's payload) stores a hard-linked set once: every link but the last
 * comes with no data, and libarchive names the first link as hardlink() of
 * each later one. Empty links are put off here, keyed by that first name,
 * and taken with the data when the link that carries it comes. (In a tar,
 * the first link carries the data, and later, empty ones are duplicates.)
 */
struct links {
	char **first;		/* the set's first name */
	char **name;		/* a name of the set that came without data */
	size_t cnt;		/* entries in both */
};

static int _links_add(struct links *l, const char *first, const char *name)
{
	char **f = realloc(l->first, (l->cnt + 1) * sizeof(*f));
	char **n = f ? realloc(l->name, (l->cnt + 1) * sizeof(*n)) : NULL;

	l->first = f ?: l->first;
	l->name = n ?: l->name;
	if (!f || !n)
		return -ENOMEM;
	f[l->cnt] = strdup(first);
	n[l->cnt] = strdup(name);
	if (!f[l->cnt] || !n[l->cnt]) {
		free(f[l->cnt]);
		free(n[l->cnt]);
		return -ENOMEM;
	}
	l->cnt++;
	return 0;
}

/* Move the names waiting for @first to the front of @l->name; returns how many. */
static size_t _links_of(struct links *l, const char *first)
{
	size_t i, n = 0;
	char *t;

	for (i = 0; i < l->cnt; i++) {
		if (strcmp(l->first[i], first))
			continue;
		t = l->first[i], l->first[i] = l->first[n], l->first[n] = t;
		t = l->name[i], l->name[i] = l->name[n], l->name[n] = t;
		n++;
	}
	return n;
}

/* Drop the first @n entries of @l (those _links_of() gathered). */
static void _links_drop(struct links *l, size_t n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		free(l->first[i]);
		free(l->name[i]);
	}
	memmove(l->first, l->first + n, (l->cnt - n) * sizeof(*l->first));
	memmove(l->name, l->name + n, (l->cnt - n) * sizeof(*l->name));
	l->cnt -= n;
}

/* One regular file of the archive, at @name (without "./"). */
static int _entry(struct pkg_read *r, struct archive *a, struct archive_entry *e,
		  const char *name, struct links *l)
{
	const char *link = archive_entry_hardlink(e);
	enum pkg_kind kind;
	char rel[256];
	size_t n;
	int rank, err;

	if (link)
		link += strspn(link, "./");
	if (archive_entry_size(e) == 0 && (link || archive_entry_nlink(e) > 1))
		return _links_add(l, link ?: name, name);	/* its data comes later */
	kind = _classify(name, rel, sizeof(rel), &rank);
	n = _links_of(l, link ?: name);
	if (kind == PKG_DEBUG_MODULE)
		err = _take_debug_module(r, a, name, rel);
	else if (kind != PKG_NONE && !r->want)
		err = _take(r, a, name, kind, rel, rank, l->name, n);
	else if (n && !r->want)
		err = _take(r, a, l->name[0], _classify(l->name[0], rel, sizeof(rel), &rank), rel,
			    rank, l->name + 1, n - 1);
	else
		err = 0;
	_links_drop(l, n);
	return err;
}

static int _walk(struct pkg_read *r, struct archive *a, bool outer)
{
	struct archive_entry *e;
	struct links l = { 0 };
	int ret, err = 0;

	while (!err && (ret = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);

		if (!name)
			continue;
		/*
		 * A package whose file list names no kernel file is refused before
		 * its data is decoded (a second pass or a visit reads anything).
		 */
		if (outer && !strncmp(name, "control.tar", 11) && !r->want && !r->visit) {
			err = _walk_inner(r, a, name);
			continue;
		}
		if (outer && !strncmp(name, "data.tar", 8) && r->listed && !r->lists_kernel &&
		    !r->want && !r->visit) {
			r->saw_data = true;
			err = errmsg__set(-ENOENT, "cannot use '%s': no kernel image, config, module "
					  "or debug vmlinux in this package (%s%sby its file list)",
					  r->path, r->name, r->name[0] ? ", " : "");
			continue;
		}
		if (outer && !strncmp(name, "data.tar", 8)) {
			err = _walk_inner(r, a, name);
			r->saw_data = true;
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		name += strspn(name, "./");
		if (r->visit)
			err = r->visit(r->visit_arg, a, name);
		else
			err = _entry(r, a, e, name, &l);
		r->saw_data = true;
		if (r->tick)
			r->tick(r->tick_arg, r, archive_filter_bytes(r->outer, -1));
	}
	if (!err && ret != ARCHIVE_EOF)
		err = errmsg__set(-EIO, "cannot read '%s': %s", r->path,
				  archive_error_string(a) ?: "truncated or corrupt archive");
	_links_drop(&l, l.cnt);
	free(l.first);
	free(l.name);
	return err;
}

int package__read(struct pkg_read *r)
{
	struct archive *a = archive_read_new();
	int err;

	if (!a)
		return -ENOMEM;
	archive_read_support_filter_all(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_tar(a);
	r->outer = a;
	if (archive_read_open_filename(a, r->path, 1 << 16) != ARCHIVE_OK)
		err = errmsg__set(-EINVAL, "cannot read '%s': %s", r->path,
				  archive_error_string(a) ?: "not an archive");
	else
		err = _walk(r, a, true);
	archive_read_free(a);
	r->outer = NULL;
	if (!err && (r->want || (r->visit && r->saw_data)))
		return 0;	/* a second pass, or a visit: whatever was found */
	if (!err && !r->saw_data)
		err = errmsg__set(-EINVAL, "cannot read '%s': not a package (no files in it)",
				  r->path);
	else if (!err && !r->parts_cnt)
		err = errmsg__set(-ENOENT, "cannot use '%s': no kernel image, config, module "
				  "or debug vmlinux in this package", r->path);
	return err;
}

void pkg_read_release(struct pkg_read *r)
{
	size_t i, j;

	for (i = 0; i < r->parts_cnt; i++) {
		struct pkg_part *p = &r->parts[i];

		for (j = 0; j < p->mods_cnt; j++) {
			free(p->mods[j].path);
			free(p->mods[j].inner);
			free(p->mods[j].bad);
			image_btf_release(&p->mods[j].img);
		}
		free(p->mods);
		image_btf_release(&p->vmlinux);
		free(p->vmlinux_path);
		free(p->config_path);
		free(p->config_arch);
		free(p->release);
		if (p->debug_fd >= 0)
			_close_memfd(p->debug_fd);
	}
	free(r->parts);
	r->parts = NULL;
	r->parts_cnt = 0;
	for (i = 0; i < r->dbg_cnt; i++) {
		free(r->dbg[i].inner);
		if (r->dbg[i].fd >= 0)
			_close_memfd(r->dbg[i].fd);
	}
	free(r->dbg);
	r->dbg = NULL;
	r->dbg_cnt = 0;
}

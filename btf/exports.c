// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel's exports, from Module.symvers or from its binaries, and the
 * cross-check of the two.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../scanner/decomp.h"
#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "../scanner/kdir.h"
#include "../scanner/ksymtab.h"
#include "../scanner/modinfo.h"
#include "../scanner/symvers.h"
#include "../scanner/symvers_pkg.h"
#include "exports.h"

static bool _is_file(const char *p)
{
	struct stat st;

	return p && !stat(p, &st) && S_ISREG(st.st_mode);
}

/* The root directory @kf was found under, malloc'ed, or NULL. */
static char *_root(const struct kernel_files *kf)
{
	struct stat st;
	char *root = NULL, *rel = NULL;

	if (!stat(kf->origin, &st) && S_ISDIR(st.st_mode))
		return strdup(kf->origin);
	if (kf->single_module) {
		kdir__module_root(kf->origin, &root, &rel);
		free(rel);
	}
	return root;
}

/* The kernel image (vmlinuz or ELF vmlinux) of @kf, malloc'ed, or NULL. */
static char *_image(const struct kernel_files *kf, const char *root)
{
	static const char *const places[] = { "%s/boot/vmlinuz-%s", "%s/boot/vmlinux-%s",
					      "%s/lib/modules/%s/vmlinuz",
					      "%s/usr/lib/modules/%s/vmlinuz" };
	char *p = NULL;
	size_t i;

	if (!root && !kf->single_module)
		return _is_file(kf->origin) ? strdup(kf->origin) : NULL;
	for (i = 0; root && i < sizeof(places) / sizeof(places[0]); i++) {
		if (asprintf(&p, places[i], root, kf->release) < 0)
			return NULL;
		if (_is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

/* "CONFIG_X=y" in the config text @cfg (NULL: none)? */
static bool _opt(const char *cfg, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = cfg;

	while (p && (p = strstr(p, opt))) {
		if ((p == cfg || p[-1] == '\n') && !strncmp(p + n, "=y", 2) &&
		    (p[n + 2] == '\n' || !p[n + 2]))
			return true;
		p += n;
	}
	return false;
}

/* The text of @kf's config, malloc'ed, or NULL. */
static char *_config_text(const struct kernel_files *kf)
{
	struct image_file f;
	char *text;

	if (!kf->config || image__open_file(kf->config, &f)) {
		errmsg__clear();
		return NULL;
	}
	text = strndup(f.mem, f.size);
	image_file_close(&f);
	return text;
}

static bool _config(const struct kernel_files *kf, const char *opt)
{
	char *cfg = _config_text(kf);
	bool yes = _opt(cfg, opt);

	free(cfg);
	return yes;
}

/*
 * The vermagic include/linux/vermagic.h builds from config text @cfg, for a
 * kernel whose modules are not at hand: release, then SMP, preempt flavour,
 * mod_unload, modversions and the architecture's part.
 */
static char *_config_vermagic(const char *rel, const char *cfg)
{
	const char *preempt = _opt(cfg, "CONFIG_PREEMPT_RT") ? "preempt_rt " :
			      _opt(cfg, "CONFIG_PREEMPT_BUILD") || _opt(cfg, "CONFIG_PREEMPT") ?
			      "preempt " : "";
	const char *arch = _opt(cfg, "CONFIG_ARM64") ? "aarch64" :
			   _opt(cfg, "CONFIG_RISCV") ? "riscv" :
			   _opt(cfg, "CONFIG_CPU_V7") ? "ARMv7 p2v8 " : "";
	char *v = NULL;

	if (asprintf(&v, "%s %s%s%s%s%s", rel, _opt(cfg, "CONFIG_SMP") ? "SMP " : "", preempt,
		     _opt(cfg, "CONFIG_MODULE_UNLOAD") ? "mod_unload " : "",
		     _opt(cfg, "CONFIG_MODVERSIONS") ? "modversions " : "", arch) < 0)
		return NULL;
	return v;
}

static int _vermagic(const struct kernel_files *kf, struct kexports *out)
{
	struct module_info mi;
	int err;

	if (kf->modules_cnt && !kf->single_module) {
		err = modinfo__read(kf->modules[0], "", &mi, NULL);
		if (!err && mi.vermagic) {
			out->vermagic = mi.vermagic;
			mi.vermagic = NULL;
			snprintf(out->vermagic_from, sizeof(out->vermagic_from), "module");
		}
		module_info_release(&mi);
		if (err)
			return err;
	}
	if (!out->vermagic && kf->config) {
		char *cfg = _config_text(kf);

		out->vermagic = cfg ? _config_vermagic(kf->release, cfg) : NULL;
		snprintf(out->vermagic_from, sizeof(out->vermagic_from), "config");
		free(cfg);
	}
	return 0;
}

int kexports__load_package(const struct symvers_pkg *p, struct kexports *out)
{
	enum decomp_kind kind = decomp__detect(p->symvers, p->symvers_len);
	void *plain = NULL;
	size_t len = p->symvers_len;
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->release = p->release;
	out->from_symvers = true;
	out->symvers = strdup(p->where);
	if (kind)
		err = decomp__all(kind, p->symvers, p->symvers_len, image_max_output, &plain, &len,
				  p->where);
	err = err ?: symvers__parse(plain ?: p->symvers, len, p->where, &out->ex);
	free(plain);
	exports__sort(&out->ex);
	if (!err && p->config) {
		out->vermagic = _config_vermagic(p->release, p->config);
		snprintf(out->vermagic_from, sizeof(out->vermagic_from), "config");
	}
	return err ?: out->symvers ? 0 : -ENOMEM;
}

char *kexports__owner(const char *path, const char *rel)
{
	char *mid = NULL, *p, *out;
	const char *s = path;

	if (asprintf(&mid, "/modules/%s/", rel) < 0)
		return NULL;
	if ((p = strstr(path, mid)))
		s = p + strlen(mid);
	free(mid);
	if (!strncmp(s, "kernel/", 7))
		s += 7;
	out = strdup(s);
	if (out && (p = strstr(out, ".ko")) && (!p[3] || p[3] == '.'))
		*p = '\0';
	return out;
}

static int _cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A raw arm64 or riscv Image (or one compressed whole): no ELF to read. */
static int _from_raw(const char *path, struct exports *ex)
{
	struct image_file f;
	int err;

	errmsg__clear();
	err = image__open_plain(path, &f);
	if (err)
		return err;
	if (f.size > 64 && (!memcmp((char *)f.mem + 0x38, "ARMd", 4) ||
			    !memcmp((char *)f.mem + 0x38, "RSC\x05", 4)))
		err = ksymtab__read_raw(f.mem, f.size, path, "vmlinux", ex);
	else
		err = errmsg__set(-ENOENT, "cannot read '%s': no kernel ELF or arm64/riscv Image "
				  "in it", path);
	image_file_close(&f);
	return err;
}

/* The image's exports, read on a thread of its own while the modules are read. */
struct image_job {
	const char *path;	/* the kernel image */
	bool rel_crcs;		/* CONFIG_MODULE_REL_CRCS */
	struct exports ex;	/* its exports */
	int err;		/* 0 or -errno */
	char msg[512];		/* the message recorded on the thread (errmsg is per thread) */
};

static void *_image_job(void *arg)
{
	struct image_job *j = arg;
	struct image_btf btf;
	struct image_file elf;

	j->err = image__read_elf(j->path, &btf, &elf, false);
	if (!j->err && elf.prefix) {
		/* The start of a payload: its ksymtab found by shape, as in a raw Image. */
		j->err = ksymtab__read_raw(elf.mem, elf.size, j->path, "vmlinux", &j->ex);
		image_file_close(&elf);
		image_btf_release(&btf);
		if (j->err != -ENOENT)
			goto done;
		/* Absolute entries (686, armhf): the whole ELF, for its section headers. */
		errmsg__clear();
		j->err = image__read_elf(j->path, &btf, &elf, true);
	}
	if (j->err == -ENOENT) {
		j->err = _from_raw(j->path, &j->ex);
	} else if (!j->err) {
		j->err = ksymtab__read(elf.mem, elf.size, j->path, "vmlinux", j->rel_crcs, &j->ex);
		image_file_close(&elf);
		image_btf_release(&btf);
	}
done:
	if (j->err && errmsg__get())
		snprintf(j->msg, sizeof(j->msg), "%s", errmsg__get());
	return NULL;
}

static int _modules(const struct kernel_files *kf, struct kexports *out, struct exports *ex)
{
	size_t i;
	int err = 0;

	out->owners = calloc(kf->modules_cnt ?: 1, sizeof(*out->owners));
	if (!out->owners)
		return -ENOMEM;
	for (i = 0; !err && i < kf->modules_cnt; i++) {
		char *owner = kexports__owner(kf->modules[i], kf->release);

		if (!owner)
			return -ENOMEM;
		out->owners[out->owners_cnt++] = owner;
		err = modinfo__exports(kf->modules[i], owner, ex);
	}
	qsort(out->owners, out->owners_cnt, sizeof(*out->owners), _cmp_str);
	return err;
}

/*
 * The image (whose decompression takes most of the time) on a second
 * thread, the modules on this one; the image's exports come first.
 */
static int _from_binaries(const struct kernel_files *kf, const char *root, bool binary_only,
			  struct kexports *out)
{
	struct image_job job = { .rel_crcs = _config(kf, "CONFIG_MODULE_REL_CRCS") };
	struct exports mods = { 0 };
	pthread_t tid;
	bool threaded = false;
	int err;

	out->image = _image(kf, root);
	job.path = out->image;
	if (job.path)
		threaded = !pthread_create(&tid, NULL, _image_job, &job);
	if (job.path && !threaded)
		_image_job(&job);
	err = _modules(kf, out, &mods);
	if (threaded)
		pthread_join(tid, NULL);
	if (!err && job.err)
		err = job.msg[0] ? errmsg__set(job.err, "%s", job.msg) : job.err;
	err = err ?: exports__merge(&out->ex, &job.ex);
	err = err ?: exports__merge(&out->ex, &mods);
	exports_release(&job.ex);
	exports_release(&mods);
	if (!err && !out->image && !kf->modules_cnt)
		err = errmsg__set(-ENOENT, "no exports for '%s': %skernel image or module found",
				  kf->release, binary_only ? "no " : "no Module.symvers, ");
	return err;
}

int kexports__load(const struct kernel_files *kf, const char *symvers, enum kexports_from from,
		   struct kexports *out)
{
	char *root = _root(kf);
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->release = kf->release;
	if (symvers)
		out->symvers = strdup(symvers);
	else if (from != KEXP_BINARY && root)
		out->symvers = symvers__find(root, kf->release);
	if (from == KEXP_SYMVERS && !out->symvers)
		err = errmsg__set(-ENOENT, "no Module.symvers for '%s' in '%s' (give --symvers "
				  "FILE)", kf->release, kf->origin);
	else if (out->symvers && from != KEXP_BINARY)
		err = symvers__read(out->symvers, &out->ex);
	else
		err = _from_binaries(kf, root, from == KEXP_BINARY, out);
	out->from_symvers = out->symvers && from != KEXP_BINARY;
	if (from == KEXP_BINARY) {
		free(out->symvers);
		out->symvers = NULL;
	}
	err = err ?: _vermagic(kf, out);
	exports__sort(&out->ex);
	free(root);
	if (err == -ENOMEM)
		err = errmsg__add(err, "cannot read the exports of '%s': out of memory",
				  kf->release);
	return err;
}

void kexports_release(struct kexports *k)
{
	size_t i;

	if (!k)
		return;
	exports_release(&k->ex);
	for (i = 0; i < k->owners_cnt; i++)
		free(k->owners[i]);
	free(k->owners);
	free(k->symvers);
	free(k->image);
	free(k->vermagic);
	memset(k, 0, sizeof(*k));
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CMD_H
#define KABISCAN_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <getopt.h>
#include <stdio.h>

struct kernel;

/* Exit statuses; documented in kabiscan(1). */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_USAGE	2

/* A subcommand: its name, entry point and one-line synopsis. */
struct cmd {
	const char *name;	/* "show" */
	int (*func)(int argc, char **argv);	/* returns an exit status */
	const char *usage;	/* synopsis, shared by -h and the man page test */
};

/* Print "kabiscan: MESSAGE" for the recorded error (or @fallback). */
void p_err(const char *fallback, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage error and the synopsis; returns EXIT_USAGE. */
int usage_error(const struct cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Usage error for what getopt_long returned as @ret (':' missing value, '?'
 * unknown; optstrings start with ':'). Returns EXIT_USAGE.
 */
int bad_option(const struct cmd *c, int ret, char **argv);

/* Print the synopsis of @c to stdout. */
void print_usage(const struct cmd *c);

/* A list of type names gathered from -t options ("a,b" splits). */
struct name_list {
	char **ptr;		/* names, malloc'ed */
	size_t cnt;		/* used entries */
	size_t cap;		/* allocated entries */
};

/* Add the names in @arg (comma-separated) to @l. Returns 0 or -ENOMEM. */
int name_list__add(struct name_list *l, const char *arg);
/*
 * Add the entries of spec file @path to @l, and those marked "alloc" to
 * @alloc too (if not NULL). Returns 0 or -errno with a message.
 */
int name_list__add_spec(struct name_list *l, struct name_list *alloc, const char *path);
void name_list_release(struct name_list *l);

/* Options shared by the commands that read kernels. */
struct open_opts {
	const char *base;	/* --base: vmlinux BTF for lone modules */
	const char *debug_dir;	/* --debug-dir: more debug files */
	bool prefer_dwarf;	/* --prefer dwarf */
	bool quiet;		/* -q: no progress on stderr */
	bool no_cache;		/* --no-cache: neither read nor fill the scan cache */
	bool strict;		/* --strict: an unreadable module fails the run */
	const char *cache_dir;	/* --cache DIR, or NULL for the default cache */
	bool cache_required;	/* scan: a cache that cannot be written is an error */
	int jobs;		/* -j: kernels scanned at once; 0 for one per core */
};

/* What every command that reads kernels takes, besides its KERNELs. */
struct cmd_opts {
	struct open_opts open;	/* how to read the kernels */
	struct name_list names;	/* -t, --spec */
	struct name_list alloc;	/* names a spec marks "alloc" */
	const char *out;	/* -o; NULL for standard output */
};

/* The short options of struct cmd_opts, to start optstrings with. */
#define CMD_OPTSTRING ":t:o:hqj:"

/* The getopt_long entries of struct cmd_opts; optstrings hold CMD_OPTSTRING. */
#define CMD_LONGOPTS \
	{ "no-cache", no_argument, NULL, 'N' }, \
	{ "cache", required_argument, NULL, 'K' }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "type", required_argument, NULL, 't' }, \
	{ "spec", required_argument, NULL, 'S' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "max-decompressed", required_argument, NULL, 'M' }, \
	{ "base", required_argument, NULL, 'b' }, \
	{ "debug-dir", required_argument, NULL, 'D' }, \
	{ "prefer", required_argument, NULL, 'P' }, \
	{ "strict", no_argument, NULL, 'Z' }

/*
 * Take what getopt_long returned as @c (with optarg) for @cmd. Returns -1 to
 * go on, EXIT_OK after -h (the usage is printed), or the exit status of a
 * usage error or of names that cannot be read (said once).
 */
int cmd_opts__parse(struct cmd_opts *o, const struct cmd *cmd, int c, char **argv);

/* Free what cmd_opts__parse() gathered. */
void cmd_opts_release(struct cmd_opts *o);

struct matrix;

/*
 * Open every kernel named by @paths (roots yield one per release) and look
 * @names up in each, in parallel, then build the matrix. Returns 0, a new
 * kernel array (free with kernels_free, after matrix__free) and *@mx, or
 * -errno with a message recorded.
 */
int kernels_open(char **paths, size_t cnt, const struct open_opts *o,
		 const struct name_list *names, struct kernel ***out, size_t *out_cnt,
		 struct matrix **mx);
void kernels_free(struct kernel **ks, size_t cnt);

/*
 * Find and open the kernels of @paths (none: every kernel in the cache) on
 * @o->jobs threads, calling @then on each as kernel__open_many() does, and
 * @before (if not NULL) once their number is known; it returns NULL on
 * failure. Each kernel is stored in the cache once read. Returns 0 and a
 * new array (kernels_free), or -errno with a message recorded.
 */
int kernels_scan(char **paths, size_t cnt, const struct open_opts *o,
		 int (*then)(struct kernel *k, size_t i, void *arg), void *arg,
		 void *(*before)(size_t n, void *arg), struct kernel ***out, size_t *out_cnt);

/* Finish writing stdout; a full disk is an error (exit status). */
int finish_stdout(int status);

/*
 * Open @paths, build the matrix for @o's names, fail on a name present in
 * no kernel, and write @emit's output to @o's output (stdout for NULL)
 * through a temporary file. Returns an exit status.
 */
int report_emit(char **paths, size_t cnt, const struct cmd_opts *o,
		int (*emit)(const struct matrix *, void *, FILE *), void *emit_arg);

/* --- diff, check: ABI changes --- */

#include "../reports/abi.h"

struct abi_result;

/* Exit status bits of diff and check; documented in kabiscan-diff(1). */
#define EXIT_COMPATIBLE	4
#define EXIT_BREAKING	8

/* What fails a run: --fail-on. */
enum fail_on { FAIL_BREAKING, FAIL_COMPATIBLE, FAIL_NONE };

/* Options of the commands that report ABI changes. */
struct abi_cmd_opts {
	struct cmd_opts cmd;	/* what every command takes */
	enum abi_format format;	/* --format */
	struct abi_emit_opts emit;	/* --verbose, --ascii */
	const char *suppress;	/* --suppress FILE */
	enum fail_on fail_on;	/* --fail-on */
	const char *baseline;	/* --baseline FILE (check) */
};

/* getopt_long entries of struct abi_cmd_opts; optstrings add "v". */
#define ABI_LONGOPTS \
	CMD_LONGOPTS, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "ascii", no_argument, NULL, 'a' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "suppress", required_argument, NULL, 'X' }, \
	{ "fail-on", required_argument, NULL, 'F' }

/* As cmd_opts__parse, for struct abi_cmd_opts. */
int abi_opts__parse(struct abi_cmd_opts *o, const struct cmd *cmd, int c, char **argv);

/* Per type of @m: does the spec mark it "alloc"? NULL on allocation failure. */
bool *abi_alloc_flags(const struct abi_cmd_opts *o, const struct matrix *m);

/*
 * Mark suppressed changes of @rs, write them in the chosen format to the
 * chosen output, and return the exit status: EXIT_ERROR if a type could not
 * be compared, plus the EXIT_COMPATIBLE/EXIT_BREAKING bits --fail-on selects.
 */
int abi_finish(const struct abi_cmd_opts *o, struct abi_result *rs, size_t n);

extern const struct cmd cmd_show;
extern const struct cmd cmd_report;
extern const struct cmd cmd_header;
extern const struct cmd cmd_diff;
extern const struct cmd cmd_snapshot;
extern const struct cmd cmd_check;
extern const struct cmd cmd_deps;
extern const struct cmd cmd_scan;
extern const struct cmd cmd_cache;

/* One cached kernel as `cache ls` and `scan` print it: "RELEASE ARCH SIZE KEY". */
void print_cache_line(FILE *f, const char *release, const char *arch, size_t size,
		      const char *key);

#endif

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

/* Flags of struct cmd_opt. */
#define OPT_SHORT	1	/* @key is also the short option "-k" */
#define OPT_NO_SYN	2	/* left out of the [...] of the synopsis (in its arguments) */
#define OPT_ALT		4	/* shares the previous one's brackets: "[--cache DIR | --no-cache]" */
#define OPT_SYN_LONG	8	/* the synopsis spells the long name though a short one exists */

/*
 * One option of a command. The parser (cmd__getopt), the synopsis, --help
 * and the help/man test (tests/cli/t0001-help-man.sh) all read the same
 * rows, so a new option is one row in its command's table.
 */
struct cmd_opt {
	const char *name;	/* long name, "format"; NULL ends a table */
	int key;		/* what cmd__getopt returns for it */
	const char *arg;	/* its value as the synopsis names it, NULL for a flag */
	unsigned int flags;	/* OPT_* */
	const char *help;	/* what it does, for --help */
};

/* A subcommand: its name, entry point, synopsis and options. */
struct cmd {
	const char *name;	/* "show" */
	int (*func)(int argc, char **argv);	/* returns an exit status */
	const char *args;	/* what the synopsis puts before the options */
	const struct cmd_opt *opts;	/* its options, ended by a row without a name */
	const char *summary;	/* what it does, as its man page's NAME line says */
};

/* getopt_long over @c's option table (missing value ':', unknown '?'). */
int cmd__getopt(const struct cmd *c, int argc, char **argv);

/* Print "kabiscan CMD ARGS [OPTIONS...]" and a newline, made from the table. */
void cmd__print_usage(const struct cmd *c, FILE *f);

/* Print the usage, the summary and every option described (--help). */
void cmd__print_help(const struct cmd *c, FILE *f);

/*
 * Optimal string alignment distance of @a and @b (edits and adjacent
 * swaps), or @max + 1 when it is larger than @max.
 */
size_t edit_distance(const char *a, const char *b, size_t max);

/* The largest distance at which a name is suggested for @typed. */
size_t suggest_max_distance(const char *typed);

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

/* A list of type names gathered from -t options ("a,b" splits). */
struct name_list {
	char **ptr;		/* names, malloc'ed */
	size_t cnt;		/* used entries */
	size_t cap;		/* allocated entries */
};

/* Add the names in @arg (comma-separated) to @l. Returns 0 or -ENOMEM. */
int name_list__add(struct name_list *l, const char *arg);
/*
 * Add the entries of spec file @path to @l, those marked "alloc" to @alloc
 * and those marked "nolayout" to @nolayout too, and its "sym NAME" entries
 * to @syms (each if not NULL). Returns 0 or -errno with a message.
 */
int name_list__add_spec(struct name_list *l, struct name_list *alloc,
			struct name_list *nolayout, struct name_list *syms, const char *path);
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
	/*
	 * Free each kernel's type data once it is looked up (or scanned), so
	 * memory does not grow with the number of kernels: for commands that
	 * need only the matrix afterwards (report, show, scan).
	 */
	bool release;
};

/* --color: when text output is coloured. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* What every command that reads kernels takes, besides its KERNELs. */
struct cmd_opts {
	struct open_opts open;	/* how to read the kernels */
	struct name_list names;	/* -t, --spec */
	struct name_list alloc;	/* names a spec marks "alloc" */
	struct name_list nolayout;	/* names a spec marks "nolayout" */
	struct name_list syms;	/* a spec's "sym NAME" entries (bare names) */
	const char *out;	/* -o; NULL for standard output */
	enum color_when color;	/* --color */
};

/*
 * Colour the text output? always; never; auto: standard output (no -o) is
 * a terminal, TERM is not "dumb" and NO_COLOR is unset or empty.
 */
bool cmd_opts__color(const struct cmd_opts *o);

/* Rows of the options struct cmd_opts takes, shared by the commands' tables. */
#define OPT_TYPE(what) \
	{ "type", 't', "NAME", OPT_SHORT | OPT_NO_SYN, what ": NAME, struct NAME, " \
	  "union NAME, enum NAME, typedef NAME or func NAME, or a glob such as 'vfio_*'; " \
	  "repeats, and takes comma-separated lists" }
#define OPT_SPEC \
	{ "spec", 'S', "FILE", OPT_NO_SYN, "read type names from FILE, one a line ('#' starts " \
	  "a comment; \"alloc\" after a name marks a type the driver allocates)" }
#define OPT_BASE \
	{ "base", 'b', "FILE", 0, "the vmlinux type data that module files given alone " \
	  "were built against" }
#define OPT_DEBUG_DIR \
	{ "debug-dir", 'D', "DIR", 0, "another place to look for debug files with DWARF" }
#define OPT_PREFER \
	{ "prefer", 'P', "btf|dwarf", 0, "where both exist, read BTF (the default) or DWARF" }
#define OPT_MAX_DECOMPRESSED \
	{ "max-decompressed", 'M', "MIB", 0, "refuse to decompress more than MIB mebibytes " \
	  "from one file (default 2048)" }
#define OPT_CACHE \
	{ "cache", 'K', "DIR", 0, "keep scans in DIR, not in the default cache; without " \
	  "KERNEL, use every kernel DIR holds" }
#define OPT_NO_CACHE \
	{ "no-cache", 'N', NULL, OPT_ALT, "neither read nor fill the scan cache" }
#define OPT_JOBS \
	{ "jobs", 'j', "N", OPT_SHORT, "scan N kernels at once; spare threads read a kernel's modules (default: one per core)" }
#define OPT_QUIET \
	{ "quiet", 'q', NULL, OPT_SHORT, "show no progress on a terminal" }
#define OPT_OUTPUT \
	{ "output", 'o', "FILE", OPT_SHORT, "write to FILE (replaced only when all went " \
	  "well), not to standard output" }
#define OPT_COLOR \
	{ "color", 'C', "auto|always|never", 0, "colour the marks and verdicts of the text " \
	  "output: on a terminal without NO_COLOR set (auto, the default), always or never" }
#define OPT_STRICT \
	{ "strict", 'Z', NULL, 0, "fail on any unreadable module or debug file, instead of naming it and " \
	  "going on without it" }
#define OPT_HELP \
	{ "help", 'h', NULL, OPT_SHORT | OPT_NO_SYN, "show this help" }
/* How every command that reads kernels reads them, in synopsis order. */
#define OPTS_OPEN \
	OPT_BASE, OPT_DEBUG_DIR, OPT_PREFER, OPT_MAX_DECOMPRESSED, OPT_CACHE, OPT_NO_CACHE, \
	OPT_STRICT, OPT_JOBS, OPT_QUIET

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
 * If a type of @m is present in none of @ks, record "unknown type 'X': not
 * found in WHERE (A absent, N without type data)", with "; did you mean
 * 'Y'?" when a kernel holds a close name, and return -ENOENT; else 0.
 * @where is "any of 18 kernels", "either kernel"... With @partial (show),
 * every such type is named on stderr instead, *@cnt counts them, and
 * -ENOENT is returned only when no type was found at all.
 */
int kernels_missing(struct kernel **ks, size_t n, const struct matrix *m, const char *where,
		    bool partial, size_t *cnt);

/* --- type names over the kernels read (names.c) --- */

struct type_query;

/* Is @name a glob ('vfio_*', 'struct vfio_pci_*', 'vfio_pci_regop?')? */
bool name_is_glob(const char *name);

/*
 * @names with each glob replaced by the names it matches in @ks, sorted
 * ('struct vfio_*' gives "struct NAME"s; a bare glob gives bare names of
 * types, not of functions), each name once, into @out (released by the
 * caller); with @all, a plain name too is listed only if a kernel has it.
 * A glob (or, with @all, a name) matching nothing is an error. Returns 0 or -errno with a
 * message.
 */
int names_expand(struct kernel **ks, size_t n, const struct name_list *names, bool all,
		 struct name_list *out);

/* The name in @ks closest to @q (spelled as a query), malloc'ed, or NULL. */
char *names_suggest(struct kernel **ks, size_t n, const struct type_query *q);

struct mx_near;
struct mx_type;

/*
 * For each of @qs[0..@n), the name of @k closest to it, into @out[i] (the
 * caller frees its name): what names_suggest would find in @k alone, kept
 * before @k's type data is released. A kernel whose names cannot all be read
 * gives what was found and sets stop, as names_suggest stops there. Returns
 * 0 or -ENOMEM.
 */
int names_near(struct kernel *k, const struct type_query *const *qs, size_t n,
	       struct mx_near *out);

/* names_suggest's answer for @t from its kept mx_type.near of @n kernels. */
char *names_suggest_kept(const struct mx_type *t, size_t n);

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

/* Finish writing stdout (and wait for the pager); a full disk is an error (exit status). */
int finish_stdout(int status);

/*
 * Send standard output to $PAGER (default less, with LESS=FRX unless set)
 * when it is a terminal; pager_finish (finish_stdout calls it) closes it
 * and waits for the pager.
 */
void pager_start(void);
void pager_finish(void);

/*
 * Open @paths, build the matrix for @o's names, and write @emit's output
 * to @o's output (stdout for NULL) through a temporary file. A name
 * present in no kernel fails the whole run; with @partial (show), each
 * such name is named on stderr, the others are still written, and the
 * exit status is 1. Returns an exit status.
 */
int report_emit(char **paths, size_t cnt, const struct cmd_opts *o, bool partial,
		int (*emit)(const struct matrix *, void *, FILE *), void *emit_arg);

/* --- diff, check: ABI changes --- */

#include "../reports/abi.h"

struct abi_result;

/* Exit status bits of diff and check; documented in kabiscan-diff(1). */
#define EXIT_COMPATIBLE	4
#define EXIT_BREAKING	8

/* What fails a run: --fail-on. */
/* --fail-on: what sets an exit bit. FAIL_DIRECT: breaking direct changes (check). */
enum fail_on { FAIL_BREAKING, FAIL_COMPATIBLE, FAIL_NONE, FAIL_DIRECT };

/* Options of the commands that report ABI changes. */
struct abi_cmd_opts {
	struct cmd_opts cmd;	/* what every command takes */
	enum abi_format format;	/* --format */
	struct abi_emit_opts emit;	/* --verbose, --ascii */
	const char *suppress;	/* --suppress FILE */
	enum fail_on fail_on;	/* --fail-on */
	const char *baseline;	/* --baseline FILE (check) */
	const char *license;	/* --license: the driver's MODULE_LICENSE, or NULL */
	bool no_pager;		/* --no-pager */
};

/* Checks of options taken together, once parsed: 0 or the usage error's status. */
int abi_opts__done(const struct abi_cmd_opts *o, const struct cmd *cmd);

/* --fail-on of diff, and of check, which adds direct. */
#define OPT_FAIL_ON \
	{ "fail-on", 'F', "compatible|breaking|none", 0, "what sets an exit status bit: " \
	  "breaking changes (the default), compatible ones too, or none" }
#define OPT_FAIL_ON_DIRECT \
	{ "fail-on", 'F', "compatible|breaking|direct|none", 0, "what sets an exit status " \
	  "bit: breaking changes (the default), compatible ones too, only breaking direct " \
	  "changes, or none" }

/* Rows of the options struct abi_cmd_opts adds, in synopsis order. */
#define OPTS_ABI(fail_on) \
	{ "format", 'f', "text|json|markdown|junit", OPT_SHORT | OPT_SYN_LONG, \
	  "the output format (default text)" }, \
	{ "suppress", 'X', "FILE", 0, "accept the changes that the rules in FILE match " \
	  "(KEY=GLOB fields: type, member, class, release)" }, \
	fail_on, \
	{ "license", 'G', "LICENSE", 0, "the driver's MODULE_LICENSE (\"GPL\", ...): " \
	  "with a GPL-compatible one, an export becoming GPL-only is compatible" }, \
	{ "verbose", 'v', NULL, OPT_SHORT, "list suppressed changes too" }, \
	{ "ascii", 'a', NULL, 0, "plain ASCII arrows and words instead of Unicode" }, \
	{ "summary", 'Y', NULL, 0, "text: only the summary (changes by class, changed types " \
	  "by module), which a diff of whole kernels starts with" }, \
	{ "no-pager", 'n', NULL, 0, "do not send text to $PAGER (less -FRX) on a terminal" }

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

struct kexports;

/*
 * Give each func cell of @m the export of its kernel (exports_of_matrix
 * with Module.symvers first, else the binaries), when @m asks for
 * functions or @syms (a spec has "sym" entries). @exs receives what the
 * cells point into, one per kernel of @m in display order, a NULL release
 * where unknown (exports_free_all with m->kernels_cnt), or NULL when not
 * read. Returns 0 or -errno with a message.
 */
int abi_mark_exports(char **paths, size_t cnt, struct matrix *m, bool syms,
		     struct kexports **exs);

/* The exports of column @col of abi_mark_exports' @exs, or NULL if unknown. */
const struct exports *abi_exports_of(const struct kexports *exs, size_t col);

extern const struct cmd cmd_show;
extern const struct cmd cmd_report;
extern const struct cmd cmd_header;
extern const struct cmd cmd_diff;
extern const struct cmd cmd_snapshot;
extern const struct cmd cmd_check;
extern const struct cmd cmd_deps;
extern const struct cmd cmd_scan;
extern const struct cmd cmd_cache;
extern const struct cmd cmd_names;
extern const struct cmd cmd_symbols;
extern const struct cmd cmd_modcheck;

/* One cached kernel as `cache ls` and `scan` print it: "RELEASE ARCH SIZE KEY". */
void print_cache_line(FILE *f, const char *release, const char *arch, size_t size,
		      const char *key);

#endif

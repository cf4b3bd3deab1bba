// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"

/* Debian kernel flavour words that name an architecture. */
static const struct {
	const char *word;	/* as in the release string */
	const char *arch;	/* Debian arch */
} arch_words[] = {
	{ "amd64", "amd64" }, { "arm64", "arm64" }, { "686", "i386" },
	{ "armmp", "armhf" }, { "powerpc64le", "ppc64el" }, { "powerpc64", "ppc64" },
	{ "s390x", "s390x" }, { "riscv64", "riscv64" }, { "loong64", "loong64" },
	{ "marvell", "armel" }, { "rpi", "armel" }, { "octeon", "mips64el" },
	{ "loongson-3", "mips64el" }, { "mips64r2el", "mips64el" }, { "mips32r2el", "mipsel" },
};

static const char *_arch_word(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(arch_words) / sizeof(arch_words[0]); i++)
		if (!strcmp(arch_words[i].word, w))
			return arch_words[i].arch;
	return NULL;
}

static void _append(char *dst, size_t cap, const char *w)
{
	size_t n = strlen(dst);

	snprintf(dst + n, cap - n, "%s%s", n ? "-" : "", w);
}

/* Flavour and arch from the words after "VERSION-ABI-". */
static void _parse_suffix(char *suffix, struct release_info *ri)
{
	char *save = NULL, *w;

	for (w = strtok_r(suffix, "-", &save); w; w = strtok_r(NULL, "-", &save)) {
		const char *arch = _arch_word(w);

		if (arch && !ri->arch[0])
			snprintf(ri->arch, sizeof(ri->arch), "%s", arch);
		else
			_append(ri->flavour, sizeof(ri->flavour), w);
	}
}

bool release__valid(const char *release)
{
	size_t n = strlen(release);

	return n && n <= 64 && isalnum((unsigned char)release[0]) &&
	       release[strspn(release, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "0123456789._+~-")] == '\0';
}

void release__parse(const char *release, struct release_info *ri)
{
	char buf[128], *dash, *rest;
	unsigned int maj, min;

	memset(ri, 0, sizeof(*ri));
	if (sscanf(release, "%u.%u", &maj, &min) == 2)
		snprintf(ri->version, sizeof(ri->version), "%u.%u", maj, min);
	snprintf(buf, sizeof(buf), "%s", release);
	dash = ri->version[0] ? strchr(buf, '-') : NULL;
	if (dash) {
		*dash = '\0';
		rest = dash + 1;
		/*
		 * Only the styles whose words are known name a flavour: a numeric
		 * ABI word then words ("6.1.0-50-amd64", "5.15.0-91-generic"), or
		 * Debian's "+debN" and "+bpo" builds ("6.12.117+deb13-rt-amd64"). Any other
		 * ("6.18.44-fc-v782", "6.5.6-300.fc39.x86_64") is generic: a
		 * guess would invent a flavour and compare it with nothing.
		 */
		if (isdigit((unsigned char)*rest)) {
			rest += strspn(rest, "0123456789.");
			if (*rest == '-')
				_parse_suffix(rest + 1, ri);
		} else if (strstr(buf, "+deb") || strstr(buf, "+bpo")) {
			_parse_suffix(rest, ri);
		}
	}
	if (!ri->flavour[0])
		snprintf(ri->flavour, sizeof(ri->flavour), "generic");
}

const char *release__arch_from_elf(int e_machine, int ptr_size, bool big_endian)
{
	switch (e_machine) {
	case EM_X86_64: return "amd64";
	case EM_386: return "i386";
	case EM_AARCH64: return "arm64";
	case EM_ARM: return "armhf";
	case EM_PPC64: return big_endian ? "ppc64" : "ppc64el";
	case EM_S390: return "s390x";
	case EM_RISCV: return ptr_size == 4 ? "riscv32" : "riscv64";
	case 258: return "loong64";	/* EM_LOONGARCH */
	case EM_MIPS: return ptr_size == 4 ? "mipsel" : "mips64el";
	default: return NULL;
	}
}

const char *release__arch_from_config(const char *config_path)
{
	bool x86_64 = false, x86_32 = false, arm64 = false, arm = false, ppc64 = false;
	bool le = false, s390 = false, riscv = false, loong = false;
	char line[256];
	FILE *f = config_path ? fopen(config_path, "re") : NULL;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		x86_64 |= !strcmp(line, "CONFIG_X86_64=y\n");
		x86_32 |= !strcmp(line, "CONFIG_X86_32=y\n");
		arm64 |= !strcmp(line, "CONFIG_ARM64=y\n");
		arm |= !strcmp(line, "CONFIG_ARM=y\n");
		ppc64 |= !strcmp(line, "CONFIG_PPC64=y\n");
		le |= !strcmp(line, "CONFIG_CPU_LITTLE_ENDIAN=y\n");
		s390 |= !strcmp(line, "CONFIG_S390=y\n");
		riscv |= !strcmp(line, "CONFIG_RISCV=y\n");
		loong |= !strcmp(line, "CONFIG_LOONGARCH=y\n");
	}
	fclose(f);
	return x86_64 ? "amd64" : x86_32 ? "i386" : arm64 ? "arm64" : arm ? "armhf" :
	       ppc64 ? (le ? "ppc64el" : "ppc64") : s390 ? "s390x" : riscv ? "riscv64" :
	       loong ? "loong64" : NULL;
}

const char *release__arch_from_uname(const char *m)
{
	static const char *map[][2] = {
		{ "x86_64", "amd64" }, { "i686", "i386" }, { "i386", "i386" },
		{ "aarch64", "arm64" }, { "armv7l", "armhf" }, { "ppc64le", "ppc64el" },
		{ "ppc64", "ppc64" }, { "s390x", "s390x" }, { "riscv64", "riscv64" },
		{ "loongarch64", "loong64" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], m))
			return map[i][1];
	return NULL;
}

int release__cmp(const char *a, const char *b)
{
	return strverscmp(a, b);
}

void release__build(const char *release, char *buf, size_t cap)
{
	size_t n = strcspn(release, "-");

	if (release[n] == '-' && isdigit((unsigned char)release[n + 1]))
		n += 1 + strspn(release + n + 1, "0123456789.");
	snprintf(buf, cap, "%.*s", (int)n, release);
}

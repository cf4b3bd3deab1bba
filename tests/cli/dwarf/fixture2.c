// SPDX-License-Identifier: GPL-2.0
/* Second compilation unit for fixture.c: struct kf_twice with another
 * layout, linked into the same object with ld -r. */
struct kf_twice {
	char tag;
	short a;
	long long b[2];
	void *p;
};

struct kf_twice kf_twice_other;

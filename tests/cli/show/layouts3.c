// SPDX-License-Identifier: GPL-2.0
/*
 * The third CU: kl_pad of 12 bytes (the largest of its three), kl_chan of
 * 40 bytes like layouts2.c's but with fewer members (so layouts2.c's, with
 * more, is shown first), enum kl_mode as in layouts1.c (no new layout).
 */
struct kl_pad {
	unsigned int padcfg0;
	unsigned int padcfg1;
	unsigned int padcfg2;
};

struct kl_chan {
	char raw[40];
};

enum kl_mode { KL_A, KL_B };

struct kl_pad kl_pad3;
struct kl_chan kl_chan3;
enum kl_mode kl_mode3;

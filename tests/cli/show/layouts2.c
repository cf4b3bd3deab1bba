// SPDX-License-Identifier: GPL-2.0
/*
 * The second CU: kl_pad with the same offsets under other member names (as
 * pinctrl-cherryview.c's intel_pad_context), kl_chan as dmaengine.h's
 * (the largest: shown first), enum kl_mode with another value.
 */
struct kl_pad {
	unsigned int padctrl0;
	unsigned int padctrl1;
};

struct kl_chan {
	void *device;
	void *slave;
	int cookie;
	int completed_cookie;
	int chan_id;
	const char *name;
};

enum kl_mode { KL_A, KL_B = 5 };

struct kl_pad kl_pad2;
struct kl_chan kl_chan2;
enum kl_mode kl_mode2;

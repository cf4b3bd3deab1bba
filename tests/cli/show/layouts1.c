// SPDX-License-Identifier: GPL-2.0
/*
 * One of three CUs defining struct kl_pad, struct kl_chan and enum kl_mode
 * each its own way, for tests/cli/t0210-show-partial-layouts.sh. Here:
 * kl_pad as intel_pad_context is in pinctrl-intel.c (8 bytes, conf0/val),
 * kl_chan as the ISA DMA's struct dma_chan of kernel/dma.c (16 bytes).
 */
struct kl_pad {
	unsigned int conf0;
	unsigned int val;
};

struct kl_chan {
	int lock;
	const char *device_id;
};

enum kl_mode { KL_A, KL_B };

struct kl_pad kl_pad1;
struct kl_chan kl_chan1;
enum kl_mode kl_mode1;

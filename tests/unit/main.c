// SPDX-License-Identifier: GPL-2.0
/* CUnit runner: one suite per module, registered from this table. */
#include <stdio.h>
#include <CUnit/Basic.h>

#include "fixture.h"

int cache_test_register(void);
int compare_test_register(void);
int copy_test_register(void);
int decomp_test_register(void);
int dwarf_test_register(void);
int exports_test_register(void);
int image_test_register(void);
int leaf_test_register(void);
int release_test_register(void);
int render_test_register(void);
int report_test_register(void);

static int (*const suites[])(void) = {
	cache_test_register,
	compare_test_register,
	copy_test_register,
	decomp_test_register,
	dwarf_test_register,
	exports_test_register,
	image_test_register,
	leaf_test_register,
	release_test_register,
	render_test_register,
	report_test_register,
};

int main(void)
{
	unsigned int failed;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (suites[i]()) {
			fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	fixture__cleanup();
	return failed ? 1 : 0;
}

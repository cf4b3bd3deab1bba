// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic types for tests/cli/t0310-dwarf-differential.sh: the DWARF that
 * gcc emits for these is read by kabiscan directly, and again as the BTF
 * that pahole -J encodes from it, and the two readings are compared (and
 * checked against pahole -F dwarf). Every type is used by a global below so
 * that gcc emits it. fixture2.c defines struct kf_twice with another layout.
 */
#include <stddef.h>

/* Bitfields: in one unit, crossing a unit, signed, unnamed (padding and
 * :0), of char/short/long long base types, and in a union. */
struct kf_bits {
	unsigned int a : 3;
	unsigned int b : 5;
	signed int s : 7;
	unsigned int : 4;		/* unnamed padding */
	unsigned int c : 13;	/* 19..31: ends the first int */
	unsigned char d : 2;
	unsigned short e : 9;
	unsigned long long cross : 40;	/* crosses a 32-bit boundary */
	int : 0;			/* unnamed zero-width: next int unit */
	int neg : 3;
	char tail;
};

union kf_bits_union {
	unsigned int whole;
	unsigned int lo : 16;
	signed int sfield : 12;
	struct {
		unsigned char x : 4;
		unsigned char y : 4;
	} nib;
};

struct kf_packed_bits {
	char c;
	unsigned int spans : 30;	/* packed: crosses the 32-bit unit */
	unsigned short last : 2;
} __attribute__((packed));

/* Anonymous unions and structs, nested, and a named member of anonymous
 * type. */
struct kf_anon {
	int tag;
	union {
		long l;
		struct {
			short lo;
			short hi;
		};
		unsigned char raw[8];
	};
	struct {
		int p, q;
	} named;
	union {
		struct {
			unsigned int f1 : 4;
			unsigned int f2 : 4;
		};
		unsigned char f_all;
	};
};

/* Flexible and zero-length arrays. */
struct kf_flex {
	size_t len;
	unsigned char data[];
};

struct kf_zero {
	int n;
	long zero[0];
};

/* Multi-dimensional arrays. */
struct kf_multi {
	int m2[3][4];
	char m3[2][3][5];
	struct kf_zero *pm[2][2];
};

/* Enums: negative values, unsigned 32-bit values above INT_MAX, an unsigned
 * and a signed 64-bit enum, a packed (one byte) one, and a signed enum with
 * values gcc stores in one or two bytes (DW_FORM_data1 0x80, 0xe1, 0xec;
 * data2 0x8000), as enum cpuhp_state and the NF_IP_PRI_ ones are. */
enum kf_neg {
	KF_NEG_MIN = -2147483647 - 1,
	KF_NEG_ONE = -1,
	KF_NEG_ZERO = 0,
	KF_NEG_MAX = 2147483647,
};

enum kf_u32 {
	KF_U32_ZERO = 0,
	KF_U32_HIGH = 0x80000000U,
	KF_U32_ALL = 0xffffffffU,
};

enum kf_big {
	KF_BIG_ZERO = 0,
	KF_BIG_HIGH = 0x8000000000000000ULL,
	KF_BIG_ALL = 0xffffffffffffffffULL,
};

enum kf_big_signed {
	KF_BIGS_MIN = -9223372036854775807LL - 1,
	KF_BIGS_MINUS = -5,
	KF_BIGS_MAX = 9223372036854775807LL,
};

enum kf_small {
	KF_SMALL_A = 1,
	KF_SMALL_B = 200,
} __attribute__((packed));

enum kf_onebyte {
	KF_ONE_INVALID = -1,
	KF_ONE_127 = 127,
	KF_ONE_128 = 128,
	KF_ONE_225 = 225,
	KF_ONE_236 = 236,
	KF_ONE_32768 = 32768,
};

struct kf_enums {
	enum kf_neg n;
	enum kf_u32 u;
	enum kf_big b;
	enum kf_big_signed bs;
	enum kf_small sm;
	enum kf_onebyte one;
};

/* Function pointers returning function pointers, arrays of function
 * pointers, pointer to array. */
typedef int (*kf_handler_t)(void *, long);

struct kf_funcs {
	/* returns a pointer to a function (int) returning int */
	int (*(*factory)(const char *))(int);
	/* returns a pointer to a function returning a pointer to a function */
	void (*(*(*deep)(void))(int))(long);
	void (*table[4])(int, char *);
	int (*parr)[8];			/* pointer to an array of 8 int */
	char (*(*parr_of_ptrs)[2])[3];	/* pointer to array of 2 pointers to char[3] */
	kf_handler_t handlers[2];
	void (*variadic)(const char *, ...);
	int (*noproto)();
};

/* A two-dimensional array of function pointers. */
struct kf_fn_matrix {
	int (*matrix[2][3])(void);
	char after;
};

/* const/volatile placement. */
struct kf_cv {
	const char *ptr_to_const;
	char *const const_ptr;
	const char *const const_ptr_to_const;
	volatile int vol;
	volatile unsigned long *ptr_to_volatile;
	int *volatile volatile_ptr;
	const volatile short cv;
	const int carr[2];
	struct kf_cv *const *restrict rptr;
};

/* Self-referential structs, and two that refer to each other. */
struct kf_node {
	struct kf_node *next;
	struct kf_node **pprev;
	struct kf_node *children[2];
	struct kf_peer *peer;
	int value;
};

struct kf_peer {
	struct kf_node *node;
	struct kf_peer *self;
};

/* An enum only declared (a GNU extension), as enum nf_nat_manip_type is in
 * the kernel: DWARF has a declaration, BTF an enum without enumerators. */
enum kf_declared;

/* Other members: an enum and a _Bool bitfield, a pointer to a struct never
 * defined, a pointer to an enum only declared, a struct defined inside
 * another, an array of structs, a typedef of an anonymous struct. */
struct kf_misc {
	enum kf_small esmall : 8;
	_Bool flag : 1;
	struct kf_opaque *opaque;
	enum kf_declared *declared;
	struct kf_inner {
		int x;
		short y[3];
	} inner;
	struct kf_inner inners[2];
};

typedef struct {
	int a;
	char b;
} kf_anon_typedef_t;

/* Defined again, with another layout, in fixture2.c. */
struct kf_twice {
	int a;
	long b;
};

struct kf_bits kf_bits_var;
union kf_bits_union kf_bits_union_var;
struct kf_packed_bits kf_packed_bits_var;
struct kf_anon kf_anon_var;
struct kf_flex *kf_flex_var;
struct kf_zero kf_zero_var;
struct kf_multi kf_multi_var;
struct kf_enums kf_enums_var;
struct kf_funcs kf_funcs_var;
struct kf_cv *kf_cv_var;
struct kf_node kf_node_var;
struct kf_peer kf_peer_var;
struct kf_fn_matrix kf_fn_matrix_var;
struct kf_misc kf_misc_var;
kf_anon_typedef_t kf_anon_typedef_var;
struct kf_twice kf_twice_var;

int kf_func(struct kf_node *n, const char *s)
{
	return n->value + s[0];
}

/* Types defined only inside a function body, as struct syscall_tp_t is in
 * perf_call_bpf_enter and enum slab_modes in deactivate_slab: a CU's top
 * level does not have them; a nested block, and a nested one at that. */
int kf_local_fn(int x)
{
	struct kf_local { long ret; int nr; } t = { x, 1 };
	enum kf_local_mode { KF_LM_A = 3, KF_LM_B = 300 } m = KF_LM_B;
	typedef unsigned short kf_local_t;

	{
		union kf_local_u { int i; char c[8]; } u;
		kf_local_t s = 2;

		u.i = x;
		if (x > 1) {
			struct kf_local_deep { char tag; short v[2]; } d = { 1, { 2, 3 } };

			return d.v[1] + d.tag;
		}
		return (int)t.ret + t.nr + m + u.c[1] + s;
	}
}

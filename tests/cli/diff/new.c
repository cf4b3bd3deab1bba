/* New side of the synthetic pair: see old.c. */
typedef int myint;
typedef int base_t;
union k1 { int a; };
struct s_shrink { long a; };
struct s_grow { int a; int b; };
struct s_pad { int a; char c; char d; long b; };
struct s_ins { int a; int x; int b; };
struct s_ren { int a; int bb; };
struct s_type { int a; unsigned long b; };
struct s_same { myint a; };
struct s_bits { unsigned a:4, b:5; };
struct ops { int (*op)(long); };
struct inner { int a; long x; int b; };
struct outer { struct inner in; int z; };
struct fresh { int a; };
enum e_add { EA0, EA1, EA2 };
enum e_rm { ER0, ER1 };
enum e_chg { EC0 = 2 };
typedef long td_change;
typedef base_t td_same;
union k1 g1; struct s_shrink g2; struct s_grow g3; struct s_pad g4; struct s_ins g5;
struct s_ren g7; struct s_type g8; struct s_same g9; struct s_bits g11;
struct ops g12; struct outer g13; struct fresh g14; enum e_add g15; enum e_rm g16;
enum e_chg g17; td_change g18; td_same g19; myint g20; base_t g21;
long f_ret(int x) { return x; }
int f_padd(int x, int y) { return x + y; }
int f_prm(int x) { return x; }
int f_pchg(long x) { return x; }
int f_fresh(int x) { return x; }

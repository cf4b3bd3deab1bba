/* Old side of the synthetic pair: one type or function per change class. */
typedef int myint;
typedef int base_t;
struct k1 { int a; };
struct s_shrink { long a; long b; };
struct s_grow { int a; };
struct s_pad { int a; char c; long b; };
struct s_ins { int a; int b; };
struct s_ren { int a; int b; };
struct s_type { int a; long b; };
struct s_same { int a; };
struct s_bits { unsigned a:3, b:5; };
struct ops { int (*op)(int); };
struct inner { int a; int b; };
struct outer { struct inner in; int z; };
struct gone { int a; };
enum e_add { EA0, EA1 };
enum e_rm { ER0, ER1, ER2 };
enum e_chg { EC0 = 1 };
typedef int td_change;
typedef int td_same;
struct k1 g1; struct s_shrink g2; struct s_grow g3; struct s_pad g4; struct s_ins g5;
struct s_ren g7; struct s_type g8; struct s_same g9; struct s_bits g11;
struct ops g12; struct outer g13; struct gone g14; enum e_add g15; enum e_rm g16;
enum e_chg g17; td_change g18; td_same g19; myint g20; base_t g21;
int f_ret(int x) { return x; }
int f_padd(int x) { return x; }
int f_prm(int x, int y) { return x + y; }
int f_pchg(int x) { return x; }
int f_gone(int x) { return x; }

/* Many runs' draws in one call, each run on its own generator: the engine's fast path.
 *
 * Run r's generator is exactly numpy's
 *     Generator(PCG64(SeedSequence([seed, r])))
 * (SeedSequence's hash and PCG64's seeding are re-done here), and every draw calls the
 * very function numpy's Generator calls (libnpyrandom, shipped with numpy) in the same
 * order as simulator/engine/streams.py's draw_run.  So a run's numbers are the same
 * whether it is drawn here or by draw_run, alone or with any other runs: this file only
 * removes the Python work per run.  tests/simulator/test_batch.py checks it run by run.
 *
 * Built by simulator/engine/native.py with the system C compiler; without one the engine
 * draws run by run with numpy instead.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct bitgen {
  void *state;
  uint64_t (*next_uint64)(void *st);
  uint32_t (*next_uint32)(void *st);
  double (*next_double)(void *st);
  uint64_t (*next_raw)(void *st);
} bitgen_t;

/* numpy/random/distributions.h (it includes Python.h, which this file does not need) */
typedef struct s_binomial_t {
  int has_binomial;
  double psave;
  int64_t nsave;
  double r;
  double q;
  double fm;
  int64_t m;
  double p1;
  double xm;
  double xl;
  double xr;
  double c;
  double laml;
  double lamr;
  double p2;
  double p3;
  double p4;
} binomial_t;

extern double random_gamma(bitgen_t *bitgen_state, double shape, double scale);
extern int64_t random_poisson(bitgen_t *bitgen_state, double lam);
extern int64_t random_binomial_btpe(bitgen_t *bitgen_state, int64_t n, double p, binomial_t *binomial);
extern void random_standard_uniform_fill(bitgen_t *bitgen_state, ptrdiff_t cnt, double *out);
extern double random_exponential(bitgen_t *bitgen_state, double scale);

/* ---- Binomial draws, numpy's random_binomial with its inversion's set-up remembered ----
 *
 * numpy's random_binomial_inversion recomputes exp, log1p and sqrt whenever n or p changes,
 * which here is nearly every call (each day has its own n).  The same values, computed by
 * the same expressions, are kept per p in a table by n: the numbers drawn are unchanged.
 * BTPE (n * p > 30) is numpy's own function.  binomial() and multinomial() follow numpy's
 * random_binomial and random_multinomial line by line. */

#define TAB_N 2048

typedef struct {
  double p, q, lq;
  uint32_t gen;
  uint32_t stamp[TAB_N];
  double qn[TAB_N];
  int64_t bound[TAB_N];
} inv_slot;

static int64_t inversion(bitgen_t *bg, int64_t n, double p, inv_slot *s) {
  double q, qn, px, U;
  int64_t X, bound;
  if (s->gen == 0 || s->p != p) {
    s->p = p;
    s->q = 1.0 - p;
    s->lq = log1p(-p);
    s->gen++;
  }
  q = s->q;
  if (n < TAB_N && s->stamp[n] == s->gen) {
    qn = s->qn[n];
    bound = s->bound[n];
  } else {
    double np, x;
    qn = exp(n * s->lq);
    np = n * p;
    x = np + 10.0 * sqrt(np * q + 1);
    bound = (int64_t)((n < x) ? n : x);
    if (n < TAB_N) {
      s->stamp[n] = s->gen;
      s->qn[n] = qn;
      s->bound[n] = bound;
    }
  }
  X = 0;
  px = qn;
  U = bg->next_double(bg->state);
  while (U > px) {
    X++;
    if (X > bound) {
      X = 0;
      px = qn;
      U = bg->next_double(bg->state);
    } else {
      U -= px;
      px = ((n - X + 1) * p * px) / (X * q);
    }
  }
  return X;
}

static int64_t binomial(bitgen_t *bg, double p, int64_t n, binomial_t *b, inv_slot *s) {
  double q;
  if ((n == 0LL) || (p == 0.0f)) return 0;
  if (p <= 0.5) {
    if (p * n <= 30.0) return inversion(bg, n, p, s);
    return random_binomial_btpe(bg, n, p, b);
  }
  q = 1.0 - p;
  if (q * n <= 30.0) return n - inversion(bg, n, q, s);
  return n - random_binomial_btpe(bg, n, q, b);
}

static void multinomial(bitgen_t *bg, int64_t n, int64_t *mnix, const double *pix, int64_t d, binomial_t *b,
                        inv_slot *slots) {
  double remaining_p = 1.0;
  int64_t dn = n;
  for (int64_t j = 0; j < (d - 1); j++) {
    mnix[j] = binomial(bg, pix[j] / remaining_p, dn, b, slots + j);
    dn = dn - mnix[j];
    if (dn <= 0) break;
    remaining_p -= pix[j];
  }
  if (dn > 0) mnix[d - 1] = dn;
}

/* ---- PCG64 (numpy/random/src/pcg64) ---- */

typedef __uint128_t u128;

typedef struct {
  u128 state;
  u128 inc;
  int has_uint32;
  uint32_t uinteger;
} pcg64_t;

#define PCG_MULT (((u128)2549297995355413924ULL << 64) + 4865540595714422341ULL)

static inline uint64_t pcg_next64(void *st) {
  pcg64_t *s = (pcg64_t *)st;
  s->state = s->state * PCG_MULT + s->inc;
  uint64_t v = (uint64_t)(s->state >> 64) ^ (uint64_t)s->state;
  unsigned rot = (unsigned)(s->state >> 122);
  return (v >> rot) | (v << ((-rot) & 63));
}

static uint32_t pcg_next32(void *st) {
  pcg64_t *s = (pcg64_t *)st;
  if (s->has_uint32) {
    s->has_uint32 = 0;
    return s->uinteger;
  }
  uint64_t next = pcg_next64(st);
  s->has_uint32 = 1;
  s->uinteger = (uint32_t)(next >> 32);
  return (uint32_t)(next & 0xffffffff);
}

static double pcg_next_double(void *st) { return (double)(pcg_next64(st) >> 11) * (1.0 / 9007199254740992.0); }

static void pcg_seed(pcg64_t *s, u128 initstate, u128 initseq) {
  s->state = 0;
  s->inc = (initseq << 1) | 1;
  pcg_next64(s);
  s->state += initstate;
  pcg_next64(s);
  s->has_uint32 = 0;
  s->uinteger = 0;
}

/* ---- SeedSequence (numpy/random/bit_generator.pyx), pool size 4, no spawn key ---- */

#define INIT_A 0x43b0d7e5u
#define MULT_A 0x931e8875u
#define INIT_B 0x8b51f9ddu
#define MULT_B 0x58f38dedu
#define MIX_MULT_L 0xca01f9ddu
#define MIX_MULT_R 0x4973f715u
#define POOL 4

static inline uint32_t hashmix(uint32_t value, uint32_t *hash_const) {
  value ^= *hash_const;
  *hash_const *= MULT_A;
  value *= *hash_const;
  value ^= value >> 16;
  return value;
}

static inline uint32_t mix(uint32_t x, uint32_t y) {
  uint32_t result = MIX_MULT_L * x - MIX_MULT_R * y;
  result ^= result >> 16;
  return result;
}

/* The PCG64 seeded from SeedSequence(entropy): entropy is n uint32 words. */
static void seed_from_entropy(pcg64_t *s, const uint32_t *entropy, int n) {
  uint32_t pool[POOL];
  uint32_t hash_const = INIT_A;
  for (int i = 0; i < POOL; i++) pool[i] = hashmix(i < n ? entropy[i] : 0u, &hash_const);
  for (int src = 0; src < POOL; src++)
    for (int dst = 0; dst < POOL; dst++)
      if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src], &hash_const));
  for (int src = POOL; src < n; src++)
    for (int dst = 0; dst < POOL; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src], &hash_const));
  /* generate_state(4, uint64): 8 uint32 words, read as little-endian uint64 pairs */
  uint32_t words[8];
  uint32_t hc = INIT_B;
  for (int i = 0; i < 8; i++) {
    uint32_t v = pool[i % POOL];
    v ^= hc;
    hc *= MULT_B;
    v *= hc;
    v ^= v >> 16;
    words[i] = v;
  }
  uint64_t val[4];
  for (int i = 0; i < 4; i++) val[i] = (uint64_t)words[2 * i] | ((uint64_t)words[2 * i + 1] << 32);
  pcg_seed(s, ((u128)val[0] << 64) | val[1], ((u128)val[2] << 64) | val[3]);
}

/* A run's generator state between the two calls: 6 words (state, inc, the buffered 32 bits). */
static void save(const pcg64_t *s, uint64_t *out) {
  out[0] = (uint64_t)(s->state >> 64);
  out[1] = (uint64_t)s->state;
  out[2] = (uint64_t)(s->inc >> 64);
  out[3] = (uint64_t)s->inc;
  out[4] = (uint64_t)s->has_uint32;
  out[5] = (uint64_t)s->uinteger;
}

static void load(pcg64_t *s, const uint64_t *in) {
  s->state = ((u128)in[0] << 64) | in[1];
  s->inc = ((u128)in[2] << 64) | in[3];
  s->has_uint32 = (int)in[4];
  s->uinteger = (uint32_t)in[5];
}

static void bind(bitgen_t *bg, pcg64_t *s) {
  bg->state = s;
  bg->next_uint64 = pcg_next64;
  bg->next_uint32 = pcg_next32;
  bg->next_double = pcg_next_double;
  bg->next_raw = pcg_next64;
}

/* Seed a generator per run: entropy is [seed words..., run] for runs first_run .. first_run + n_runs - 1. */
void seed_runs(const uint32_t *seed_words, int n_seed_words, int64_t first_run, int64_t n_runs,
               uint64_t *states) {
  uint32_t entropy[64];
  int n = n_seed_words < 63 ? n_seed_words : 63;
  memcpy(entropy, seed_words, (size_t)n * sizeof(uint32_t));
  for (int64_t r = 0; r < n_runs; r++) {
    pcg64_t s;
    entropy[n] = (uint32_t)(first_run + r); /* a run number fits one word: SeedSequence's coercion */
    seed_from_entropy(&s, entropy, n + 1);
    save(&s, states + 6 * r);
  }
}

/* Raw 64-bit outputs of each run's generator (for the tests: compare with numpy's random_raw). */
void raw_runs(uint64_t *states, int64_t n_runs, int64_t n, uint64_t *out) {
  for (int64_t r = 0; r < n_runs; r++) {
    pcg64_t s;
    load(&s, states + 6 * r);
    for (int64_t i = 0; i < n; i++) out[r * n + i] = pcg_next64(&s);
    save(&s, states + 6 * r);
  }
}

/* The per-day draws of draw_run, per run.  out holds 11 blocks of (n_runs, span) int64:
 * orders, mfn, direct_mfn, direct_afn, late, neg_plain_on_time, neg_plain_late, neg_afn,
 * neg_direct_mfn, neg_direct_afn, neg_unconfirmed; split is (n_runs, span, d), zeroed.
 * fig: cv > 0 flag, gamma shape, gamma scale, mfn_share, direct_rate, late_rate,
 * p_fulfilled, p_late, p_direct, p_unconfirmed. */
int draw_days(uint64_t *states, int64_t n_runs, int64_t span, int64_t d, const double *lam,
               const double *probs, const double *fig, double *lam_run, int64_t *out, int64_t *split) {
  const int64_t block = n_runs * span;
  /* one table per binomial's p: the 10 below, then one per multinomial category */
  inv_slot *t = calloc((size_t)(10 + d), sizeof(inv_slot));
  if (t == NULL) return -1;
  inv_slot *cat = t + 10;
  for (int64_t r = 0; r < n_runs; r++) {
    pcg64_t s;
    bitgen_t bg;
    binomial_t b;
    memset(&b, 0, sizeof b);
    load(&s, states + 6 * r);
    bind(&bg, &s);
    int64_t *orders = out + 0 * block + r * span, *mfn = out + 1 * block + r * span;
    int64_t *dm = out + 2 * block + r * span, *da = out + 3 * block + r * span;
    int64_t *late = out + 4 * block + r * span, *neg_ot = out + 5 * block + r * span;
    int64_t *neg_late = out + 6 * block + r * span, *neg_afn = out + 7 * block + r * span;
    int64_t *neg_dm = out + 8 * block + r * span, *neg_da = out + 9 * block + r * span;
    int64_t *neg_unc = out + 10 * block + r * span;
    int64_t *sp = split + r * span * d;
    if (fig[0] > 0) {
      for (int64_t i = 0; i < span; i++) lam_run[i] = random_gamma(&bg, fig[1], fig[2]);
      for (int64_t i = 0; i < span; i++) lam_run[i] = lam[i] * lam_run[i];
    } else {
      for (int64_t i = 0; i < span; i++) lam_run[i] = lam[i];
    }
    for (int64_t i = 0; i < span; i++) orders[i] = random_poisson(&bg, lam_run[i]);
    for (int64_t i = 0; i < span; i++) mfn[i] = binomial(&bg, fig[3], orders[i], &b, t + 0);
    for (int64_t i = 0; i < span; i++) dm[i] = binomial(&bg, fig[4], mfn[i], &b, t + 1);
    for (int64_t i = 0; i < span; i++) da[i] = binomial(&bg, fig[4], orders[i] - mfn[i], &b, t + 2);
    for (int64_t i = 0; i < span; i++)
      multinomial(&bg, mfn[i] - dm[i], sp + i * d, probs + i * d, d, &b, cat);
    /* split's last two columns: unconfirmed, plain */
    for (int64_t i = 0; i < span; i++) late[i] = binomial(&bg, fig[5], sp[i * d + d - 1], &b, t + 3);
    for (int64_t i = 0; i < span; i++)
      neg_ot[i] = binomial(&bg, fig[6], sp[i * d + d - 1] - late[i], &b, t + 4);
    for (int64_t i = 0; i < span; i++) neg_late[i] = binomial(&bg, fig[7], late[i], &b, t + 5);
    for (int64_t i = 0; i < span; i++)
      neg_afn[i] = binomial(&bg, fig[6], orders[i] - mfn[i] - da[i], &b, t + 6);
    for (int64_t i = 0; i < span; i++) neg_dm[i] = binomial(&bg, fig[8], dm[i], &b, t + 7);
    for (int64_t i = 0; i < span; i++) neg_da[i] = binomial(&bg, fig[8], da[i], &b, t + 8);
    for (int64_t i = 0; i < span; i++) neg_unc[i] = binomial(&bg, fig[9], sp[i * d + d - 2], &b, t + 9);
    save(&s, states + 6 * r);
  }
  free(t);
  return 0;
}

/* The per-incident draws of draw_run: run r's incidents are offsets[r] .. offsets[r + 1] - 1.
 * u holds 6 blocks of n_total doubles: u_request, t_request, u_quick, u_feedback, u_late, u_kind.
 * Each incident's run, day and situation go to where (3 blocks of n_total), read off split
 * (n_runs, span, d: its first d - 2 columns are the incidents per situation). */
void draw_incidents(uint64_t *states, int64_t n_runs, const int64_t *offsets, double request_hours,
                    int64_t n_total, double *u, const int64_t *split, int64_t span, int64_t d, int64_t *where) {
  for (int64_t r = 0; r < n_runs; r++) {
    pcg64_t s;
    bitgen_t bg;
    load(&s, states + 6 * r);
    bind(&bg, &s);
    int64_t a = offsets[r], n = offsets[r + 1] - offsets[r];
    random_standard_uniform_fill(&bg, n, u + a);
    for (int64_t i = 0; i < n; i++) u[n_total + a + i] = random_exponential(&bg, request_hours);
    for (int k = 2; k < 6; k++) random_standard_uniform_fill(&bg, n, u + k * n_total + a);
    save(&s, states + 6 * r);
    int64_t at = a;
    for (int64_t day = 0; day < span; day++)
      for (int64_t sit = 0; sit < d - 2; sit++)
        for (int64_t c = split[(r * span + day) * d + sit]; c > 0; c--, at++) {
          where[at] = r;
          where[n_total + at] = day;
          where[2 * n_total + at] = sit;
        }
  }
}

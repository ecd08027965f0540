/*
 * tlsbench: the TLS scenarios of jossl's TlsBenchmark written directly against libssl, as the
 * baseline jossl is measured against. One process, one thread, client and server over memory BIOs,
 * the same loop as the Java side (org.jossl.bench.tls.EnginePair):
 *
 *   handshake: client step, move client->server bytes, server step, move server->client bytes,
 *              until both ends are done; then free both (resumption: first read the ticket);
 *   bulk:      SSL_write_ex of 16 KiB, move, SSL_read_ex of 16 KiB.
 *
 * Usage: tlsbench PKI_DIR [--warmup N] [--iterations N] [--time SECONDS] [SCENARIO...]
 *        tlsbench PKI_DIR --serve    (one measured slice per "SCENARIO SECONDS" line on stdin)
 * PKI_DIR is what org.jossl.bench.tls.Pki wrote (ecdsa/ and rsa/, each ca.pem, server.pem,
 * server.key). Prints one JSON line per scenario: the median over the measured iterations of
 * operations per wall-clock second and per CPU second of the process (and MB/s = ops/s * 16384 /
 * 1e6 for bulk), every iteration's values, what was negotiated and the bytes each end sent.
 *
 * Built by bin/bench-c against the libssl jossl loads (JOSSL_OPENSSL honoured).
 */
#define _POSIX_C_SOURCE 200809L
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECORD (16 * 1024)
#define NET_BUFFER (17 * 1024)

enum kind { FULL, RESUMED, BULK };

struct scenario {
  const char *id;
  int tls13;
  const char *keys;
  const char *cipher;
  enum kind kind;
};

/* The same table as org.jossl.bench.tls.Scenario. */
static const struct scenario SCENARIOS[] = {
    {"tls13-ecdsa-full", 1, "ecdsa", "TLS_AES_128_GCM_SHA256", FULL},
    {"tls13-rsa-full", 1, "rsa", "TLS_AES_128_GCM_SHA256", FULL},
    {"tls13-ecdsa-resumed", 1, "ecdsa", "TLS_AES_128_GCM_SHA256", RESUMED},
    {"tls12-ecdsa-full", 0, "ecdsa", "ECDHE-ECDSA-AES128-GCM-SHA256", FULL},
    {"bulk-aes128gcm", 1, "ecdsa", "TLS_AES_128_GCM_SHA256", BULK},
    {"bulk-aes256gcm", 1, "ecdsa", "TLS_AES_256_GCM_SHA384", BULK},
    {"bulk-chacha20poly1305", 1, "ecdsa", "TLS_CHACHA20_POLY1305_SHA256", BULK},
};
#define NSCENARIOS (sizeof SCENARIOS / sizeof SCENARIOS[0])

struct bench {
  const struct scenario *sc;
  SSL_CTX *client_ctx;
  SSL_CTX *server_ctx;
  SSL *client; /* bulk: the established pair */
  SSL *server;
  SSL_SESSION *session; /* resumption: the newest ticket */
  long client_bytes;
  long server_bytes;
  unsigned char net[NET_BUFFER];
  unsigned char data[RECORD];
  unsigned char in[RECORD];
};

static void die(const char *what) {
  fprintf(stderr, "tlsbench: %s\n", what);
  ERR_print_errors_fp(stderr);
  exit(1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int tickets(const struct scenario *sc) { return sc->kind == RESUMED ? 1 : 0; }

/* As jossl's Context: TLS_method, pyOpenSSL's modes; then the scenario's settings. */
static SSL_CTX *context(const struct scenario *sc) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_method());
  if (ctx == NULL) die("SSL_CTX_new");
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  int v = sc->tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (!SSL_CTX_set_min_proto_version(ctx, v) || !SSL_CTX_set_max_proto_version(ctx, v))
    die("protocol version");
  if (sc->tls13 ? !SSL_CTX_set_ciphersuites(ctx, sc->cipher)
                : !SSL_CTX_set_cipher_list(ctx, sc->cipher))
    die("cipher");
  /* TLS 1.2: P-256 listed too, it says which ECDSA certificates the client takes (RFC 8422). */
  if (!SSL_CTX_set1_groups_list(ctx, sc->tls13 ? "X25519" : "X25519:P-256")) die("groups");
  return ctx;
}

static void contexts(struct bench *b, const char *pki) {
  const struct scenario *sc = b->sc;
  char path[4096];
  b->server_ctx = context(sc);
  snprintf(path, sizeof path, "%s/%s/server.pem", pki, sc->keys);
  if (SSL_CTX_use_certificate_file(b->server_ctx, path, SSL_FILETYPE_PEM) != 1) die(path);
  snprintf(path, sizeof path, "%s/%s/server.key", pki, sc->keys);
  if (SSL_CTX_use_PrivateKey_file(b->server_ctx, path, SSL_FILETYPE_PEM) != 1) die(path);
  SSL_CTX_set_session_cache_mode(b->server_ctx, SSL_SESS_CACHE_OFF);
  if (tickets(sc) == 0) SSL_CTX_set_options(b->server_ctx, SSL_OP_NO_TICKET);
  if (SSL_CTX_set_num_tickets(b->server_ctx, tickets(sc)) != 1) die("num_tickets");

  b->client_ctx = context(sc);
  snprintf(path, sizeof path, "%s/%s/ca.pem", pki, sc->keys);
  if (SSL_CTX_load_verify_locations(b->client_ctx, path, NULL) != 1) die(path);
  SSL_CTX_set_verify(b->client_ctx, SSL_VERIFY_PEER, NULL);
}

/* As jossl's TlsEngine.create: two memory BIOs that say "retry" when empty. */
static SSL *new_ssl(SSL_CTX *ctx, int server) {
  SSL *s = SSL_new(ctx);
  BIO *in = BIO_new(BIO_s_mem());
  BIO *out = BIO_new(BIO_s_mem());
  if (s == NULL || in == NULL || out == NULL) die("SSL_new/BIO_new");
  BIO_set_mem_eof_return(in, -1);
  BIO_set_mem_eof_return(out, -1);
  SSL_set_bio(s, in, out);
  SSL_set_mode(s, SSL_MODE_AUTO_RETRY);
  if (server)
    SSL_set_accept_state(s);
  else
    SSL_set_connect_state(s);
  return s;
}

/* As jossl's TlsEngine.close: a finished connection freed without close_notify keeps its
 * session resumable. */
static void free_ssl(SSL *s) {
  if (SSL_is_init_finished(s)) SSL_set_shutdown(s, SSL_get_shutdown(s) | SSL_SENT_SHUTDOWN);
  SSL_free(s);
}

static int step(SSL *s) {
  ERR_clear_error();
  int r = SSL_do_handshake(s);
  if (r == 1) return 1;
  if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ) die("handshake failed");
  return 0;
}

/* Everything `from` has for the peer: BIO_read, then BIO_write into the peer's inbound BIO. */
static long move(struct bench *b, SSL *from, SSL *to) {
  long total = 0;
  int n;
  while ((n = BIO_read(SSL_get_wbio(from), b->net, NET_BUFFER)) > 0) {
    if (BIO_write(SSL_get_rbio(to), b->net, n) != n) die("BIO_write");
    total += n;
  }
  return total;
}

static int handshake(struct bench *b, SSL *c, SSL *s) {
  int client_done = 0, server_done = 0, rounds = 0;
  while (!(client_done && server_done)) {
    if (++rounds > 10) die("handshake did not finish");
    if (!client_done) client_done = step(c);
    b->client_bytes += move(b, c, s);
    if (!server_done) server_done = step(s);
    b->server_bytes += move(b, s, c);
  }
  return rounds;
}

struct probe {
  char protocol[32];
  char cipher[64];
  int resumed;
};

static long handshake_once(struct bench *b, struct probe *p) {
  SSL *c = new_ssl(b->client_ctx, 0);
  SSL *s = new_ssl(b->server_ctx, 1);
  if (b->session != NULL && SSL_set_session(c, b->session) != 1) die("SSL_set_session");
  int rounds = handshake(b, c, s);
  if (b->sc->kind == RESUMED) {
    size_t n;
    ERR_clear_error();
    int r = SSL_read_ex(c, b->in, RECORD, &n);
    if (r == 1 || SSL_get_error(c, r) != SSL_ERROR_WANT_READ) die("reading the ticket");
    SSL_SESSION *next = SSL_get1_session(c);
    if (b->session != NULL) SSL_SESSION_free(b->session);
    b->session = next;
  }
  if (p != NULL) {
    snprintf(p->protocol, sizeof p->protocol, "%s", SSL_get_version(c));
    snprintf(p->cipher, sizeof p->cipher, "%s", SSL_CIPHER_get_name(SSL_get_current_cipher(c)));
    p->resumed = SSL_session_reused(c) && SSL_session_reused(s);
  }
  free_ssl(c);
  free_ssl(s);
  return rounds;
}

static long transfer(struct bench *b) {
  size_t w, r;
  ERR_clear_error();
  if (SSL_write_ex(b->client, b->data, RECORD, &w) != 1 || w != RECORD) die("SSL_write_ex");
  b->client_bytes += move(b, b->client, b->server);
  ERR_clear_error();
  if (SSL_read_ex(b->server, b->in, RECORD, &r) != 1 || r != RECORD) die("SSL_read_ex");
  return (long)r;
}

static long op(struct bench *b) {
  return b->sc->kind == BULK ? transfer(b) : handshake_once(b, NULL);
}

static void setup(struct bench *b, const struct scenario *sc, const char *pki) {
  memset(b, 0, sizeof *b);
  b->sc = sc;
  contexts(b, pki);
  if (sc->kind == RESUMED) {
    handshake_once(b, NULL);
    if (b->session == NULL) die("no session after the first handshake");
  } else if (sc->kind == BULK) {
    b->client = new_ssl(b->client_ctx, 0);
    b->server = new_ssl(b->server_ctx, 1);
    handshake(b, b->client, b->server);
  }
}

static void teardown(struct bench *b) {
  if (b->client != NULL) {
    free_ssl(b->client);
    free_ssl(b->server);
  }
  if (b->session != NULL) SSL_SESSION_free(b->session);
  SSL_CTX_free(b->client_ctx);
  SSL_CTX_free(b->server_ctx);
}

static int compare(const void *x, const void *y) {
  double a = *(const double *)x, c = *(const double *)y;
  return a < c ? -1 : a > c;
}

static double median_of(const double *v, int n) {
  double *sorted = calloc((size_t)n, sizeof *sorted);
  memcpy(sorted, v, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, compare);
  double m = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  free(sorted);
  return m;
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      printf("\\u%04x", *s);
    else
      putchar(*s);
  }
  putchar('"');
}

/* What one operation negotiated and sent, taken once after setup. */
static void take_probe(struct bench *b, struct probe *p, long *client_bytes, long *server_bytes) {
  b->client_bytes = b->server_bytes = 0;
  if (b->sc->kind == BULK) {
    transfer(b);
    snprintf(p->protocol, sizeof p->protocol, "%s", SSL_get_version(b->client));
    snprintf(p->cipher, sizeof p->cipher, "%s",
             SSL_CIPHER_get_name(SSL_get_current_cipher(b->client)));
    p->resumed = SSL_session_reused(b->client);
  } else {
    handshake_once(b, p);
  }
  *client_bytes = b->client_bytes;
  *server_bytes = b->server_bytes;
}

struct slice {
  long ops;
  double wall;
  double cpu;
};

/* Operations until `seconds` of wall-clock time have passed; the clock is read after each. */
static struct slice measure(struct bench *b, double seconds) {
  static volatile long sink;
  struct slice s = {0, 0, 0};
  double c0 = cpu_now(), t0 = now(), t;
  do {
    sink += op(b);
    s.ops++;
  } while ((t = now()) - t0 < seconds);
  s.wall = t - t0;
  s.cpu = cpu_now() - c0;
  return s;
}

static void print_probe(const struct bench *b, const struct probe *p, long cb, long sb) {
  printf(",\"protocol\":");
  json_string(p->protocol);
  printf(",\"cipher\":");
  json_string(p->cipher);
  printf(",\"resumed\":%s,\"client_bytes\":%ld,\"server_bytes\":%ld,\"app_bytes\":%d",
         p->resumed ? "true" : "false", cb, sb, b->sc->kind == BULK ? RECORD : 0);
  printf(",\"openssl\":");
  json_string(OpenSSL_version(OPENSSL_VERSION));
  printf(",\"openssl_headers\":");
  json_string(OPENSSL_VERSION_TEXT);
}

static void run(const struct scenario *sc, const char *pki, int warmup, int iterations,
                double seconds) {
  struct bench *b = calloc(1, sizeof *b);
  setup(b, sc, pki);
  struct probe p;
  long cb, sb;
  take_probe(b, &p, &cb, &sb);

  double *samples = calloc((size_t)iterations, sizeof *samples);
  double *cpu_samples = calloc((size_t)iterations, sizeof *cpu_samples);
  for (int i = 0; i < warmup + iterations; i++) {
    struct slice s = measure(b, seconds);
    if (i >= warmup) {
      samples[i - warmup] = s.ops / s.wall;
      cpu_samples[i - warmup] = s.cpu > 0 ? s.ops / s.cpu : 0;
    }
  }
  double median = median_of(samples, iterations);
  double cpu_median = median_of(cpu_samples, iterations);
  int app = sc->kind == BULK ? RECORD : 0;

  printf("{\"impl\":\"c\",\"scenario\":");
  json_string(sc->id);
  printf(",\"ops_per_s\":%.1f,\"ops_per_cpu_s\":%.1f", median, cpu_median);
  if (app) printf(",\"mb_per_s\":%.1f,\"mb_per_cpu_s\":%.1f", median * app / 1e6,
                  cpu_median * app / 1e6);
  printf(",\"samples\":[");
  for (int i = 0; i < iterations; i++) printf("%s%.1f", i ? "," : "", samples[i]);
  printf("],\"cpu_samples\":[");
  for (int i = 0; i < iterations; i++) printf("%s%.1f", i ? "," : "", cpu_samples[i]);
  printf("]");
  print_probe(b, &p, cb, sb);
  printf("}\n");
  fflush(stdout);
  free(samples);
  free(cpu_samples);
  teardown(b);
  free(b);
}

/* --serve: reads "SCENARIO SECONDS" lines and answers each with one measured slice, as JSON
 * ({"scenario":..,"ops":..,"wall_s":..,"cpu_s":..,probe fields}); each scenario is set up on its
 * first request and kept. Lets a harness interleave short slices of C with other implementations.
 */
static void serve(const char *pki) {
  struct bench *benches[NSCENARIOS] = {0};
  struct probe probes[NSCENARIOS];
  long cbs[NSCENARIOS], sbs[NSCENARIOS];
  char line[256], id[128];
  double seconds;
  while (fgets(line, sizeof line, stdin) != NULL) {
    if (sscanf(line, "%127s %lf", id, &seconds) != 2 || seconds <= 0) {
      fprintf(stderr, "tlsbench: expected 'SCENARIO SECONDS', got: %s", line);
      exit(2);
    }
    size_t i;
    for (i = 0; i < NSCENARIOS; i++)
      if (strcmp(id, SCENARIOS[i].id) == 0) break;
    if (i == NSCENARIOS) {
      fprintf(stderr, "tlsbench: unknown scenario %s\n", id);
      exit(2);
    }
    if (benches[i] == NULL) {
      benches[i] = calloc(1, sizeof *benches[i]);
      setup(benches[i], &SCENARIOS[i], pki);
      take_probe(benches[i], &probes[i], &cbs[i], &sbs[i]);
    }
    struct slice s = measure(benches[i], seconds);
    printf("{\"impl\":\"c\",\"scenario\":");
    json_string(SCENARIOS[i].id);
    printf(",\"ops\":%ld,\"wall_s\":%.9f,\"cpu_s\":%.9f", s.ops, s.wall, s.cpu);
    print_probe(benches[i], &probes[i], cbs[i], sbs[i]);
    printf("}\n");
    fflush(stdout);
  }
  for (size_t i = 0; i < NSCENARIOS; i++)
    if (benches[i] != NULL) {
      teardown(benches[i]);
      free(benches[i]);
    }
}

static void usage(void) {
  fprintf(stderr,
          "usage: tlsbench PKI_DIR [--warmup N] [--iterations N] [--time SECONDS] "
          "[--thread] [SCENARIO...]\n"
          "       tlsbench PKI_DIR --serve [--thread]   (reads 'SCENARIO SECONDS' lines)\n"
          "scenarios:");
  for (size_t i = 0; i < NSCENARIOS; i++) fprintf(stderr, " %s", SCENARIOS[i].id);
  fprintf(stderr, "\n");
  exit(2);
}

struct main_args {
  int argc;
  char **argv;
  int rc;
};

static int real_main(int argc, char **argv);

static void *thread_main(void *p) {
  struct main_args *a = p;
  a->rc = real_main(a->argc, a->argv);
  return NULL;
}

/* With --thread the work runs on a second thread, as the JVM runs Java's main method (and as a
 * server's workers run): glibc then serves OpenSSL's allocations from a per-thread arena instead
 * of the main one, which changes how often freed memory goes back to the kernel. */
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--thread") == 0) {
      struct main_args a = {argc, argv, 0};
      pthread_t t;
      if (pthread_create(&t, NULL, thread_main, &a) != 0) die("pthread_create");
      pthread_join(t, NULL);
      return a.rc;
    }
  return real_main(argc, argv);
}

static int real_main(int argc, char **argv) {
  if (argc < 2) usage();
  const char *pki = argv[1];
  int warmup = 3, iterations = 5;
  double seconds = 1.0;
  const char *wanted[NSCENARIOS + 1];
  size_t nwanted = 0;
  int serving = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--serve") == 0)
      serving = 1;
    else if (strcmp(argv[i], "--thread") == 0)
      continue;
    else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc)
      warmup = atoi(argv[++i]);
    else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
      iterations = atoi(argv[++i]);
    else if (strcmp(argv[i], "--time") == 0 && i + 1 < argc)
      seconds = atof(argv[++i]);
    else if (argv[i][0] == '-')
      usage();
    else if (nwanted < NSCENARIOS)
      wanted[nwanted++] = argv[i];
    else
      usage();
  }
  if (iterations < 1 || warmup < 0 || seconds <= 0) usage();
  for (size_t w = 0; w < nwanted; w++) {
    size_t i;
    for (i = 0; i < NSCENARIOS; i++)
      if (strcmp(wanted[w], SCENARIOS[i].id) == 0) break;
    if (i == NSCENARIOS) usage();
  }
  OPENSSL_init_ssl(0, NULL);
  if (serving) {
    serve(pki);
    return 0;
  }
  for (size_t i = 0; i < NSCENARIOS; i++) {
    int on = nwanted == 0;
    for (size_t w = 0; w < nwanted; w++) on |= strcmp(wanted[w], SCENARIOS[i].id) == 0;
    if (on) run(&SCENARIOS[i], pki, warmup, iterations, seconds);
  }
  return 0;
}

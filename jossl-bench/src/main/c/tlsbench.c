/*
 * tlsbench: the TLS scenarios of jossl's TlsBenchmark written directly against libssl, as the
 * baseline jossl is measured against. One process, one thread, client and server over memory BIOs,
 * the same loop as the Java side (org.jossl.bench.tls.EnginePair):
 *
 *   handshake: client step, move client->server bytes, server step, move server->client bytes,
 *              until both ends are done; then free both (resumption: first read the ticket);
 *   bulk:      SSL_write_ex of 16 KiB, move, SSL_read_ex of 16 KiB.
 *
 * The socket-bulk scenarios run over a loopback TCP connection instead (127.0.0.1, TCP_NODELAY,
 * SSL_set_fd on both ends, OpenSSL's default socket BIOs and modes): the server end reads 16 KiB
 * at a time on its own thread while the measuring thread writes 16 KiB records; a slice ends when
 * the server has read everything written in it. The process's CPU time counts both threads.
 *
 * Usage: tlsbench PKI_DIR [--warmup N] [--iterations N] [--time SECONDS] [SCENARIO...]
 *        tlsbench PKI_DIR --serve    (one measured slice per "SCENARIO SECONDS" line on stdin)
 *        tlsbench PKI_DIR --idle N   (malloc'ed bytes per idle connection, see idle_memory)
 *        tlsbench PKI_DIR --idle-breakdown   (those bytes per OpenSSL source line)
 * PKI_DIR is what org.jossl.bench.tls.Pki wrote (ecdsa/ and rsa/, each ca.pem, server.pem,
 * server.key). Prints one JSON line per scenario: the median over the measured iterations of
 * operations per wall-clock second and per CPU second of the process (and MB/s = ops/s * 16384 /
 * 1e6 for bulk), every iteration's values, what was negotiated and the bytes each end sent.
 *
 * Built by bin/bench-c against the libssl jossl loads (JOSSL_OPENSSL honoured).
 */
#define _GNU_SOURCE /* mallinfo2 */
#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECORD (16 * 1024)
#define NET_BUFFER (17 * 1024)

enum kind { FULL, RESUMED, BULK, SOCKET_BULK };

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
    {"socket-bulk-aes128gcm", 1, "ecdsa", "TLS_AES_128_GCM_SHA256", SOCKET_BULK},
    {"socket-bulk-chacha20poly1305", 1, "ecdsa", "TLS_CHACHA20_POLY1305_SHA256", SOCKET_BULK},
};
#define NSCENARIOS (sizeof SCENARIOS / sizeof SCENARIOS[0])

/* A loopback TCP connection whose server end reads on its own thread (socket-bulk). */
struct sock {
  int cfd, sfd;
  pthread_t reader;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  long long received; /* bytes the server end read, under mu */
  long long target;   /* wake the writer once received reaches this, under mu */
  long long sent;     /* bytes the client end wrote (writer thread only) */
  unsigned char in[RECORD];
};

struct bench {
  const struct scenario *sc;
  struct sock *sock; /* socket-bulk only */
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

/* The server end of a socket-bulk connection: handshake, then read until the connection ends. */
static void *socket_reader(void *p) {
  struct bench *b = p;
  struct sock *k = b->sock;
  if (SSL_accept(b->server) != 1) die("SSL_accept");
  for (;;) {
    size_t n;
    if (SSL_read_ex(b->server, k->in, RECORD, &n) != 1) break; /* the client end closed */
    pthread_mutex_lock(&k->mu);
    k->received += (long long)n;
    if (k->received >= k->target) pthread_cond_signal(&k->cv);
    pthread_mutex_unlock(&k->mu);
  }
  ERR_clear_error();
  return NULL;
}

/* A handshaken TLS connection over 127.0.0.1, both ends in this process. */
static void socket_setup(struct bench *b) {
  struct sock *k = calloc(1, sizeof *k);
  b->sock = k;
  pthread_mutex_init(&k->mu, NULL);
  pthread_cond_init(&k->cv, NULL);
  k->target = INT64_MAX;
  int one = 1;
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int l = socket(AF_INET, SOCK_STREAM, 0);
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0 ||
      getsockname(l, (struct sockaddr *)&a, &len) != 0)
    die("listen on 127.0.0.1");
  k->cfd = socket(AF_INET, SOCK_STREAM, 0);
  if (k->cfd < 0 || connect(k->cfd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  k->sfd = accept(l, NULL, NULL);
  if (k->sfd < 0) die("accept");
  close(l);
  setsockopt(k->cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(k->sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  b->client = SSL_new(b->client_ctx);
  b->server = SSL_new(b->server_ctx);
  if (b->client == NULL || b->server == NULL || !SSL_set_fd(b->client, k->cfd) ||
      !SSL_set_fd(b->server, k->sfd))
    die("SSL_new/SSL_set_fd");
  if (pthread_create(&k->reader, NULL, socket_reader, b) != 0) die("pthread_create");
  if (SSL_connect(b->client) != 1) die("SSL_connect");
}

/* One 16 KiB record from the client end; the reader thread takes it. */
static long socket_write(struct bench *b) {
  size_t w;
  ERR_clear_error();
  if (SSL_write_ex(b->client, b->data, RECORD, &w) != 1 || w != RECORD) die("SSL_write_ex");
  b->sock->sent += (long long)w;
  return (long)w;
}

/* Waits until the server end has read everything the client end wrote. */
static void socket_catch_up(struct bench *b) {
  struct sock *k = b->sock;
  pthread_mutex_lock(&k->mu);
  k->target = k->sent;
  while (k->received < k->target) pthread_cond_wait(&k->cv, &k->mu);
  k->target = INT64_MAX;
  pthread_mutex_unlock(&k->mu);
}

static void socket_teardown(struct bench *b) {
  struct sock *k = b->sock;
  shutdown(k->cfd, SHUT_RDWR); /* the reader's SSL_read_ex fails and it ends */
  pthread_join(k->reader, NULL);
  close(k->cfd);
  close(k->sfd);
  pthread_mutex_destroy(&k->mu);
  pthread_cond_destroy(&k->cv);
  free(k);
  b->sock = NULL;
}

static long op(struct bench *b) {
  if (b->sc->kind == SOCKET_BULK) return socket_write(b);
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
  } else if (sc->kind == SOCKET_BULK) {
    socket_setup(b);
  }
}

static void teardown(struct bench *b) {
  if (b->sock != NULL) socket_teardown(b);
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
  if (b->sc->kind == SOCKET_BULK) {
    /* the bytes one record puts on the wire, as the socket BIO counts them */
    uint64_t before = BIO_number_written(SSL_get_wbio(b->client));
    socket_write(b);
    socket_catch_up(b);
    b->client_bytes = (long)(BIO_number_written(SSL_get_wbio(b->client)) - before);
    snprintf(p->protocol, sizeof p->protocol, "%s", SSL_get_version(b->client));
    snprintf(p->cipher, sizeof p->cipher, "%s",
             SSL_CIPHER_get_name(SSL_get_current_cipher(b->client)));
    p->resumed = SSL_session_reused(b->client);
  } else if (b->sc->kind == BULK) {
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
  if (b->sc->kind == SOCKET_BULK) {
    socket_catch_up(b);
    t = now();
  }
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
         p->resumed ? "true" : "false", cb, sb, b->sc->kind == BULK || b->sc->kind == SOCKET_BULK ? RECORD : 0);
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
  int app = sc->kind == BULK || sc->kind == SOCKET_BULK ? RECORD : 0;

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

/* Bytes glibc's malloc has handed out (all arenas), or -1 without mallinfo2 (glibc < 2.33). */
static long malloc_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 m = mallinfo2();
  return (long)(m.uordblks + m.hblkhd);
#else
  return -1;
#endif
}

/* A connection pair as an idle one is measured: handshaken, having carried 64 bytes each way. */
static void idle_pair(struct bench *b, SSL **client, SSL **server) {
  size_t done;
  SSL *c = new_ssl(b->client_ctx, 0);
  SSL *s = new_ssl(b->server_ctx, 1);
  handshake(b, c, s);
  ERR_clear_error();
  if (SSL_write_ex(c, b->data, 64, &done) != 1) die("SSL_write_ex");
  move(b, c, s);
  if (SSL_read_ex(s, b->in, 64, &done) != 1) die("SSL_read_ex");
  if (SSL_write_ex(s, b->data, 64, &done) != 1) die("SSL_write_ex");
  move(b, s, c);
  if (SSL_read_ex(c, b->in, 64, &done) != 1) die("SSL_read_ex");
  *client = c;
  *server = s;
}

/* --idle N: what OpenSSL itself keeps per idle connection, the floor under any library built on
 * it. N connection pairs of tls13-ecdsa-full's configuration over memory BIOs (as jossl's engine),
 * each handshaken and having carried 64 bytes each way, are kept; the growth of malloc's in-use
 * bytes is split into the client ends' share (what freeing them gives back) and the servers'.
 * Twice: with the contexts as above, and with SSL_MODE_RELEASE_BUFFERS (Python's ssl and jossl's
 * SslContext set it: record buffers are freed while empty). */
static void idle_memory(const char *pki, int n) {
  const struct scenario *sc = &SCENARIOS[0];
  printf("{\"impl\":\"c\",\"scenario\":\"idle-tls13-ecdsa\",\"connections\":%d", n);
  for (int release = 0; release < 2; release++) {
    struct bench *b = calloc(1, sizeof *b);
    b->sc = sc;
    contexts(b, pki);
    if (release) {
      SSL_CTX_set_mode(b->client_ctx, SSL_MODE_RELEASE_BUFFERS);
      SSL_CTX_set_mode(b->server_ctx, SSL_MODE_RELEASE_BUFFERS);
    }
    SSL **clients = calloc((size_t)n, sizeof *clients);
    SSL **servers = calloc((size_t)n, sizeof *servers);
    long before = 0;
    for (int i = -1; i < n; i++) {
      if (i == 0) before = malloc_in_use(); /* the first pair settles lazily made state */
      SSL *c, *s;
      idle_pair(b, &c, &s);
      if (i < 0) {
        free_ssl(c);
        free_ssl(s);
      } else {
        clients[i] = c;
        servers[i] = s;
      }
    }
    long all = malloc_in_use();
    for (int i = 0; i < n; i++) free_ssl(clients[i]);
    long servers_only = malloc_in_use();
    for (int i = 0; i < n; i++) free_ssl(servers[i]);
    const char *suffix = release ? "_release_buffers" : "";
    printf(",\"client_bytes%s\":%.0f,\"server_bytes%s\":%.0f", suffix,
           (all - servers_only) / (double)n, suffix, (servers_only - before) / (double)n);
    free(clients);
    free(servers);
    teardown(b);
    free(b);
  }
  printf(",\"openssl\":");
  json_string(OpenSSL_version(OPENSSL_VERSION));
  printf("}\n");
  fflush(stdout);
}

/* --idle-breakdown: where the bytes of --idle go. Every OpenSSL allocation is recorded with the
 * source line OpenSSL passes to its allocator (CRYPTO_set_mem_functions, installed by main before
 * anything else); one connection pair as in --idle (with SSL_MODE_RELEASE_BUFFERS) is made, and
 * the allocations still live after freeing the other end are listed per source line, for a
 * server end and then for a client end. */
#define TRACK_SLOTS (1 << 20)
struct tracked {
  void *p; /* NULL: never used; TRACK_GONE: freed */
  size_t n;
  const char *file;
  int line, generation;
};
#define TRACK_GONE ((void *)1)
static struct tracked *tracked;
static int generation;

static size_t track_slot(void *p) { return ((uintptr_t)p >> 4) * 2654435761u % TRACK_SLOTS; }

static void track(void *p, size_t n, const char *file, int line) {
  size_t i = track_slot(p);
  while (tracked[i].p != NULL && tracked[i].p != TRACK_GONE) i = (i + 1) % TRACK_SLOTS;
  tracked[i] = (struct tracked){p, n, file, line, generation};
}

static void untrack(void *p) {
  for (size_t i = track_slot(p); tracked[i].p != NULL; i = (i + 1) % TRACK_SLOTS)
    if (tracked[i].p == p) {
      tracked[i].p = TRACK_GONE;
      return;
    }
}

static void *tracked_malloc(size_t n, const char *file, int line) {
  void *p = malloc(n);
  if (p != NULL) track(p, n, file, line);
  return p;
}

static void *tracked_realloc(void *old, size_t n, const char *file, int line) {
  if (old != NULL) untrack(old);
  void *p = realloc(old, n);
  if (p != NULL) track(p, n, file, line);
  return p;
}

static void tracked_free(void *p, const char *file, int line) {
  (void)file;
  (void)line;
  if (p != NULL) untrack(p);
  free(p);
}

static void track_install(void) {
  tracked = calloc(TRACK_SLOTS, sizeof *tracked);
  if (tracked == NULL || !CRYPTO_set_mem_functions(tracked_malloc, tracked_realloc, tracked_free))
    die("CRYPTO_set_mem_functions");
}

/* Prints the live allocations made while `generation` was g, summed per source line. */
static void track_report(const char *end, int g) {
  struct line_sum {
    const char *file;
    int line, count;
    size_t bytes;
  } sums[4096];
  int nsums = 0;
  size_t total = 0;
  for (size_t i = 0; i < TRACK_SLOTS; i++) {
    struct tracked *t = &tracked[i];
    if (t->p == NULL || t->p == TRACK_GONE || t->generation != g) continue;
    const char *file = t->file != NULL ? t->file : "?";
    int k = 0;
    while (k < nsums && !(sums[k].line == t->line && strcmp(sums[k].file, file) == 0)) k++;
    if (k == nsums) {
      if (nsums == 4096) die("too many allocation sites");
      sums[nsums++] = (struct line_sum){file, t->line, 0, 0};
    }
    sums[k].count++;
    sums[k].bytes += t->n;
    total += t->n;
  }
  for (int i = 0; i < nsums; i++)
    for (int j = i + 1; j < nsums; j++)
      if (sums[j].bytes > sums[i].bytes) {
        struct line_sum x = sums[i];
        sums[i] = sums[j];
        sums[j] = x;
      }
  printf("%s end: %zu bytes live in %s\n", end, total, OpenSSL_version(OPENSSL_VERSION));
  printf("  bytes  allocations  OpenSSL source line\n");
  for (int i = 0; i < nsums; i++)
    printf("%7zu  %11d  %s:%d\n", sums[i].bytes, sums[i].count, sums[i].file, sums[i].line);
}

static void idle_breakdown(const char *pki) {
  struct bench *b = calloc(1, sizeof *b);
  b->sc = &SCENARIOS[0];
  contexts(b, pki);
  SSL_CTX_set_mode(b->client_ctx, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_mode(b->server_ctx, SSL_MODE_RELEASE_BUFFERS);
  for (int round = 0; round < 3; round++) {
    /* round 0 settles lazily made state; round 1 keeps the server end, round 2 the client end */
    generation = round;
    SSL *c, *s;
    idle_pair(b, &c, &s);
    generation = -1;
    if (round == 1) {
      free_ssl(c);
      track_report("server", round);
      free_ssl(s);
    } else if (round == 2) {
      free_ssl(s);
      track_report("client", round);
      free_ssl(c);
    } else {
      free_ssl(c);
      free_ssl(s);
    }
  }
  teardown(b);
  free(b);
}

static void usage(void) {
  fprintf(stderr,
          "usage: tlsbench PKI_DIR [--warmup N] [--iterations N] [--time SECONDS] "
          "[--thread] [SCENARIO...]\n"
          "       tlsbench PKI_DIR --serve [--thread]   (reads 'SCENARIO SECONDS' lines)\n"
          "       tlsbench PKI_DIR --idle N   (malloc'ed bytes per idle connection)\n"
          "       tlsbench PKI_DIR --idle-breakdown   (OpenSSL's live allocations per idle end)\n"
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
    if (strcmp(argv[i], "--idle-breakdown") == 0) track_install(); /* before any allocation */
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
  int serving = 0, idle = 0, breakdown = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--serve") == 0)
      serving = 1;
    else if (strcmp(argv[i], "--idle-breakdown") == 0)
      breakdown = 1;
    else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc)
      idle = atoi(argv[++i]);
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
  if (idle > 0) {
    idle_memory(pki, idle);
    return 0;
  }
  if (breakdown) {
    idle_breakdown(pki);
    return 0;
  }
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

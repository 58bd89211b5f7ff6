/*
 * Applies a list of operations to a fresh Tokyo Cabinet hash database through the C library, so
 * that the Java engine's result can be compared with the reference byte for byte.
 *
 * usage: oprunner PATH BNUM APOW FPOW OPTS DFUNIT < OPS
 * Each line of OPS is one operation; keys are given in hex ("-" for the empty key):
 *   P key len byte   put a value of len copies of byte (hex), or with byte "*" the varied
 *                    pattern value[i] = (i * 167 + (i >> 5) * 13 + len) mod 256
 *   K key len byte   putkeep
 *   C key len byte   putcat
 *   S key len byte   putasync
 *   U key len byte   putproc: a present value whose length is 0, 1 or 2 modulo 3 is replaced by
 *                    the value of len and byte, removed, or kept (the function declines); an
 *                    absent key gets that value if len is even, nothing otherwise
 *   O key            out
 *   I key num        addint
 *   R                close and reopen as a writer
 *   D step           defrag (step <= 0: full)
 *   T / M / A        transaction begin / commit / abort
 *   Z                optimize with default tuning
 *   V                vanish
 *   X                end the process at once, without closing (as a crash would)
 * "existing record" and "no record found" are expected outcomes; any other error ends the run with
 * exit status 1 and the error on stderr.
 */
#include <tcutil.h>
#include <tchdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes a hex token into buf; "-" is the empty key. Returns the length. */
static int unhex(const char *tok, char *buf) {
  if (strcmp(tok, "-") == 0) return 0;
  int n = 0;
  for (const char *p = tok; p[0] && p[1]; p += 2) buf[n++] = (char)(hexval(p[0]) * 16 + hexval(p[1]));
  return n;
}

/* The value a 'U' line proposes, as a put's: the op-runner's fill rule. */
struct proposal { const char *val; long len; };

static void *proc(const void *vbuf, int vsiz, int *sp, void *op) {
  (void)vbuf;
  struct proposal *p = op;
  if (vsiz % 3 == 1) return (void *)-1;
  if (vsiz % 3 == 2) return NULL;
  char *out = malloc(p->len + 1);
  memcpy(out, p->val, p->len);
  *sp = (int)p->len;
  return out;
}

static void check(TCHDB *hdb, bool ok, const char *what, long line) {
  if (ok) return;
  int ecode = tchdbecode(hdb);
  if (ecode == TCEKEEP || ecode == TCENOREC) return;
  fprintf(stderr, "line %ld: %s: %d: %s\n", line, what, ecode, tchdberrmsg(ecode));
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s path bnum apow fpow opts dfunit < ops\n", argv[0]);
    return 2;
  }
  const char *path = argv[1];
  TCHDB *hdb = tchdbnew();
  tchdbtune(hdb, atoll(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
  if (atoi(argv[6]) > 0) tchdbsetdfunit(hdb, atoi(argv[6]));
  check(hdb, tchdbopen(hdb, path, HDBOWRITER | HDBOCREAT | HDBOTRUNC), "open", 0);
  static char line[1 << 16];
  static char key[1 << 15];
  char *val = NULL;
  int valcap = 0;
  long no = 0;
  while (fgets(line, sizeof(line), stdin)) {
    no++;
    char op = line[0];
    char tok[sizeof(line)];
    long len = 0;
    unsigned int byte = 0;
    int ksiz = 0;
    if (op == 'P' || op == 'K' || op == 'C' || op == 'S' || op == 'U') {
      char fill[8];
      if (sscanf(line + 2, "%s %ld %7s", tok, &len, fill) != 3) { fprintf(stderr, "bad line %ld\n", no); return 2; }
      ksiz = unhex(tok, key);
      if (len + 1 > valcap) { valcap = len + 1; val = realloc(val, valcap); }
      if (strcmp(fill, "*") == 0) {
        for (long i = 0; i < len; i++) val[i] = (char)((i * 167 + (i >> 5) * 13 + len) & 0xff);
      } else {
        sscanf(fill, "%x", &byte);
        memset(val, (int)byte, len);
      }
      struct proposal prop = { val, len };
      bool ok = op == 'U' ? tchdbputproc(hdb, key, ksiz, len % 2 == 0 ? val : NULL, (int)len, proc, &prop)
              : op == 'P' ? tchdbput(hdb, key, ksiz, val, len)
              : op == 'K' ? tchdbputkeep(hdb, key, ksiz, val, len)
              : op == 'S' ? tchdbputasync(hdb, key, ksiz, val, len)
              : tchdbputcat(hdb, key, ksiz, val, len);
      check(hdb, ok, "put", no);
    } else if (op == 'O') {
      sscanf(line + 2, "%s", tok);
      ksiz = unhex(tok, key);
      check(hdb, tchdbout(hdb, key, ksiz), "out", no);
    } else if (op == 'I') {
      int num = 0;
      sscanf(line + 2, "%s %d", tok, &num);
      ksiz = unhex(tok, key);
      check(hdb, tchdbaddint(hdb, key, ksiz, num) != INT_MIN, "addint", no);
    } else if (op == 'R') {
      check(hdb, tchdbclose(hdb), "close", no);
      check(hdb, tchdbopen(hdb, path, HDBOWRITER), "reopen", no);
    } else if (op == 'D') {
      long step = atol(line + 2);
      check(hdb, tchdbdefrag(hdb, step), "defrag", no);
    } else if (op == 'T') {
      check(hdb, tchdbtranbegin(hdb), "tranbegin", no);
    } else if (op == 'M') {
      check(hdb, tchdbtrancommit(hdb), "trancommit", no);
    } else if (op == 'A') {
      check(hdb, tchdbtranabort(hdb), "tranabort", no);
    } else if (op == 'Z') {
      check(hdb, tchdboptimize(hdb, -1, -1, -1, UINT8_MAX), "optimize", no);
    } else if (op == 'V') {
      check(hdb, tchdbvanish(hdb), "vanish", no);
    } else if (op == 'X') {
      _exit(0);
    }
  }
  check(hdb, tchdbclose(hdb), "close", no);
  tchdbdel(hdb);
  free(val);
  return 0;
}

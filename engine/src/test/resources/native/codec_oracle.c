/*
 * Test oracle: runs Tokyo Cabinet's own value codecs, as the hash database calls them.
 *
 * Reads requests from standard input, one per line: "<op> <hex>", where <hex> is the input in
 * lowercase hexadecimal ("-" for an empty input). Writes one line per request: the result in
 * hexadecimal ("-" when empty), or "ERR" when the library reports a failure.
 *
 * Ops:
 *   bs-enc / bs-dec     tcbsencode / tcbsdecode (TCBS option)
 *   raw-enc / raw-dec   _tc_deflate / _tc_inflate in raw mode (DEFLATE option)
 *   bz-enc / bz-dec     _tc_bzcompress / _tc_bzdecompress (BZIP option)
 *
 * The deflate and bzip2 entry points are the library's internal function pointers, because the
 * public tcdeflate wraps its output in a zlib header, which the hash database does not do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tcutil.h>

/* Declared by the library's private myconf.h, which Debian does not install. */
extern char *(*_tc_deflate)(const char *, int, int *, int);
extern char *(*_tc_inflate)(const char *, int, int *, int);
extern char *(*_tc_bzcompress)(const char *, int, int *);
extern char *(*_tc_bzdecompress)(const char *, int, int *);

/* The library's mode number for headerless deflate (its private _TCZMRAW). */
#define RAW_DEFLATE_MODE 1

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses hex text in place into bytes; returns the byte count, or -1 on bad input. */
static int unhex(char *text) {
  if (strcmp(text, "-") == 0) return 0;
  size_t n = strlen(text);
  if (n % 2 != 0) return -1;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval(text[2 * i]);
    int lo = hexval(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    text[i] = (char)(hi * 16 + lo);
  }
  return (int)(n / 2);
}

static void print_hex(const char *buf, int size) {
  if (size == 0) {
    fputs("-", stdout);
  }
  for (int i = 0; i < size; i++) {
    printf("%02x", (unsigned char)buf[i]);
  }
  putchar('\n');
}

/* Runs one op; sets *known to 0 for an op this program does not have. */
static char *apply(const char *op, const char *in, int size, int *outsize, int *known) {
  *known = 1;
  if (strcmp(op, "bs-enc") == 0) return tcbsencode(in, size, outsize);
  if (strcmp(op, "bs-dec") == 0) return tcbsdecode(in, size, outsize);
  if (strcmp(op, "raw-enc") == 0) return _tc_deflate(in, size, outsize, RAW_DEFLATE_MODE);
  if (strcmp(op, "raw-dec") == 0) return _tc_inflate(in, size, outsize, RAW_DEFLATE_MODE);
  if (strcmp(op, "bz-enc") == 0) return _tc_bzcompress(in, size, outsize);
  if (strcmp(op, "bz-dec") == 0) return _tc_bzdecompress(in, size, outsize);
  *known = 0;
  return NULL;
}

int main(void) {
  size_t cap = 0;
  char *line = NULL;
  ssize_t len;
  while ((len = getline(&line, &cap, stdin)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    char *space = strchr(line, ' ');
    if (!space) {
      fprintf(stderr, "malformed request: %s\n", line);
      return 2;
    }
    *space = '\0';
    int size = unhex(space + 1);
    if (size < 0) {
      fprintf(stderr, "malformed hex for %s\n", line);
      return 2;
    }
    int outsize = 0;
    int known;
    char *out = apply(line, space + 1, size, &outsize, &known);
    if (!known) {
      fprintf(stderr, "unknown op: %s\n", line);
      return 2;
    }
    if (out) {
      print_hex(out, outsize);
      free(out);
    } else {
      puts("ERR");
    }
    fflush(stdout);
  }
  free(line);
  return 0;
}

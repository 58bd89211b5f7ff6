/*
 * Appended by Lz4CodecOracleTest to the C codec of format-spec/tchdb-codecs.md section 5.1, whose
 * use_lz4 it calls. Usage:
 *   lz4_codec write PATH KEY VALUE...   creates an EXCODEC file with these records
 *   lz4_codec read PATH                 prints every record as KEY<TAB>VALUE-IN-HEX
 * Exit 1 with TC's error message on standard error when an operation fails.
 */
#include <stdio.h>
#include <string.h>

static int fail(TCHDB *hdb, const char *what) {
  fprintf(stderr, "%s: %d: %s\n", what, tchdbecode(hdb), tchdberrmsg(tchdbecode(hdb)));
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  TCHDB *hdb = tchdbnew();
  if (!use_lz4(hdb)) return fail(hdb, "setcodecfunc");
  if (strcmp(argv[1], "write") == 0) {
    if (!tchdbtune(hdb, 131, 4, 10, HDBTEXCODEC)) return fail(hdb, "tune");
    if (!tchdbopen(hdb, argv[2], HDBOWRITER | HDBOCREAT | HDBOTRUNC)) return fail(hdb, "open");
    for (int i = 3; i + 1 < argc; i += 2) {
      if (!tchdbput2(hdb, argv[i], argv[i + 1])) return fail(hdb, "put");
    }
  } else {
    if (!tchdbopen(hdb, argv[2], HDBOREADER)) return fail(hdb, "open");
    if (!tchdbiterinit(hdb)) return fail(hdb, "iterinit");
    int ksiz;
    char *key;
    while ((key = tchdbiternext(hdb, &ksiz)) != NULL) {
      int vsiz;
      unsigned char *value = tchdbget(hdb, key, ksiz, &vsiz);
      if (value == NULL) return fail(hdb, "get");
      fwrite(key, 1, ksiz, stdout);
      putchar('\t');
      for (int i = 0; i < vsiz; i++) printf("%02x", value[i]);
      putchar('\n');
      free(value);
      free(key);
    }
    if (tchdbecode(hdb) != TCENOREC) return fail(hdb, "iternext");
  }
  if (!tchdbclose(hdb)) return fail(hdb, "close");
  tchdbdel(hdb);
  return 0;
}

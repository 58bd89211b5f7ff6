/*
 * Opens a Tokyo Cabinet hash database through the C library and keeps it open (holding TC's file
 * lock) until standard input ends, so tests can check how the Java engine meets a lock held by
 * another process.
 *
 * usage: holdlock PATH reader|writer
 * Prints "locked" once the database is open; exit status 1 (with the error on stderr) if it cannot
 * be opened.
 */
#include <tcutil.h>
#include <tchdb.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s path reader|writer\n", argv[0]);
    return 2;
  }
  TCHDB *hdb = tchdbnew();
  int mode = strcmp(argv[2], "writer") == 0 ? HDBOWRITER : HDBOREADER;
  if (!tchdbopen(hdb, argv[1], mode)) {
    int ecode = tchdbecode(hdb);
    fprintf(stderr, "%d: %s\n", ecode, tchdberrmsg(ecode));
    return 1;
  }
  printf("locked\n");
  fflush(stdout);
  char buf[256];
  while (fgets(buf, sizeof(buf), stdin)) {
  }
  tchdbclose(hdb);
  tchdbdel(hdb);
  return 0;
}

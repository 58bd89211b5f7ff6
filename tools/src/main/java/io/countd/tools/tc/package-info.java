/**
 * Tokyo Cabinet's text and number conventions as its tools apply them, each in its own class: the
 * lenient number parsers ({@code TcNumbers}, {@code ExtendedReal}), C's {@code printf} formats
 * ({@code CFormat}), hexadecimal and W3C date text ({@code HexCodec}, {@code W3cDate},
 * {@code StandardOffset}) and the text normalization of keys
 * ({@code TextNormalizer}, for {@code tchmgr importtsv -sc}). Pure functions of their input; no I/O.
 */
package io.countd.tools.tc;

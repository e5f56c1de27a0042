package io.tandemdns.server.cookie;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): 2 compression
 * rounds per 8-byte word, 4 finalisation rounds, a 128-bit key, a 64-bit result. RFC 9018 §4.4
 * uses it for DNS server cookies. Written from the paper's description.
 */
public final class SipHash24 {
  private SipHash24() {}

  /**
   * @param key 16 bytes; read as two little-endian words k0, k1
   * @return the 64-bit result; its wire form is little-endian ({@link #toBytes})
   */
  public static long hash(byte[] key, byte[] data, int offset, int length) {
    long k0 = readLe(key, 0);
    long k1 = readLe(key, 8);
    long v0 = k0 ^ 0x736f6d6570736575L; // "somepseudorandomlygeneratedbytes"
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int end = offset + length;
    int whole = offset + (length & ~7);
    for (int i = offset; i < whole; i += 8) {
      long m = readLe(data, i);
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    // Last word: the remaining 0..7 bytes, little-endian, with the message length mod 256 on top.
    long last = ((long) length & 0xFF) << 56;
    for (int i = whole, shift = 0; i < end; i++, shift += 8) {
      last |= (data[i] & 0xFFL) << shift;
    }
    v3 ^= last;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= last;
    v2 ^= 0xFF;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** The result as 8 bytes in the reference implementation's (little-endian) order. */
  public static void toBytes(long h, byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (h >>> (8 * i));
    }
  }

  private static long readLe(byte[] b, int i) {
    long v = 0;
    for (int j = 7; j >= 0; j--) {
      v = (v << 8) | (b[i + j] & 0xFFL);
    }
    return v;
  }
}

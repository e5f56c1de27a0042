package io.tandemdns.server.metrics;

import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fixed set of counters the query path bumps without atomic instructions: each thread adds to
 * its own block of longs, a reader sums the blocks (as Knot DNS keeps per-thread statistics).
 *
 * <p>Why not {@code LongAdder}: the query path bumped seven of them per answer, each a
 * compare-and-swap on a cell two event loops contend for; here an answer costs one thread-local
 * read and plain adds. Each block has one writer, its thread, so the read-add-write needs no
 * atomicity; opaque accesses make every write whole and eventually visible to the reader (JLS
 * §17.7 allows plain long writes to tear), and compile to plain moves on x86 and ARM. A block
 * outlives its thread, so sums never go backwards.
 */
public final class ThreadCounters {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  /** Longs before and after a block's counters, so two threads' blocks never share a cache line. */
  private static final int PAD = 8;

  private final int size;
  private final List<long[]> blocks = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<long[]> local = new FastThreadLocal<>() {
    @Override
    protected long[] initialValue() {
      long[] block = new long[PAD + size + PAD];
      blocks.add(block);
      return block;
    }
  };

  public ThreadCounters(int size) {
    this.size = size;
  }

  /** The calling thread's block, for {@link #add}; look it up once per answer. */
  public long[] block() {
    return local.get();
  }

  /** Adds to counter {@code index} in a block of the calling thread. */
  public static void add(long[] block, int index, long delta) {
    int i = PAD + index;
    LONGS.setOpaque(block, i, (long) LONGS.getOpaque(block, i) + delta);
  }

  /** Counter {@code index} summed over every thread that ever added to it. */
  public long sum(int index) {
    long sum = 0;
    for (long[] block : blocks) {
      sum += (long) LONGS.getOpaque(block, PAD + index);
    }
    return sum;
  }

  public int size() {
    return size;
  }
}

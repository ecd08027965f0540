package org.jossl.bench.tls;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The process's CPU time in nanoseconds, from {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}: the
 * clock {@code tlsbench.c} reads. (The JDK's {@code OperatingSystemMXBean.getProcessCpuTime()}
 * counts in scheduler ticks on Linux, too coarse for quarter-second slices.) It counts every thread
 * of the process, so a JVM's GC and JIT work is included.
 */
final class CpuClock {
  private CpuClock() {}

  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  private static final MethodHandle CLOCK_GETTIME;
  private static final MemorySegment TIMESPEC = Arena.global().allocate(16, 8);

  static {
    Linker linker = Linker.nativeLinker();
    CLOCK_GETTIME =
        linker.downcallHandle(
            linker.defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  }

  /** CPU time of the whole process so far (only one thread may call this at a time). */
  static long processNanos() {
    try {
      int r = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, TIMESPEC);
      if (r != 0) {
        throw new IllegalStateException("clock_gettime failed");
      }
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    // struct timespec { time_t tv_sec; long tv_nsec; } on 64-bit Linux
    return TIMESPEC.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L
        + TIMESPEC.get(ValueLayout.JAVA_LONG, 8);
  }
}

package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Upcalls;

/**
 * OpenSSL's {@code pem_password_cb}, answered from Java. One stub serves every call: the passphrase
 * source for the call in progress is parked in a thread-local, since OpenSSL runs the callback
 * synchronously on the thread that called it.
 *
 * <p>Passing this callback to every PEM read also stops OpenSSL's default callback from prompting
 * on the terminal when no passphrase was given: an encrypted key then simply fails to load.
 */
public final class Passphrases {
  private Passphrases() {}

  /** Supplies a passphrase; {@code forWriting} is OpenSSL's {@code rwflag}. */
  @FunctionalInterface
  public interface Source {
    /**
     * The passphrase bytes; never null.
     *
     * @param maxLength the size of OpenSSL's buffer
     */
    byte[] passphrase(int maxLength, boolean forWriting) throws Exception;
  }

  /** What went wrong inside a callback, to be rethrown after the downcall returns. */
  public static final class Outcome {
    /** The exception the source threw, or a length problem; null if none. */
    public Throwable failure;

    /** Whether the callback was called at all. */
    public boolean called;
  }

  private record Call(Source source, boolean truncate, Outcome outcome) {}

  private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

  /** The {@code pem_password_cb} to pass to OpenSSL. */
  public static final MemorySegment CALLBACK =
      Upcalls.stub(MethodHandles.lookup(), Passphrases.class, "callback", Upcalls.PEM_PASSWORD_CB);

  /** A downcall made while a passphrase source is installed. */
  @FunctionalInterface
  public interface Downcall<T> {
    /** Makes the call, passing {@link #CALLBACK} to OpenSSL. */
    T call();
  }

  /**
   * Runs {@code call} with {@code source} answering OpenSSL's passphrase requests (null: refuse). A
   * passphrase longer than OpenSSL's buffer is an error, or cut to size if {@code truncate} (as
   * pyOpenSSL's {@code Context.set_passwd_cb} does). Problems are reported in {@code outcome}.
   */
  public static <T> T with(Source source, boolean truncate, Outcome outcome, Downcall<T> call) {
    Upcalls.ensureDeepStack();
    Call previous = CURRENT.get();
    CURRENT.set(new Call(source, truncate, outcome));
    try {
      return call.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * What a failed source answers. When reading, 0 (an empty passphrase), as pyOpenSSL's {@code
   * _PassphraseHelper} does: OpenSSL 3's decoders cache that answer, whereas after -1 they ask
   * again for each further decoder they try, so the application's callback would run twice. When
   * writing, -1: an empty passphrase could be taken for a real one and the key written with it.
   */
  private static int failed(int rwflag) {
    return rwflag == 0 ? 0 : -1;
  }

  private static int callback(MemorySegment buf, int size, int rwflag, MemorySegment userdata) {
    try {
      Call call = CURRENT.get();
      if (call == null || call.source == null) {
        if (call != null) {
          call.outcome.called = true;
        }
        return -1;
      }
      call.outcome.called = true;
      byte[] pass = call.source.passphrase(size, rwflag != 0);
      if (pass == null) {
        call.outcome.failure = new IllegalArgumentException("passphrase callback returned null");
        return failed(rwflag);
      }
      int n = pass.length;
      if (n > size) {
        if (!call.truncate) {
          call.outcome.failure =
              new IllegalArgumentException(
                  "passphrase is too long (" + n + " bytes; OpenSSL accepts " + size + ")");
          return failed(rwflag);
        }
        n = size;
      }
      Memory.write(buf, size, pass, n);
      Arrays.fill(pass, (byte) 0);
      return n;
    } catch (Throwable t) {
      try {
        Call call = CURRENT.get();
        if (call != null) {
          call.outcome.failure = t;
        }
      } catch (Throwable lost) {
        // no stack left even to record it (a StackOverflowError): nothing may leave an upcall
      }
      return failed(rwflag);
    }
  }
}

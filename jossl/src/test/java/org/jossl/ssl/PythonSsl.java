package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;

/**
 * Runs {@code peers/python_ssl_module.py} (upstream CPython's {@code ssl}, the oracle) on a job and
 * compares its answers with what jossl does: {@code {"ok": value}} with the value jossl returns,
 * {@code {"raised": error}} with the exception jossl throws.
 */
final class PythonSsl {
  private PythonSsl() {}

  /** Writes {@code job} to {@code dir}, runs the peer once and returns its answer. */
  static Map<String, Object> run(Path dir, Map<String, Object> job) {
    try {
      Path file = Files.createTempFile(dir, "job-", ".json");
      Files.writeString(file, PeerJson.write(job), StandardCharsets.UTF_8);
      String out = Peers.python("python_ssl_module.py", file.toString()).stdout();
      return map(PeerJson.parse(out.strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  /** What a call did on the jossl side: a value, or an exception. */
  record Outcome(Object value, Throwable thrown) {}

  /** A step of jossl code, which may throw anything. */
  @FunctionalInterface
  interface Step {
    Object run() throws Throwable;
  }

  /** Runs {@code step}, catching what it throws. */
  static Outcome attempt(Step step) {
    try {
      return new Outcome(step.run(), null);
    } catch (Throwable t) {
      return new Outcome(null, t);
    }
  }

  /** The JSON text of a value as the peer writes it: numbers as integers. */
  static String json(Object value) {
    return PeerJson.write(PeerJson.parse(PeerJson.write(value)));
  }

  /**
   * Fails unless jossl's {@code outcome} is Python's {@code attempt}: the same value, or an
   * exception of the matching kind with the same attributes. {@code callbackFailure} is the
   * exception a password callback threw on the jossl side (Python then raises the callback's own
   * exception, a {@code KeyError} in the peer), or null.
   */
  static void assertSameOutcome(
      String where, Object pythonAttempt, Outcome outcome, Throwable callbackFailure) {
    Map<String, Object> py = map(pythonAttempt);
    if (py.containsKey("ok")) {
      if (outcome.thrown() != null) {
        AssertionError e =
            new AssertionError(where + ": Python gave " + json(py.get("ok")) + ", jossl threw");
        e.initCause(outcome.thrown());
        throw e;
      }
      assertEquals(json(py.get("ok")), json(outcome.value()), where);
      return;
    }
    Map<String, Object> err = map(py.get("raised"));
    Throwable t = outcome.thrown();
    if (t == null) {
      fail(where + ": Python raised " + err + ", jossl gave " + json(outcome.value()));
    }
    assertSameFailure(where, err, t, callbackFailure);
  }

  /** Fails unless {@code t} is jossl's counterpart of Python's exception {@code err}. */
  static void assertSameFailure(
      String where, Map<String, Object> err, Throwable t, Throwable callbackFailure) {
    String type = (String) err.get("type");
    List<Object> mro = list(err.get("mro"));
    String what = where + ": Python raised " + type + " " + err.get("str") + "; jossl threw " + t;
    try {
      if (type.equals("KeyError")) {
        // only the peer's password callable raises KeyError: the callback's exception passes
        // through
        assertNotNull(callbackFailure, what);
        assertSame(callbackFailure, t, what);
      } else if (mro.contains("SSLError")) {
        SslException e = assertInstanceOf(SslException.class, t, what);
        if (mro.contains("SSLCertVerificationError")) {
          SslCertVerificationException v =
              assertInstanceOf(SslCertVerificationException.class, t, what);
          assertEquals(err.get("verify_code"), v.verifyCode(), what);
          assertEquals(err.get("verify_message"), v.verifyMessage(), what);
        }
        Object errno = err.get("errno");
        assertEquals(
            errno == null ? null : ((Number) errno).intValue(), e.errno(), what + " (errno)");
        assertEquals(err.get("library"), e.library(), what + " (library)");
        assertEquals(err.get("reason"), e.reason(), what + " (reason)");
        assertEquals(err.get("str"), e.pythonStr(), what + " (str)");
      } else if (type.equals("FileNotFoundError")) {
        fileFailure(NoSuchFileException.class, err, t, what);
      } else if (type.equals("IsADirectoryError") || type.equals("NotADirectoryError")) {
        FileSystemException e = fileFailure(FileSystemException.class, err, t, what);
        assertTrue(!(e instanceof NoSuchFileException), what);
      } else if (type.equals("PermissionError")) {
        fileFailure(AccessDeniedException.class, err, t, what);
      } else if (mro.contains("OSError")) {
        assertInstanceOf(IOException.class, t, what);
        assertEquals(err.get("strerror"), t.getMessage(), what);
      } else if (mro.contains("ValueError") || mro.contains("TypeError")) {
        // Java has no TypeError: a wrong argument is an IllegalArgumentException either way
        assertInstanceOf(IllegalArgumentException.class, t, what);
        assertEquals(err.get("str"), t.getMessage(), what);
      } else {
        fail(what + ": no Java counterpart is defined for " + type);
      }
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage(), t);
    }
  }

  private static <T extends FileSystemException> T fileFailure(
      Class<T> kind, Map<String, Object> err, Throwable t, String what) {
    T e = assertInstanceOf(kind, t, what);
    assertEquals(err.get("strerror"), e.getReason(), what + " (strerror)");
    if (err.get("filename") != null) {
      assertEquals(err.get("filename"), e.getFile(), what + " (filename)");
    }
    return e;
  }
}

package org.jossl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-lived peer script that answers one JSON request line with one JSON line (see {@code
 * peers/pyopenssl_crypto.py}), so one process serves a whole test class. Every call is bounded in
 * time; the process is ended on {@link #close()}.
 */
public final class JsonPeer implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private final StringBuffer stderr = new StringBuffer();
  private final ExecutorService reader;

  private JsonPeer(String name, List<String> command) {
    this.name = name;
    try {
      this.process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command + ": " + e, e);
    }
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-reader");
              t.setDaemon(true);
              return t;
            });
    Thread errors =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  stderr.append(line).append('\n');
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            name + "-stderr");
    errors.setDaemon(true);
    errors.start();
  }

  /** Starts a script from {@code peers/} under the pyOpenSSL Python. */
  public static JsonPeer pyOpenSsl(String script) {
    return new JsonPeer(script, List.of(Peers.pyOpenSslPython(), Peers.script(script).toString()));
  }

  /** Starts a script from {@code peers/} under upstream CPython ({@link Peers#python()}). */
  public static JsonPeer python(String script) {
    return new JsonPeer(script, List.of(Peers.python(), Peers.script(script).toString()));
  }

  /**
   * Sends {@code {"op": op, key: value, …}} and returns the answer's {@code result}.
   *
   * @param keyValues alternating keys (strings) and values
   */
  public Object call(String op, Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("op", op);
    for (int i = 0; i < keyValues.length; i += 2) {
      request.put((String) keyValues[i], keyValues[i + 1]);
    }
    String line;
    try {
      in.write(PeerJson.write(request));
      in.write('\n');
      in.flush();
      Future<String> next = reader.submit(out::readLine);
      line = next.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException e) {
      throw new AssertionError(name + " failed on " + op + ": " + e + "\nstderr:\n" + stderr, e);
    } catch (TimeoutException e) {
      throw new AssertionError(name + " did not answer " + op + " within " + CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (line == null) {
      throw new AssertionError(name + " ended before answering " + op + "\nstderr:\n" + stderr);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = (Map<String, Object>) PeerJson.parse(line);
    if (answer.containsKey("fatal")) {
      throw new AssertionError(name + " could not run " + op + ":\n" + answer.get("fatal"));
    }
    return answer.get("result");
  }

  /** {@link #call} for an op whose result is an object. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> callMap(String op, Object... keyValues) {
    return (Map<String, Object>) call(op, keyValues);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    reader.shutdownNow();
  }
}

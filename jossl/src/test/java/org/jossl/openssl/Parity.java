package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one scenario several times — with a pyOpenSSL client and server, with a jossl pair, and with
 * each library on one end — and requires every run to observe exactly what the pyOpenSSL pair
 * observed: every value and every exception ({@link Outcome#canon()}), step by step.
 *
 * <p>A scenario only talks to a {@link Run}: it makes contexts and connections for the client or
 * the server role, calls pyOpenSSL-named methods on them and records what it wants compared. Values
 * that differ from run to run (randoms, Finished messages, keys) are recorded as facts about them:
 * their length, or whether the two ends agree.
 */
final class Parity {
  private Parity() {}

  /** Which library plays which role. */
  enum Config {
    PYOPENSSL(false, false),
    JOSSL(true, true),
    JOSSL_CLIENT(true, false),
    JOSSL_SERVER(false, true);

    final boolean josslClient;
    final boolean josslServer;

    Config(boolean josslClient, boolean josslServer) {
      this.josslClient = josslClient;
      this.josslServer = josslServer;
    }
  }

  /** A scenario: steps on a {@link Run}. */
  @FunctionalInterface
  interface Scenario {
    void run(Run r) throws Exception;
  }

  /**
   * Runs {@code scenario} in every configuration of {@code configs} (the first is the reference)
   * and asserts that all records are equal.
   */
  static List<Object> check(
      PyOpenSslSide py, JosslSide jossl, Scenario scenario, Config... configs) {
    if (configs.length == 0) {
      configs = Config.values();
    }
    List<Object> reference = null;
    Config first = null;
    StringBuilder failures = new StringBuilder();
    for (Config c : configs) {
      py.reset();
      jossl.reset();
      Run r =
          new Run(c.josslClient ? jossl : py, c.josslServer ? jossl : py, c.name().toLowerCase());
      // observations the peer reads through cryptography's bindings, where they are there
      for (String[] v :
          new String[][] {
            {"session_reused", "SSL_session_reused"}, {"get_verify_result", "SSL_get_verify_result"}
          }) {
        if (!py.hasBinding(v[1])) {
          r.unobservable.add(v[0]);
        }
      }
      try {
        scenario.run(r);
      } catch (Exception | AssertionError e) {
        StringBuilder seen = new StringBuilder();
        int from = Math.max(0, r.record.size() - 12);
        for (Object o : r.record.subList(from, r.record.size())) {
          seen.append("\n  ").append(o);
        }
        throw new AssertionError(
            "scenario failed in configuration " + c + ": " + e + "\nlast records:" + seen, e);
      } finally {
        py.reset();
        jossl.reset();
      }
      if (reference == null) {
        reference = r.record;
        first = c;
      } else {
        String diff = diff(reference, r.record);
        if (diff != null) {
          failures.append("\n").append(c).append(" differs from ").append(first).append(diff);
        }
      }
    }
    if (Boolean.getBoolean("jossl.parity.print")) {
      reference.forEach(e -> System.out.println("  " + e));
    }
    assertTrue(failures.isEmpty(), failures.toString());
    return reference;
  }

  private static String diff(List<Object> a, List<Object> b) {
    StringBuilder out = new StringBuilder();
    int n = Math.max(a.size(), b.size());
    int shown = 0;
    for (int i = 0; i < n && shown < 8; i++) {
      Object x = i < a.size() ? a.get(i) : "<missing>";
      Object y = i < b.size() ? b.get(i) : "<missing>";
      if (!x.equals(y)) {
        out.append("\n  #").append(i).append("\n    expected ").append(x);
        out.append("\n    actual   ").append(y);
        shown++;
      }
    }
    return shown == 0 ? null : out.toString();
  }

  /** An object of one side, by name. */
  record Obj(TlsSide side, String name) {
    @Override
    public String toString() {
      return name + "@" + side.label();
    }
  }

  /** One run of a scenario: where the client and server objects live, and what was observed. */
  static final class Run {
    final TlsSide clientSide;
    final TlsSide serverSide;
    final String config;
    final List<Object> record = new ArrayList<>();

    /** Methods pyOpenSSL cannot observe here: {@link #rec} does not record them. */
    final java.util.Set<String> unobservable = new java.util.HashSet<>();

    Run(TlsSide clientSide, TlsSide serverSide, String config) {
      this.clientSide = clientSide;
      this.serverSide = serverSide;
      this.config = config;
    }

    TlsSide side(boolean server) {
      return server ? serverSide : clientSide;
    }

    // ---- objects

    /** A context for the client ({@code server} false) or server role. */
    Obj context(boolean server, String name, String method) {
      Obj o = new Obj(side(server), name);
      o.side().context(name, method).get();
      return o;
    }

    /** A server context with the "server" certificate, its intermediate and key. */
    Obj serverContext(String name, String method) {
      Obj ctx = context(true, name, method);
      call(ctx, "use_certificate", Map.of("$cert", "server")).get();
      call(ctx, "add_extra_chain_cert", Map.of("$cert", "inter")).get();
      call(ctx, "use_privatekey", Map.of("$key", "server")).get();
      return ctx;
    }

    /** A client context; {@code trust}: verify the server against the root (VERIFY_PEER). */
    Obj clientContext(String name, String method, boolean trust) {
      Obj ctx = context(false, name, method);
      if (trust) {
        call(ctx, "load_verify_locations", TestPki.get().rootPem.toString()).get();
        call(ctx, "set_verify", (long) OpenSsl.VERIFY_PEER).get();
      }
      return ctx;
    }

    /** A memory connection of {@code ctx} (on the context's side), without a role yet. */
    Obj connection(Obj ctx, String name) {
      ctx.side().connection(name, ctx.name()).get();
      return new Obj(ctx.side(), name);
    }

    /** A client connection (connect state). */
    Obj client(Obj ctx, String name) {
      Obj c = connection(ctx, name);
      call(c, "set_connect_state").get();
      return c;
    }

    /** A server connection (accept state). */
    Obj server(Obj ctx, String name) {
      Obj s = connection(ctx, name);
      call(s, "set_accept_state").get();
      return s;
    }

    /**
     * Resumes the session of {@code handshaken}, a client whose handshake is done: it reads once
     * (TLS 1.3 tickets come after the handshake), hands its session to a new client "c2-TAG" of
     * {@code cctx}, which handshakes with a new server "s2-TAG" of {@code sctx}; records whether
     * both resumed. Returns the new client and server.
     */
    Obj[] resume(Obj handshaken, Obj cctx, Obj sctx, String tag) {
      rec(handshaken, "recv", 10L);
      Outcome session = rec(handshaken, "get_session");
      Obj c2 = client(cctx, "c2-" + tag);
      rec(c2, "set_session", session.ref());
      Obj s2 = server(sctx, "s2-" + tag);
      handshake(c2, s2);
      rec(c2, "session_reused");
      rec(s2, "session_reused");
      return new Obj[] {c2, s2};
    }

    // ---- calls and records

    /** Calls {@code o.method(args)} without recording. */
    Outcome call(Obj o, String method, Object... args) {
      return o.side().call(o.name(), method, Arrays.asList(args));
    }

    /** Calls and records the outcome under "name.method". */
    Outcome rec(Obj o, String method, Object... args) {
      Outcome out = call(o, method, args);
      if (unobservable.contains(method)) {
        return out;
      }
      record.add(Arrays.asList(o.name() + "." + method, out.canon()));
      return out;
    }

    /** Calls and records only the outcome's shape: a value's length, or the exception. */
    Outcome recShape(Obj o, String method, Object... args) {
      Outcome out = call(o, method, args);
      record.add(Arrays.asList(o.name() + "." + method + " (shape)", shape(out)));
      return out;
    }

    /** Records a fact the scenario computed. */
    void note(String label, Object value) {
      record.add(Arrays.asList(label, Outcome.canon(value)));
    }

    /** Records an outcome under a label of the scenario's choosing. */
    Outcome note(String label, Outcome o) {
      record.add(Arrays.asList(label, o.canon()));
      return o;
    }

    /**
     * Records facts about two byte values that differ per run: whether they are equal, and the
     * length of the first (or the exception, if a call raised).
     */
    void same(String label, Outcome a, Outcome b) {
      if (!a.isOk() || !b.isOk() || a.value() == null || b.value() == null) {
        record.add(Arrays.asList(label, List.of(shape(a), shape(b))));
        return;
      }
      byte[] x = a.bytes();
      byte[] y = b.bytes();
      record.add(
          Arrays.asList(label, Arrays.equals(x, y) ? "equal" : "different", (long) x.length));
    }

    private static Object shape(Outcome o) {
      if (!o.isOk()) {
        return o.canon();
      }
      if (o.value() instanceof byte[] || o.value() instanceof String) {
        return "len " + o.bytes().length;
      }
      return o.value() == null ? "None" : Outcome.canon(o.value());
    }

    /** Installs a recording callback (it must install fine). */
    void callback(Obj target, String kind, Object behaviour, Object data, int mode) {
      target.side().callback(target.name(), kind, behaviour, data, mode).get();
    }

    void callback(Obj target, String kind, Object behaviour) {
      callback(target, kind, behaviour, null, 0);
    }

    /**
     * Records what the callbacks reported since the last call, per connection (the order across
     * connections depends on which library runs which end; within one it must not).
     */
    void events(String label) {
      List<Object> all = new ArrayList<>(clientSide.events());
      if (serverSide != clientSide) {
        all.addAll(serverSide.events());
      }
      Map<String, List<Object>> byConnection = new TreeMap<>();
      for (Object e : all) {
        List<?> ev = (List<?>) e;
        String key = ev.get(0).equals("passwd") ? "-" : String.valueOf(ev.get(1));
        byConnection.computeIfAbsent(key, k -> new ArrayList<>()).add(Outcome.canon(ev));
      }
      record.add(Arrays.asList(label, new LinkedHashMap<>(byConnection)));
    }

    // ---- moving bytes

    /** Moves every byte {@code from} wants to send into {@code to}; whether any moved. */
    boolean transfer(Obj from, Obj to) {
      boolean moved = false;
      for (int i = 0; i < 1000; i++) {
        Outcome o = call(from, "bio_read", 65536L);
        if (o.raised("WantReadError")) {
          return moved;
        }
        byte[] data = o.bytes();
        Outcome w = call(to, "bio_write", data);
        if ((Long) w.get() != data.length) {
          throw new AssertionError("bio_write took " + w + " of " + data.length);
        }
        moved = true;
      }
      throw new AssertionError("endless output from " + from);
    }

    /** Moves bytes both ways; whether any moved. */
    boolean pump(Obj a, Obj b) {
      boolean x = transfer(a, b);
      boolean y = transfer(b, a);
      return x || y;
    }

    /** Runs the handshake to its end on both ends and records how each ended. */
    Map<String, Outcome> handshake(Obj c, Obj s) {
      return handshake(c, s, false);
    }

    /**
     * Runs the handshake: in rounds, each end not finished calls do_handshake (the client first),
     * then the bytes move both ways; an end is finished when do_handshake returns or raises
     * anything but WantReadError. Stops when both are finished or nothing moves. With {@code
     * trace}, records each do_handshake outcome and the state string after it.
     */
    Map<String, Outcome> handshake(Obj c, Obj s, boolean trace) {
      Obj[] ends = {c, s};
      Outcome[] result = new Outcome[2];
      for (int round = 0; round < 30; round++) {
        for (int i = 0; i < 2; i++) {
          if (result[i] == null) {
            Outcome o = call(ends[i], "do_handshake");
            if (trace) {
              record.add(
                  Arrays.asList(
                      ends[i].name() + ".do_handshake#" + round,
                      o.canon(),
                      call(ends[i], "get_state_string").canon()));
            }
            if (!o.raised("WantReadError")) {
              result[i] = o;
            }
          }
        }
        boolean moved = pump(c, s);
        if ((result[0] != null && result[1] != null) || !moved) {
          break;
        }
      }
      Map<String, Outcome> out = new LinkedHashMap<>();
      out.put("client", result[0] == null ? Outcome.raised("WantReadError", "") : result[0]);
      out.put("server", result[1] == null ? Outcome.raised("WantReadError", "") : result[1]);
      Map<String, Object> canon = new LinkedHashMap<>();
      out.forEach((k, v) -> canon.put(k, v.canon()));
      record.add(Arrays.asList("handshake " + c.name() + "/" + s.name(), canon));
      return out;
    }
  }
}

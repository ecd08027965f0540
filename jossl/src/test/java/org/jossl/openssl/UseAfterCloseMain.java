package org.jossl.openssl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jossl.crypto.Crl;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;
import org.jossl.crypto.X509Store;

/**
 * Run in a forked JVM by {@link EngineSafetyTest}: closes every kind of native-owning object, in
 * every state we can reach, and calls every public instance method on it by reflection; then passes
 * closed objects as arguments to live ones. A call on a closed object must throw {@link
 * IllegalStateException} (only a few methods that never touch native memory may answer normally);
 * nothing may crash or hang. Prints one line per violation and exits 1 if there were any, 0 if
 * none.
 */
public final class UseAfterCloseMain {
  private UseAfterCloseMain() {}

  /** Methods that only touch Java state, so they may answer normally on a closed object. */
  static final Set<String> JAVA_ONLY =
      Set.of(
          "Context.getAppData",
          "Context.setAppData",
          "Context.method",
          "Context.isUsed",
          "Context.getVerifyCallback",
          "Context.setPasswdCb",
          "Connection.getAppData",
          "Connection.setAppData",
          "Connection.getContext",
          "Connection.getInitialContext",
          "Connection.fileno",
          "Connection.makefile",
          "PKey.hasPrivateKey",
          "X509Name.equals",
          "X509Name.compareTo");

  /** Object's methods answer on a closed object too (equals is false, toString says closed). */
  static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

  /**
   * A socket-mode Connection's socket pass-throughs: on a closed connection they report the closed
   * socket as the socket does (an IOException), or answer from the socket's Java state.
   */
  static final Set<String> SOCKET_METHODS =
      Set.of(
          "accept",
          "bind",
          "connect",
          "connectEx",
          "getpeername",
          "getsockname",
          "getsockopt",
          "listen",
          "setblocking",
          "setsockopt",
          "sockShutdown");

  /** What a listening connection cannot do. */
  static final Set<String> STREAM_METHODS =
      Set.of(
          "connect",
          "connectEx",
          "doHandshake",
          "getpeername",
          "read",
          "recv",
          "recvInto",
          "send",
          "sendAll",
          "shutdown",
          "sockShutdown",
          "write");

  private static final ExecutorService CALLER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "caller");
            t.setDaemon(true);
            return t;
          });

  private static final List<String> violations = new ArrayList<>();
  private static int calls;

  public static void main(String[] args) throws Exception {
    Context serverCtx = SafetyFixtures.serverContext();
    Context clientCtx = SafetyFixtures.clientContext();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, Supplier<Object>> closed = new LinkedHashMap<>();
      closed.put("Context(fresh)", () -> closedNow(uncheck(SafetyFixtures::clientContext)));
      closed.put(
          "Context(used)",
          () -> {
            Context c = uncheck(SafetyFixtures::serverContext);
            uncheck(() -> new Connection(c));
            return closedNow(c);
          });
      closed.put(
          "Connection(memory, new)",
          () -> closedNow(uncheck(() -> SafetyFixtures.client(clientCtx))));
      closed.put(
          "Connection(memory, handshaken)",
          () -> {
            Connection[] p = uncheck(() -> SafetyFixtures.pair(clientCtx, serverCtx));
            closedNow(p[1]);
            return closedNow(p[0]);
          });
      closed.put(
          "Connection(socket)",
          () ->
              uncheck(
                  () -> {
                    Socket s = new Socket(listener.getInetAddress(), listener.getLocalPort());
                    Socket accepted = listener.accept();
                    accepted.close();
                    return closedNow(new Connection(clientCtx, s));
                  }));
      closed.put(
          "Connection(channel)",
          () ->
              uncheck(
                  () -> {
                    SocketChannel ch = SocketChannel.open(listener.getLocalSocketAddress());
                    listener.accept().close();
                    return closedNow(new Connection(clientCtx, ch));
                  }));
      closed.put(
          "Connection(listening)",
          () ->
              uncheck(
                  () -> {
                    ServerSocketChannel l = ServerSocketChannel.open();
                    l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    return closedNow(new Connection(serverCtx, l));
                  }));
      closed.put(
          "Session",
          () -> {
            Connection[] p = uncheck(() -> SafetyFixtures.pair(clientCtx, serverCtx));
            Session s = p[0].getSession();
            closedNow(p[0]);
            closedNow(p[1]);
            s.close();
            return s;
          });
      closed.put(
          "X509",
          () -> {
            X509 x = uncheck(() -> X509.fromDer(SafetyFixtures.LEAF.certificate().toDer()));
            x.close();
            return x;
          });
      closed.put(
          "X509(peer certificate)",
          () -> {
            Connection[] p = uncheck(() -> SafetyFixtures.pair(clientCtx, serverCtx));
            X509 x = p[0].getPeerCertificate();
            x.close();
            closedNow(p[0]);
            closedNow(p[1]);
            return x;
          });
      closed.put(
          "PKey",
          () -> {
            PKey k = uncheck(() -> PKey.generateEc("P-256"));
            k.close();
            return k;
          });
      closed.put(
          "X509Store",
          () -> {
            X509Store s = uncheck(X509Store::new);
            s.close();
            return s;
          });
      closed.put(
          "X509Store(context's)",
          () -> {
            X509Store s = clientCtx.getCertStore();
            s.close();
            return s;
          });
      closed.put(
          "X509Name",
          () -> {
            X509Name n = uncheck(() -> SafetyFixtures.LEAF.certificate().getSubject());
            n.close();
            return n;
          });
      closed.put(
          "Crl",
          () -> {
            Crl c = uncheck(() -> SafetyFixtures.ROOT.crl());
            c.close();
            return c;
          });

      // 1. every method of every closed object
      for (var e : closed.entrySet()) {
        Object sample = e.getValue().get();
        for (Method m : methods(sample.getClass())) {
          if (m.getName().equals("close")) {
            continue;
          }
          String key = sample.getClass().getSimpleName() + "." + m.getName();
          Object receiver = e.getValue().get();
          Object[] a = arguments(m);
          Outcome o = invoke(receiver, m, a);
          boolean ok =
              o.thrown instanceof IllegalStateException
                  || (OBJECT_METHODS.contains(m.getName()) && o.thrown == null)
                  || (JAVA_ONLY.contains(key)
                      && (o.thrown == null || o.thrown instanceof RuntimeException))
                  || (sample instanceof Connection
                      && SOCKET_METHODS.contains(m.getName())
                      && (o.thrown == null
                          || o.thrown instanceof java.io.IOException
                          || o.thrown instanceof UnsupportedOperationException));
          if (!ok) {
            violations.add(e.getKey() + " " + signature(m) + " -> " + o);
          }
          closeQuietly(receiver);
        }
        // close again, from another thread: idempotent
        Object again = e.getValue().get();
        Thread t = Thread.ofPlatform().start(() -> closeQuietly(again));
        t.join();
        closeQuietly(again);
      }

      // 2. closed objects as arguments of live objects' methods (and constructors)
      Map<String, Supplier<Object>> live = new LinkedHashMap<>();
      live.put("Context", () -> uncheck(SafetyFixtures::serverContext));
      live.put("Connection", () -> uncheck(() -> new Connection(serverCtx)));
      live.put("X509Store", () -> uncheck(X509Store::new));
      live.put(
          "X509", () -> uncheck(() -> X509.fromDer(SafetyFixtures.ROOT.certificate().toDer())));
      live.put("PKey", () -> uncheck(() -> PKey.generateEc("P-256")));
      Map<Class<?>, Supplier<Object>> closedByType = new LinkedHashMap<>();
      closedByType.put(Context.class, closed.get("Context(fresh)"));
      closedByType.put(Connection.class, closed.get("Connection(memory, handshaken)"));
      closedByType.put(Session.class, closed.get("Session"));
      closedByType.put(X509.class, closed.get("X509"));
      closedByType.put(PKey.class, closed.get("PKey"));
      closedByType.put(X509Store.class, closed.get("X509Store"));
      closedByType.put(X509Name.class, closed.get("X509Name"));
      closedByType.put(Crl.class, closed.get("Crl"));
      List<Method> statics = new ArrayList<>();
      for (Class<?> c :
          List.of(
              org.jossl.crypto.Crypto.class,
              X509.class,
              PKey.class,
              Session.class,
              Connection.class,
              Context.class,
              OpenSsl.class)) {
        for (Method m : c.getMethods()) {
          if (Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == c) {
            statics.add(m);
          }
        }
      }
      for (var e : live.entrySet()) {
        Object sample = e.getValue().get();
        for (Method m : methods(sample.getClass())) {
          checkClosedArguments(e.getKey(), () -> e.getValue().get(), m, closedByType);
        }
      }
      for (Method m : statics) {
        checkClosedArguments("static", () -> null, m, closedByType);
      }
      for (var ctor : Connection.class.getConstructors()) {
        calls++;
        Object[] a = new Object[ctor.getParameterCount()];
        a[0] = closedByType.get(Context.class).get();
        for (int i = 1; i < a.length; i++) {
          a[i] = sampleSocketLike(ctor.getParameterTypes()[i], listener);
        }
        Outcome o;
        try {
          ctor.newInstance(a);
          o = new Outcome(null, "constructed");
        } catch (InvocationTargetException ex) {
          o = new Outcome(ex.getCause(), null);
        }
        if (!(o.thrown instanceof IllegalStateException)) {
          violations.add("new Connection(closed Context, …) " + ctor + " -> " + o);
        }
        for (Object x : a) {
          closeQuietly(x);
        }
      }

      // 3. a listening connection refuses stream operations with a Java exception
      try (ServerSocketChannel l = ServerSocketChannel.open()) {
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Connection listening = new Connection(serverCtx, l);
        for (Method m : methods(Connection.class)) {
          if (!STREAM_METHODS.contains(m.getName())) {
            continue;
          }
          Outcome o = invoke(listening, m, arguments(m));
          if (!(o.thrown instanceof IllegalStateException)) {
            violations.add("listening Connection " + signature(m) + " -> " + o);
          }
        }
        listening.close();
      }

      // 4. what a closed parent handed out stays usable
      derivedObjectsOutliveTheirParents(clientCtx, serverCtx);
    }
    System.out.println("calls: " + calls + ", violations: " + violations.size());
    violations.forEach(v -> System.out.println("VIOLATION " + v));
    System.out.flush();
    System.exit(violations.isEmpty() ? 0 : 1);
  }

  private static void checkClosedArguments(
      String label, Supplier<Object> receiver, Method m, Map<Class<?>, Supplier<Object>> closed)
      throws Exception {
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      Supplier<Object> c = closed.get(types[i]);
      if (c == null) {
        continue;
      }
      Object r = receiver.get();
      Object[] a = arguments(m);
      Object closedArg = c.get();
      a[i] = closedArg;
      Outcome o = invoke(r, m, a);
      // A closed argument must be refused; OpenSslException is accepted for the few methods that
      // check the argument's state through OpenSSL's own validation first.
      boolean ok = o.thrown instanceof IllegalStateException;
      if (!ok) {
        violations.add(
            label + " " + signature(m) + " with closed " + types[i].getSimpleName() + " -> " + o);
      }
      closeQuietly(r);
    }
  }

  private static void derivedObjectsOutliveTheirParents(Context clientCtx, Context serverCtx)
      throws Exception {
    Context cc = SafetyFixtures.clientContext();
    Context sc = SafetyFixtures.serverContext();
    Connection client = SafetyFixtures.client(cc);
    Connection server = SafetyFixtures.server(sc);
    X509Store store = cc.getCertStore();
    // both contexts closed before the handshake: the connections keep their SSL_CTX alive
    cc.close();
    sc.close();
    SafetyFixtures.handshake(client, server);
    X509 peer = client.getPeerCertificate();
    List<X509> chain = client.getPeerCertChain();
    List<X509> verified = client.getVerifiedChain();
    X509 own = server.getCertificate();
    Session session = client.getSession();
    client.close();
    server.close();
    List<String> problems = new ArrayList<>();
    expectUsable(problems, "peer certificate", () -> peer.getSubject().commonName());
    expectUsable(problems, "peer chain", () -> chain.getFirst().toDer());
    expectUsable(problems, "verified chain", () -> verified.getLast().getSubject().commonName());
    expectUsable(problems, "own certificate", own::toDer);
    expectUsable(problems, "session", session::toDer);
    expectUsable(problems, "context's store", store::getCertificates);
    Connection again = SafetyFixtures.client(clientCtx);
    expectUsable(
        problems,
        "session offered to a new connection",
        () -> {
          again.setSession(session);
          return null;
        });
    again.close();
    for (String p : problems) {
      violations.add("derived object: " + p);
    }
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static void expectUsable(List<String> problems, String what, Call call) {
    calls++;
    try {
      call.call();
    } catch (Throwable t) {
      problems.add(what + " unusable after its parent closed: " + t);
    }
  }

  private record Outcome(Throwable thrown, String value) {
    @Override
    public String toString() {
      return thrown == null ? "returned " + value : "threw " + thrown;
    }
  }

  private static Outcome invoke(Object receiver, Method m, Object[] a) throws Exception {
    calls++;
    System.out.println("call " + m.getDeclaringClass().getSimpleName() + "." + signature(m));
    System.out.flush();
    Future<Outcome> f =
        CALLER.submit(
            () -> {
              try {
                Object v = m.invoke(receiver, a);
                return new Outcome(null, String.valueOf(v instanceof byte[] b ? b.length : v));
              } catch (InvocationTargetException e) {
                return new Outcome(e.getCause(), null);
              } finally {
                // each call on a closed object must leave nothing on the error queue
                var left = org.jossl.internal.ErrorQueue.drain();
                if (!left.isEmpty()) {
                  synchronized (violations) {
                    violations.add(signature(m) + " left errors on the queue: " + left);
                  }
                }
              }
            });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.out.println("HANG in " + signature(m));
      System.out.flush();
      Runtime.getRuntime().halt(4);
      throw e;
    }
  }

  private static List<Method> methods(Class<?> c) {
    List<Method> out = new ArrayList<>();
    for (Method m : c.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
        continue;
      }
      if (m.isSynthetic() || m.isBridge()) {
        continue;
      }
      out.add(m);
    }
    out.sort(Comparator.comparing(UseAfterCloseMain::signature));
    return out;
  }

  static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .toList()
            .toString()
            .replace('[', '(')
            .replace(']', ')');
  }

  /** Plausible arguments: valid shapes, so that only the closed state can make a call fail. */
  static Object[] arguments(Method m) throws Exception {
    Class<?>[] types = m.getParameterTypes();
    Type[] generic = m.getGenericParameterTypes();
    Object[] a = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      a[i] = sample(types[i], generic[i], m.getName(), i);
    }
    if (m.getName().equals("setsockopt")) {
      a[0] = StandardSocketOptions.TCP_NODELAY;
      a[1] = Boolean.TRUE;
    }
    if (m.getName().equals("getsockopt")) {
      a[0] = StandardSocketOptions.TCP_NODELAY;
    }
    return a;
  }

  private static Path pem;

  /** A PEM file holding the root certificate, for every parameter that names a file. */
  private static synchronized Path pemFile() throws Exception {
    if (pem == null) {
      Path dir = java.nio.file.Files.createTempDirectory("jossl-uac");
      pem = dir.resolve("root.pem");
      java.nio.file.Files.writeString(pem, SafetyFixtures.ROOT.certificatePem());
      dir.toFile().deleteOnExit();
      pem.toFile().deleteOnExit();
    }
    return pem;
  }

  private static Object sample(Class<?> t, Type generic, String method, int index)
      throws Exception {
    if (t == int.class || t == Integer.class) {
      return 1;
    }
    if (t == long.class || t == Long.class) {
      return 1L;
    }
    if (t == boolean.class || t == Boolean.class) {
      return true;
    }
    if (t == byte[].class) {
      return new byte[] {'h', '2'};
    }
    if (t == String.class) {
      return switch (method) {
        case "digest", "digestBytes" -> "sha256";
        case "get", "with" -> "CN";
        case "dumpPrivateKey" -> "aes256";
        default -> pemFile().toString();
      };
    }
    if (t == List.class) {
      Type e =
          generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      if (e == byte[].class) {
        return List.of(new byte[] {'h', '2'});
      }
      if (e == X509Name.class) {
        return List.of(SafetyFixtures.ROOT.certificate().getSubject());
      }
      if (e == X509.class) {
        return List.of(SafetyFixtures.ROOT.certificate());
      }
      return List.of();
    }
    if (t == X509.class) {
      return SafetyFixtures.ROOT.certificate();
    }
    if (t == PKey.class) {
      return SafetyFixtures.LEAF.key();
    }
    if (t == X509Name.class) {
      return SafetyFixtures.ROOT.certificate().getSubject();
    }
    if (t == X509Store.class) {
      return new X509Store();
    }
    if (t == Context.class) {
      return SafetyFixtures.serverContext();
    }
    if (t == Session.class) {
      return Session.fromDer(sessionDer());
    }
    if (t == Crl.class) {
      return SafetyFixtures.ROOT.crl();
    }
    if (t == java.net.SocketAddress.class) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
    }
    if (t == Path.class) {
      return index == 0 ? pemFile() : pemFile().getParent();
    }
    if (t == Instant.class) {
      return Instant.now();
    }
    if (t == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (t == java.security.cert.X509Certificate.class) {
      return SafetyFixtures.ROOT.certificate().toJava();
    }
    if (t == java.security.PrivateKey.class) {
      return SafetyFixtures.LEAF.key().toJavaPrivateKey();
    }
    if (t == Object.class) {
      return "data";
    }
    if (t.isEnum()) {
      return t.getEnumConstants()[0];
    }
    if (t.isInterface()) {
      return Proxy.newProxyInstance(
          t.getClassLoader(),
          new Class<?>[] {t},
          (p, called, args) -> zero(called.getReturnType()));
    }
    if (t.isArray()) {
      return java.lang.reflect.Array.newInstance(t.getComponentType(), 0);
    }
    return null;
  }

  private static Object zero(Class<?> t) {
    if (t == boolean.class) {
      return false;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    return null;
  }

  private static Object sampleSocketLike(Class<?> t, ServerSocket listener) throws Exception {
    if (t == Socket.class) {
      return new Socket();
    }
    if (t == SocketChannel.class) {
      return SocketChannel.open();
    }
    if (t == ServerSocketChannel.class) {
      return ServerSocketChannel.open();
    }
    if (t == ServerSocket.class) {
      return new ServerSocket();
    }
    return null;
  }

  private static byte[] sessionDer;

  private static synchronized byte[] sessionDer() throws Exception {
    if (sessionDer == null) {
      Connection[] p =
          SafetyFixtures.pair(SafetyFixtures.clientContext(), SafetyFixtures.serverContext());
      try (Session s = p[0].getSession()) {
        sessionDer = s.toDer();
      }
      p[0].close();
      p[1].close();
    }
    return sessionDer;
  }

  private static <T> T closedNow(T o) {
    closeQuietly(o);
    return o;
  }

  private static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is what we test elsewhere
      }
    }
  }

  private interface Maker<T> {
    T make() throws Exception;
  }

  private static <T> T uncheck(Maker<T> m) {
    try {
      return m.make();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

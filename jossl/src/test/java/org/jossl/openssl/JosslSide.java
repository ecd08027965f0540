package org.jossl.openssl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;

/**
 * jossl's {@code org.jossl.openssl} driven by pyOpenSSL's method names: {@code get_peer_finished}
 * becomes {@link Connection#getPeerFinished()} (snake_case to lowerCamel, as DESIGN.md names them),
 * arguments are converted to the Java parameter types, and results and exceptions are reported in
 * the form {@link PyOpenSslSide} reports pyOpenSSL's.
 */
final class JosslSide implements TlsSide {
  private final TestPki pki;
  private final String pyVersion;
  private final Map<String, Object> objects = new LinkedHashMap<>();
  private final Map<Object, String> names = new IdentityHashMap<>();
  private final List<Object> events = new ArrayList<>();
  private int fresh;

  JosslSide(TestPki pki, String pyOpenSslVersion) {
    this.pki = pki;
    this.pyVersion = pyOpenSslVersion;
  }

  @Override
  public String label() {
    return "jossl";
  }

  @Override
  public String pyOpenSslVersion() {
    return pyVersion;
  }

  /** The jossl object kept under {@code name}, for direct assertions. */
  @SuppressWarnings("unchecked")
  <T> T object(String name) {
    return (T) objects.get(name);
  }

  /** Keeps a jossl object under {@code name}, for later calls. */
  void put(String name, Object o) {
    keep(name, o);
  }

  private void keep(String name, Object o) {
    objects.put(name, o);
    names.put(o, name);
  }

  @Override
  public Outcome context(String name, String method) {
    return outcome(
        () -> {
          keep(name, new Context(OpenSsl.class.getField(method).getInt(null)));
          return null;
        });
  }

  @Override
  public Outcome connection(String name, String context) {
    return outcome(
        () -> {
          keep(name, new Connection((Context) objects.get(context)));
          return null;
        });
  }

  @Override
  public Outcome call(String target, String method, List<Object> args) {
    Object t = objects.get(target);
    if (t == null) {
      throw new AssertionError("jossl side has no object " + target);
    }
    String javaName = javaName(method);
    List<Object> resolved = new ArrayList<>();
    for (Object a : args) {
      resolved.add(resolve(a));
    }
    if (method.equals("recv_into") && t instanceof Connection c) {
      return recvInto(c, resolved);
    }
    for (Method m : t.getClass().getMethods()) {
      if (!m.getName().equals(javaName)
          || Modifier.isStatic(m.getModifiers())
          || m.getParameterCount() != resolved.size()) {
        continue;
      }
      Object[] converted = convert(m, resolved);
      if (converted != null) {
        return outcome(() -> m.invoke(t, converted));
      }
    }
    throw new AssertionError(
        "jossl has no " + t.getClass().getSimpleName() + "." + javaName + " for " + args);
  }

  /**
   * {@code recv_into(buffer, nbytes=None, flags=None)} into a fresh buffer of the given size,
   * answered as the peer does: [count, the bytes filled]. A missing nbytes is the one-argument
   * overload (Python's None).
   */
  private Outcome recvInto(Connection c, List<Object> args) {
    byte[] buf = new byte[((Long) args.get(0)).intValue()];
    return outcome(
        () -> {
          int n =
              args.size() == 1
                  ? c.recvInto(buf)
                  : c.recvInto(
                      buf,
                      ((Long) args.get(1)).intValue(),
                      args.size() > 2 ? ((Long) args.get(2)).intValue() : 0);
          return List.of((long) n, Arrays.copyOf(buf, n));
        });
  }

  /** pyOpenSSL's method name in jossl: snake_case to lowerCamel, run-together words split. */
  static String javaName(String python) {
    if (python.equals("sendall")) {
      return "sendAll";
    }
    String[] parts = python.split("_");
    // an acronym at the start is lower case in Java (DTLSv1_listen: dtlsv1Listen)
    StringBuilder b = new StringBuilder(parts[0].toLowerCase(java.util.Locale.ROOT));
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
      }
    }
    return b.toString();
  }

  private Object resolve(Object a) {
    if (a instanceof Map<?, ?> m && m.size() == 1) {
      var e = m.entrySet().iterator().next();
      String n = String.valueOf(e.getValue());
      try {
        return switch (String.valueOf(e.getKey())) {
          case "$cert" -> pki.certs.get(n);
          case "$key" -> pki.keys.get(n);
          // the java.security types, for the overloads that take them
          case "$jcert" -> pki.certs.get(n).toJava();
          case "$jkey" -> pki.keys.get(n).toJavaPrivateKey();
          case "$subject" -> pki.certs.get(n).getSubject();
          case "$ref" -> objects.get(n);
          default -> a;
        };
      } catch (CryptoException x) {
        throw new IllegalStateException(x);
      }
    }
    if (a instanceof List<?> l) {
      return l.stream().map(this::resolve).toList();
    }
    return a;
  }

  /** The arguments converted to {@code m}'s parameter types, or null if they do not fit. */
  private static Object[] convert(Method m, List<Object> args) {
    Class<?>[] types = m.getParameterTypes();
    Type[] generic = m.getGenericParameterTypes();
    Object[] out = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Object v = convert(args.get(i), types[i], generic[i]);
      if (v == NO_MATCH) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  private static final Object NO_MATCH = new Object();

  private static Object convert(Object a, Class<?> type, Type generic) {
    if (a == null) {
      return type.isPrimitive() ? NO_MATCH : null;
    }
    if (type == int.class || type == Integer.class) {
      return a instanceof Long l ? (Object) l.intValue() : NO_MATCH;
    }
    if (type == long.class || type == Long.class) {
      return a instanceof Long l ? l : NO_MATCH;
    }
    if (type == boolean.class || type == Boolean.class) {
      return a instanceof Boolean ? a : NO_MATCH;
    }
    if (type == byte[].class) {
      return a instanceof byte[] ? a : NO_MATCH;
    }
    if (type == String.class) {
      if (a instanceof byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
      }
      return a instanceof String ? a : NO_MATCH;
    }
    if (type == List.class && a instanceof List<?> l) {
      Type element =
          generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      Class<?> raw = element instanceof Class<?> c ? c : Object.class;
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        Object v = convert(o, raw, raw);
        if (v == NO_MATCH) {
          return NO_MATCH;
        }
        out.add(v);
      }
      return out;
    }
    return type.isInstance(a) ? a : NO_MATCH;
  }

  private interface Body {
    Object run() throws Exception;
  }

  private Outcome outcome(Body body) {
    try {
      return Outcome.ok(encode(body.run()));
    } catch (InvocationTargetException e) {
      return raised(e.getCause());
    } catch (Exception e) {
      return raised(e);
    }
  }

  /** pyOpenSSL's name for a jossl exception (DESIGN.md: …Error becomes …Exception). */
  static Outcome raised(Throwable t) {
    String type =
        switch (t) {
          case WantReadException x -> "WantReadError";
          case WantWriteException x -> "WantWriteError";
          case WantX509LookupException x -> "WantX509LookupError";
          case ZeroReturnException x -> "ZeroReturnError";
          case SysCallException x -> "SysCallError";
          case CallbackException x -> "java.CallbackException";
          case OpenSslException x -> "Error";
          case CallbackBoom x -> "CallbackBoom";
          // DESIGN.md: Python's ValueError (a wrong argument) is IllegalArgumentException
          case IllegalArgumentException x -> "ValueError";
          default -> "java." + t.getClass().getSimpleName();
        };
    return Outcome.raised(type, t.getMessage());
  }

  /** A jossl value in the peer's answer format. */
  Object encode(Object v) throws CryptoException {
    return switch (v) {
      case null -> null;
      case Boolean b -> b;
      case Number n -> n.longValue();
      case String s -> s;
      case byte[] b -> b;
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
          out.add(encode(o));
        }
        yield out;
      }
      case X509 x -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$x509", x.getSubject().commonName());
        m.put("sha256", sha256(x.toDer()));
        yield m;
      }
      case X509Name n -> Map.of("$name", n.der());
      default -> {
        String name = names.get(v);
        if (name == null) {
          name = "auto-" + fresh++;
          keep(name, v);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$ref", name);
        m.put("type", v.getClass().getSimpleName());
        yield m;
      }
    };
  }

  static String sha256(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String nameOf(Object o) {
    return names.get(o);
  }

  private static String cn(X509 cert) throws CryptoException {
    return cert.getSubject().commonName();
  }

  private void boom(String kind, Object behaviour) {
    if ("raise".equals(behaviour)) {
      throw new CallbackBoom(kind);
    }
  }

  private void event(Object... values) {
    events.add(new ArrayList<>(Arrays.asList(values)));
  }

  @Override
  public Outcome callback(String target, String kind, Object behaviour, Object data, int mode) {
    Object t = objects.get(target);
    return outcome(
        () -> {
          switch (kind) {
            case "verify" -> {
              Context.VerifyCallback cb =
                  (conn, cert, errno, depth, ok) -> {
                    event("verify", nameOf(conn), cn(cert), errno, depth, ok);
                    boom(kind, behaviour);
                    return switch (String.valueOf(behaviour)) {
                      case "accept" -> true;
                      case "reject" -> false;
                      default -> ok == 1;
                    };
                  };
              if (t instanceof Context c) {
                c.setVerify(mode, cb);
              } else {
                ((Connection) t).setVerify(mode, cb);
              }
            }
            case "info" -> {
              Context.InfoCallback cb =
                  (conn, where, ret) -> event("info", nameOf(conn), where, ret);
              if (t instanceof Connection c) {
                c.setInfoCallback(cb);
              } else {
                ((Context) t).setInfoCallback(cb);
              }
            }
            case "alpn_select" ->
                ((Context) t)
                    .setAlpnSelectCallback(
                        (conn, offered) -> {
                          event("alpn_select", nameOf(conn), new ArrayList<Object>(offered));
                          boom(kind, behaviour);
                          return "NO_OVERLAPPING_PROTOCOLS".equals(behaviour)
                              ? OpenSsl.NO_OVERLAPPING_PROTOCOLS
                              : (byte[]) behaviour;
                        });
            case "ocsp_server" ->
                ((Context) t)
                    .setOcspServerCallback(
                        (conn, d) -> {
                          event("ocsp_server", nameOf(conn), d);
                          boom(kind, behaviour);
                          return (byte[]) behaviour;
                        },
                        data);
            case "ocsp_client" ->
                ((Context) t)
                    .setOcspClientCallback(
                        (conn, ocsp, d) -> {
                          event("ocsp_client", nameOf(conn), ocsp, d);
                          boom(kind, behaviour);
                          return (Boolean) behaviour;
                        },
                        data);
            case "servername" ->
                ((Context) t)
                    .setTlsextServernameCallback(
                        conn -> {
                          event("servername", nameOf(conn), conn.getServername());
                          boom(kind, behaviour);
                          if (behaviour instanceof Map<?, ?> m && m.containsKey("switch")) {
                            conn.setContext((Context) objects.get(String.valueOf(m.get("switch"))));
                          }
                        });
            case "passwd" ->
                ((Context) t)
                    .setPasswdCb(
                        (max, verify, userdata) -> {
                          event("passwd", max, verify, userdata);
                          boom(kind, behaviour);
                          return (byte[]) behaviour;
                        },
                        data);
            case "cookie_generate" ->
                ((Context) t)
                    .setCookieGenerateCallback(
                        conn -> {
                          event("cookie_generate", nameOf(conn));
                          boom(kind, behaviour);
                          return (byte[]) behaviour;
                        });
            case "cookie_verify" ->
                ((Context) t)
                    .setCookieVerifyCallback(
                        (conn, cookie) -> {
                          event("cookie_verify", nameOf(conn), cookie);
                          boom(kind, behaviour);
                          return (Boolean) behaviour;
                        });
            case "keylog" ->
                ((Context) t)
                    .setKeylogCallback(
                        (conn, line) -> {
                          String s = new String(line, StandardCharsets.US_ASCII);
                          event("keylog", nameOf(conn), s.substring(0, s.indexOf(' ')));
                        });
            default -> throw new IllegalArgumentException("unknown callback kind " + kind);
          }
          return null;
        });
  }

  @Override
  public List<Object> events() {
    List<Object> out = new ArrayList<>(events);
    events.clear();
    return out;
  }

  @Override
  public void reset() {
    for (Object o : objects.values()) {
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing is best effort between scenarios
        }
      }
    }
    objects.clear();
    names.clear();
    events.clear();
  }

  @Override
  public void close() {
    reset();
  }
}

package org.jossl.internal;

import static org.jossl.internal.ffi.Binder.C_INT;
import static org.jossl.internal.ffi.Binder.C_POINTER;
import static org.jossl.internal.ffi.Binder.C_SIZE_T;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Upcalls;

/**
 * The upcall stubs of every TLS callback type, one per type for the life of the JVM, and their
 * dispatch: each finds its {@link TlsEngine} through the {@code SSL*}'s ex_data (or its {@link
 * NativeContext} through the {@code arg} OpenSSL passes back), runs the Java handler, and turns the
 * handler's answer — or exception — into the value OpenSSL expects. No exception ever leaves these
 * methods: one that reached OpenSSL would kill the JVM. That includes a {@link StackOverflowError}
 * thrown while recording the handler's failure (a handler that overflowed the stack leaves little
 * of it): each catch block guards its own work, and then only OpenSSL's failure value is returned.
 * The engine probes the stack before each call that may reach these methods (see {@link
 * org.jossl.internal.ffi.Upcalls#ensureStack()}), so that entering them cannot overflow.
 */
final class Callbacks {
  private Callbacks() {}

  /** Our ex_data slot on {@code SSL} objects: the engine's registry id. */
  static final int SSL_INDEX = newIndex(Constants.CRYPTO_EX_INDEX_SSL);

  /** Our ex_data slot on {@code SSL_CTX} objects: the context's registry id. */
  static final int CTX_INDEX = newIndex(Constants.CRYPTO_EX_INDEX_SSL_CTX);

  private static int newIndex(int type) {
    if (!org.jossl.internal.ffi.NativeLibraries.isAvailable()) {
      return -1;
    }
    int index =
        LibCrypto.CRYPTO_get_ex_new_index(
            type,
            0,
            MemorySegment.NULL,
            MemorySegment.NULL,
            MemorySegment.NULL,
            MemorySegment.NULL);
    if (index < 0) {
      ErrorQueue.clear();
      throw new IllegalStateException("CRYPTO_get_ex_new_index failed");
    }
    return index;
  }

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private static MemorySegment stub(String name, FunctionDescriptor fd) {
    return Upcalls.stub(LOOKUP, Callbacks.class, name, fd);
  }

  static final MemorySegment VERIFY =
      stub("verify", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
  static final MemorySegment SERVER_NAME =
      stub("serverName", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
  static final MemorySegment ALPN =
      stub(
          "alpnSelect",
          FunctionDescriptor.of(
              C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER));
  static final MemorySegment KEYLOG =
      stub("keylog", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  static final MemorySegment INFO =
      stub("info", FunctionDescriptor.ofVoid(C_POINTER, C_INT, C_INT));
  static final MemorySegment MESSAGE =
      stub(
          "message",
          FunctionDescriptor.ofVoid(
              C_INT, C_INT, C_INT, C_POINTER, C_SIZE_T, C_POINTER, C_POINTER));
  static final MemorySegment NEW_SESSION =
      stub("newSession", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  static final MemorySegment OCSP =
      stub("ocsp", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  static final MemorySegment COOKIE_GENERATE =
      stub("cookieGenerate", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
  static final MemorySegment COOKIE_VERIFY =
      stub("cookieVerify", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  static final MemorySegment PSK_CLIENT =
      stub(
          "pskClient",
          FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_INT));
  static final MemorySegment PSK_SERVER =
      stub("pskServer", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT));

  private static NativeContext contextOf(MemorySegment arg) {
    return Registry.get(arg) instanceof NativeContext c ? c : null;
  }

  private static NativeContext currentContext(MemorySegment ssl) {
    return NativeContext.of(LibSsl.SSL_get_SSL_CTX(ssl));
  }

  // ---- int verify_callback(int preverify_ok, X509_STORE_CTX *ctx)

  private static int verify(int preverifyOk, MemorySegment storeCtx) {
    TlsEngine engine = null;
    try {
      MemorySegment ssl =
          LibCrypto.X509_STORE_CTX_get_ex_data(
              storeCtx, LibSsl.SSL_get_ex_data_X509_STORE_CTX_idx());
      engine = TlsEngine.of(ssl);
      if (engine == null) {
        return preverifyOk;
      }
      TlsHandlers.Verify handler = engine.verify;
      if (handler == null) {
        NativeContext c = engine.context();
        handler = c == null ? null : c.verify;
      }
      if (handler == null) {
        return preverifyOk;
      }
      MemorySegment cert = LibCrypto.X509_STORE_CTX_get_current_cert(storeCtx);
      int error = LibCrypto.X509_STORE_CTX_get_error(storeCtx);
      int depth = LibCrypto.X509_STORE_CTX_get_error_depth(storeCtx);
      if (handler.verify(engine, cert, error, depth, preverifyOk == 1)) {
        LibCrypto.X509_STORE_CTX_set_error(storeCtx, Constants.X509_V_OK);
        return 1;
      }
      return 0;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }

  // ---- int servername_cb(SSL *s, int *al, void *arg)

  private static int serverName(MemorySegment ssl, MemorySegment alert, MemorySegment arg) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = contextOf(arg);
      TlsHandlers.ServerName handler = c == null ? null : c.serverName;
      if (engine == null || handler == null) {
        return Constants.SSL_TLSEXT_ERR_OK;
      }
      String name =
          Memory.cString(LibSsl.SSL_get_servername(ssl, Constants.TLSEXT_NAMETYPE_host_name));
      int r = handler.onServerName(engine, name);
      if (r == TlsHandlers.ServerName.OK) {
        return Constants.SSL_TLSEXT_ERR_OK;
      }
      if (r == TlsHandlers.ServerName.NOACK) {
        return Constants.SSL_TLSEXT_ERR_NOACK;
      }
      Memory.setInt(alert, r);
      return Constants.SSL_TLSEXT_ERR_ALERT_FATAL;
    } catch (Throwable t) {
      try {
        Memory.setInt(alert, Constants.SSL_AD_HANDSHAKE_FAILURE);
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return Constants.SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  }

  // ---- int alpn_select_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
  //                         const unsigned char *in, unsigned int inlen, void *arg)

  private static int alpnSelect(
      MemorySegment ssl,
      MemorySegment out,
      MemorySegment outlen,
      MemorySegment in,
      int inlen,
      MemorySegment arg) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = contextOf(arg);
      TlsHandlers.AlpnSelect handler = c == null ? null : c.alpn;
      if (engine == null || handler == null) {
        return Constants.SSL_TLSEXT_ERR_NOACK;
      }
      byte[] wire = Memory.bytes(in, inlen);
      List<byte[]> offered = new ArrayList<>();
      List<Integer> offsets = new ArrayList<>();
      for (int i = 0; i < wire.length; ) {
        int n = wire[i] & 0xff;
        if (i + 1 + n > wire.length) {
          break;
        }
        offered.add(Arrays.copyOfRange(wire, i + 1, i + 1 + n));
        offsets.add(i + 1);
        i += 1 + n;
      }
      byte[] chosen = handler.select(engine, List.copyOf(offered));
      if (chosen == null) {
        return Constants.SSL_TLSEXT_ERR_NOACK;
      }
      if (chosen.length == 0 || chosen.length > 255) {
        return Constants.SSL_TLSEXT_ERR_ALERT_FATAL;
      }
      for (int i = 0; i < offered.size(); i++) {
        if (Arrays.equals(offered.get(i), chosen)) {
          Memory.setPointer(out, Memory.offset(in, offsets.get(i)));
          Memory.setByte(outlen, (byte) chosen.length);
          return Constants.SSL_TLSEXT_ERR_OK;
        }
      }
      MemorySegment kept = engine.pin(engine.arena().allocate(chosen.length));
      MemorySegment.copy(
          chosen, 0, kept, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, chosen.length);
      Memory.setPointer(out, kept);
      Memory.setByte(outlen, (byte) chosen.length);
      return Constants.SSL_TLSEXT_ERR_OK;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return Constants.SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  }

  // ---- void keylog_cb(const SSL *ssl, const char *line)

  private static void keylog(MemorySegment ssl, MemorySegment line) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = currentContext(ssl);
      TlsHandlers.Keylog handler = c == null ? null : c.keylog;
      if (engine != null && handler != null) {
        handler.line(engine, Memory.cStringBytes(line));
      }
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
    }
  }

  // ---- void info_cb(const SSL *ssl, int where, int ret)

  private static void info(MemorySegment ssl, int where, int ret) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      if (engine == null) {
        return;
      }
      TlsHandlers.Info handler = engine.info;
      if (handler == null) {
        NativeContext c = currentContext(ssl);
        handler = c == null ? null : c.info;
      }
      if (handler != null) {
        handler.info(engine, where, ret);
      }
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
    }
  }

  // ---- void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
  //                  SSL *ssl, void *arg)

  private static void message(
      int writeP,
      int version,
      int contentType,
      MemorySegment buf,
      long len,
      MemorySegment ssl,
      MemorySegment arg) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = currentContext(ssl);
      TlsHandlers.Message handler = c == null ? null : c.message;
      if (engine != null && handler != null) {
        handler.message(engine, writeP != 0, version, contentType, Memory.bytes(buf, len));
      }
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
    }
  }

  // ---- int new_session_cb(SSL *ssl, SSL_SESSION *sess)

  private static int newSession(MemorySegment ssl, MemorySegment session) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = engine == null ? null : engine.context();
      TlsHandlers.NewSession handler = c == null ? null : c.newSession;
      if (handler == null) {
        return 0;
      }
      return handler.onNewSession(engine, session) ? 1 : 0;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }

  // ---- int status_cb(SSL *s, void *arg): OCSP stapling, both ends

  private static int ocsp(MemorySegment ssl, MemorySegment arg) {
    TlsEngine engine = null;
    boolean server = false;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = contextOf(arg);
      server = engine != null && engine.isServer();
      if (engine == null || c == null) {
        return server ? Constants.SSL_TLSEXT_ERR_NOACK : 1;
      }
      if (server) {
        TlsHandlers.OcspServer handler = c.ocspServer;
        byte[] response = handler == null ? null : handler.response(engine);
        if (response == null || response.length == 0) {
          return Constants.SSL_TLSEXT_ERR_NOACK;
        }
        // OpenSSL takes ownership of the buffer: it must come from OpenSSL's allocator
        MemorySegment buf = LibCrypto.CRYPTO_malloc(response.length, MemorySegment.NULL, 0);
        if (Memory.isNull(buf)) {
          return Constants.SSL_TLSEXT_ERR_ALERT_FATAL;
        }
        Memory.write(buf, response.length, response, response.length);
        LibSsl.SSL_ctrl(
            ssl, Constants.SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP, response.length, buf);
        return Constants.SSL_TLSEXT_ERR_OK;
      }
      TlsHandlers.OcspClient handler = c.ocspClient;
      if (handler == null) {
        return 1;
      }
      try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
        MemorySegment slot = Memory.pointerSlot(a);
        long n = LibSsl.SSL_ctrl(ssl, Constants.SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP, 0, slot);
        byte[] response = n <= 0 ? new byte[0] : Memory.bytes(Memory.pointer(slot), n);
        return handler.accept(engine, response) ? 1 : 0;
      }
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return server ? Constants.SSL_TLSEXT_ERR_ALERT_FATAL : -1;
    }
  }

  // ---- DTLS cookies

  private static int cookieGenerate(MemorySegment ssl, MemorySegment cookie, MemorySegment len) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = engine == null ? null : engine.context();
      TlsHandlers.CookieGenerate handler = c == null ? null : c.cookieGenerate;
      if (handler == null) {
        return 0;
      }
      byte[] value = handler.cookie(engine);
      if (value == null || value.length > Constants.DTLS1_COOKIE_LENGTH) {
        throw new IllegalArgumentException(
            "Cookie too long (got "
                + (value == null ? 0 : value.length)
                + " bytes, max "
                + Constants.DTLS1_COOKIE_LENGTH
                + ")");
      }
      Memory.write(cookie, Constants.DTLS1_COOKIE_LENGTH, value, value.length);
      Memory.setInt(len, value.length);
      return 1;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }

  private static int cookieVerify(MemorySegment ssl, MemorySegment cookie, int len) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = engine == null ? null : engine.context();
      TlsHandlers.CookieVerify handler = c == null ? null : c.cookieVerify;
      if (handler == null) {
        return 0;
      }
      return handler.verify(engine, Memory.bytes(cookie, len)) ? 1 : 0;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }

  // ---- TLS-PSK

  private static int pskClient(
      MemorySegment ssl,
      MemorySegment hint,
      MemorySegment identity,
      int maxIdentity,
      MemorySegment psk,
      int maxPsk) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = engine == null ? null : engine.context();
      TlsHandlers.PskClient handler = c == null ? null : c.pskClient;
      if (handler == null) {
        return 0;
      }
      byte[][] answer = handler.psk(engine, Memory.cString(hint));
      if (answer == null || answer[1] == null || answer[1].length == 0) {
        return 0;
      }
      byte[] id = answer[0] == null ? new byte[0] : answer[0];
      if (id.length + 1 > maxIdentity || answer[1].length > maxPsk) {
        throw new IllegalArgumentException("PSK identity or key too long");
      }
      Memory.write(identity, maxIdentity, Arrays.copyOf(id, id.length + 1), id.length + 1);
      Memory.write(psk, maxPsk, answer[1], answer[1].length);
      return answer[1].length;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }

  private static int pskServer(
      MemorySegment ssl, MemorySegment identity, MemorySegment psk, int maxPsk) {
    TlsEngine engine = null;
    try {
      engine = TlsEngine.of(ssl);
      NativeContext c = engine == null ? null : engine.context();
      TlsHandlers.PskServer handler = c == null ? null : c.pskServer;
      if (handler == null) {
        return 0;
      }
      byte[] id = Memory.cStringBytes(identity);
      byte[] key = handler.psk(engine, id == null ? null : new String(id, StandardCharsets.UTF_8));
      if (key == null || key.length == 0) {
        return 0;
      }
      if (key.length > maxPsk) {
        throw new IllegalArgumentException("PSK too long");
      }
      Memory.write(psk, maxPsk, key, key.length);
      return key.length;
    } catch (Throwable t) {
      try {
        if (engine != null) {
          engine.fail(t);
        }
      } catch (Throwable lost) {
        // see the class comment: nothing may leave an upcall
      }
      return 0;
    }
  }
}

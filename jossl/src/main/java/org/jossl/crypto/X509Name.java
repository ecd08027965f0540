package org.jossl.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * An X.509 distinguished name; pyOpenSSL's {@code OpenSSL.crypto.X509Name}, over OpenSSL's {@code
 * X509_NAME}.
 *
 * <p>Unlike pyOpenSSL's, a name is immutable: {@link #with(String, String)} returns a changed copy
 * (pyOpenSSL's {@code name.CN = "x"}), and names taken from a certificate are copies, never views.
 * Equality and ordering are OpenSSL's ({@code X509_NAME_cmp}).
 */
public final class X509Name implements Comparable<X509Name>, AutoCloseable {
  final NativeRef ref;

  private X509Name(MemorySegment name) {
    this.ref = NativeRef.own(name, "X509_NAME", LibCrypto::X509_NAME_free);
  }

  /** Takes ownership of {@code name}. */
  static X509Name own(MemorySegment name) {
    return new X509Name(name);
  }

  /** A copy of a name that belongs to something else ({@code X509_NAME_dup}). */
  static X509Name copyOf(MemorySegment borrowed) throws CryptoException {
    return new X509Name(Errors.notNull(LibCrypto.X509_NAME_dup(borrowed), "X509_NAME_dup"));
  }

  /** A builder for a new name, entries in the order added. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes a DER {@code Name}.
   *
   * <p>OpenSSL: {@code d2i_X509_NAME}
   */
  public static X509Name fromDer(byte[] der) throws CryptoException {
    MemorySegment n = Natives.d2i(der, LibCrypto::d2i_X509_NAME);
    return new X509Name(Errors.notNull(n, "d2i_X509_NAME"));
  }

  /**
   * The value of the first entry with this attribute, or null if there is none. The attribute is a
   * short name ("CN"), a long name ("commonName") or a dotted OID.
   *
   * <p>Python: {@code X509Name.__getattr__} (e.g. {@code name.CN}). OpenSSL: {@code
   * X509_NAME_get_index_by_NID}, {@code ASN1_STRING_to_UTF8}
   *
   * @throws IllegalArgumentException if OpenSSL knows no such attribute (pyOpenSSL's {@code
   *     AttributeError("No such attribute")})
   */
  public String get(String attribute) throws CryptoException {
    int nid = nid(attribute);
    return ref.use(
        n -> {
          int index = LibCrypto.X509_NAME_get_index_by_NID(n, nid, -1);
          if (index < 0) {
            return null;
          }
          MemorySegment data =
              LibCrypto.X509_NAME_ENTRY_get_data(LibCrypto.X509_NAME_get_entry(n, index));
          byte[] utf8 = Natives.asn1ToUtf8(data);
          if (utf8 == null) {
            throw Errors.fromQueue("ASN1_STRING_to_UTF8");
          }
          return new String(utf8, StandardCharsets.UTF_8);
        });
  }

  /** {@code get("CN")}. */
  public String commonName() throws CryptoException {
    return get("CN");
  }

  /**
   * A copy with the first entry of {@code attribute} (if any) removed and a new entry {@code value}
   * appended: what pyOpenSSL's {@code name.attr = value} does. Further entries of the same
   * attribute (a second OU) stay, as in pyOpenSSL.
   *
   * <p>OpenSSL: {@code X509_NAME_delete_entry}, {@code X509_NAME_add_entry_by_NID}
   */
  public X509Name with(String attribute, String value) throws CryptoException {
    int nid = nid(attribute);
    MemorySegment copy = ref.use(n -> Errors.notNull(LibCrypto.X509_NAME_dup(n), "X509_NAME_dup"));
    X509Name result = new X509Name(copy);
    int first = LibCrypto.X509_NAME_get_index_by_NID(copy, nid, -1);
    if (first >= 0) {
      LibCrypto.X509_NAME_ENTRY_free(LibCrypto.X509_NAME_delete_entry(copy, first));
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      Errors.check(
          LibCrypto.X509_NAME_add_entry_by_NID(
                  copy,
                  nid,
                  Constants.MBSTRING_UTF8,
                  Memory.copy(arena, bytes),
                  bytes.length,
                  -1,
                  0)
              == 1,
          "X509_NAME_add_entry_by_NID");
    }
    return result;
  }

  /** One entry of a name as pyOpenSSL's {@code get_components()} gives it. */
  public record Component(String name, byte[] value) {
    /** The value decoded as UTF-8 (for display; the raw bytes are the ASN.1 string's content). */
    public String valueString() {
      return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.name.equals(name) && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "(" + name + ", " + valueString() + ")";
    }
  }

  /**
   * Every entry in order: short name and raw string bytes (multi-valued RDNs flattened).
   *
   * <p>Python: {@code X509Name.get_components()}. OpenSSL: {@code X509_NAME_get_entry}, {@code
   * OBJ_nid2sn}, {@code ASN1_STRING_get0_data}
   */
  public List<Component> getComponents() {
    return ref.use(
        n -> {
          int count = LibCrypto.X509_NAME_entry_count(n);
          List<Component> out = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            MemorySegment e = LibCrypto.X509_NAME_get_entry(n, i);
            int nid = LibCrypto.OBJ_obj2nid(LibCrypto.X509_NAME_ENTRY_get_object(e));
            String sn = Memory.cString(LibCrypto.OBJ_nid2sn(nid));
            out.add(new Component(sn, Natives.asn1Data(LibCrypto.X509_NAME_ENTRY_get_data(e))));
          }
          return out;
        });
  }

  /** The number of entries. OpenSSL: {@code X509_NAME_entry_count} */
  public int entryCount() {
    return ref.use(LibCrypto::X509_NAME_entry_count);
  }

  /**
   * OpenSSL's hash of the canonical name, as used for {@code c_rehash} directories.
   *
   * <p>Python: {@code X509Name.hash()}. OpenSSL: {@code X509_NAME_hash_ex}
   */
  public long hash() throws CryptoException {
    return ref.use(
        n -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment ok = arena.allocate(org.jossl.internal.ffi.Binder.C_INT);
            long h = LibCrypto.X509_NAME_hash_ex(n, MemorySegment.NULL, MemorySegment.NULL, ok);
            Errors.check(ok.get(org.jossl.internal.ffi.Binder.C_INT, 0) == 1, "X509_NAME_hash_ex");
            return h & 0xFFFF_FFFFL;
          }
        });
  }

  /** The DER encoding. Python: {@code X509Name.der()}. OpenSSL: {@code i2d_X509_NAME} */
  public byte[] der() throws CryptoException {
    byte[] der = ref.use(n -> Natives.i2d(n, LibCrypto::i2d_X509_NAME));
    if (der == null) {
      throw Errors.fromQueue("i2d_X509_NAME");
    }
    return der;
  }

  /** The {@code /C=US/O=Org/CN=name} form. OpenSSL: {@code X509_NAME_oneline} */
  public String oneline() {
    return ref.use(
        n -> {
          MemorySegment s = LibCrypto.X509_NAME_oneline(n, MemorySegment.NULL, 0);
          try {
            return Memory.cString(s);
          } finally {
            Natives.freeOpenSsl(s);
          }
        });
  }

  /** The RFC 2253 form, {@code CN=name,O=Org,C=US}. OpenSSL: {@code X509_NAME_print_ex} */
  public String rfc2253() {
    return ref.use(n -> print(n, Constants.XN_FLAG_RFC2253));
  }

  static String print(MemorySegment name, long flags) {
    MemorySegment bio = Natives.newMemoryBio();
    if (Memory.isNull(bio)) {
      throw new OutOfMemoryError("BIO_new");
    }
    try {
      LibCrypto.X509_NAME_print_ex(bio, name, 0, flags);
      return new String(Natives.bioContents(bio), StandardCharsets.UTF_8);
    } finally {
      LibCrypto.BIO_free(bio);
    }
  }

  /** OpenSSL's ordering of names. OpenSSL: {@code X509_NAME_cmp} */
  @Override
  public int compareTo(X509Name other) {
    return ref.use(a -> other.ref.use(b -> Integer.signum(LibCrypto.X509_NAME_cmp(a, b))));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X509Name other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    try {
      return Long.hashCode(hash());
    } catch (CryptoException e) {
      return 0;
    }
  }

  /** pyOpenSSL's repr: {@code <X509Name object '/C=US/CN=localhost'>}. */
  @Override
  public String toString() {
    return "<X509Name object '" + oneline() + "'>";
  }

  /** Frees the native name now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }

  static int nid(String attribute) {
    Objects.requireNonNull(attribute, "attribute");
    try (Arena arena = Arena.ofConfined()) {
      int nid = LibCrypto.OBJ_txt2nid(Memory.cString(arena, attribute));
      if (nid == Constants.NID_undef) {
        org.jossl.internal.ErrorQueue.clear();
        throw new IllegalArgumentException("No such attribute: " + attribute);
      }
      return nid;
    }
  }

  /** Builds a name entry by entry. */
  public static final class Builder {
    private record Entry(String field, int type, byte[] value, boolean sameRdn) {}

    private final List<Entry> entries = new ArrayList<>();

    private Builder() {}

    /**
     * Appends an entry in a new RDN; OpenSSL chooses the string type (UTF8String, or
     * PrintableString where the attribute requires it).
     *
     * @param field short name, long name or dotted OID
     */
    public Builder add(String field, String value) {
      entries.add(
          new Entry(field, Constants.MBSTRING_UTF8, value.getBytes(StandardCharsets.UTF_8), false));
      return this;
    }

    /** Appends an entry to the previous RDN, making it multi-valued ({@code OU=A+OU=B}). */
    public Builder addToPreviousRdn(String field, String value) {
      if (entries.isEmpty()) {
        throw new IllegalStateException("no previous RDN");
      }
      entries.add(
          new Entry(field, Constants.MBSTRING_UTF8, value.getBytes(StandardCharsets.UTF_8), true));
      return this;
    }

    /**
     * Appends an entry whose ASN.1 string type and content bytes are given as is (e.g. {@code
     * V_ASN1_BMPSTRING} with UTF-16BE bytes), for names OpenSSL would not build from text.
     *
     * @param asn1Type an ASN.1 universal tag number ({@code V_ASN1_*})
     */
    public Builder addRaw(String field, int asn1Type, byte[] content) {
      entries.add(new Entry(field, asn1Type, content.clone(), false));
      return this;
    }

    /**
     * Builds the name.
     *
     * <p>OpenSSL: {@code X509_NAME_add_entry_by_OBJ}
     */
    public X509Name build() throws CryptoException {
      X509Name name = new X509Name(Errors.notNull(LibCrypto.X509_NAME_new(), "X509_NAME_new"));
      MemorySegment n = name.ref.acquire();
      try (Arena arena = Arena.ofConfined()) {
        for (Entry e : entries) {
          MemorySegment obj = LibCrypto.OBJ_txt2obj(Memory.cString(arena, e.field), 0);
          if (Memory.isNull(obj)) {
            org.jossl.internal.ErrorQueue.clear();
            throw new IllegalArgumentException("No such attribute: " + e.field);
          }
          try {
            int ok =
                LibCrypto.X509_NAME_add_entry_by_OBJ(
                    n,
                    obj,
                    e.type,
                    Memory.copy(arena, e.value),
                    e.value.length,
                    -1,
                    e.sameRdn ? -1 : 0);
            Errors.check(ok == 1, "X509_NAME_add_entry_by_OBJ(" + e.field + ")");
          } finally {
            LibCrypto.ASN1_OBJECT_free(obj);
          }
        }
      } catch (CryptoException | RuntimeException ex) {
        name.ref.release();
        name.close();
        throw ex;
      }
      name.ref.release();
      return name;
    }
  }
}

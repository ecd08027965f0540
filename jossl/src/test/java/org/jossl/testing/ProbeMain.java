package org.jossl.testing;

import org.jossl.crypto.OpenSslLibrary;
import org.jossl.crypto.X509;

/**
 * Run in a forked JVM by the loading tests: reports what {@link OpenSslLibrary} found, one {@code
 * key=value} per line, then what a crypto call does.
 */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) {
    System.out.println("available=" + OpenSslLibrary.isAvailable());
    System.out.println("problem=" + OpenSslLibrary.problem());
    if (OpenSslLibrary.isAvailable()) {
      System.out.println("version=" + OpenSslLibrary.version());
      System.out.println("number=" + OpenSslLibrary.versionNumber());
      System.out.println("libcrypto=" + OpenSslLibrary.libcryptoPath());
      System.out.println("libssl=" + OpenSslLibrary.libsslPath());
      System.out.println("source=" + OpenSslLibrary.source());
    }
    try {
      X509.fromPem("garbage");
      System.out.println("call=no exception");
    } catch (Throwable t) {
      System.out.println("call=" + t.getClass().getName() + ": " + t.getMessage());
    }
  }
}

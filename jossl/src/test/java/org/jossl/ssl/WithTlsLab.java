package org.jossl.ssl;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the test classes that run scenarios through {@link TlsLab}: a test PKI in a
 * temporary directory and the lab (with its Python peer process), made before a class's first test
 * and closed after its last. The fields are static and shared by the subclasses, so such classes
 * must not run concurrently with each other (the build runs test classes one after another).
 */
abstract class WithTlsLab {
  @TempDir static Path dir;
  static TestPki pki;
  static TlsLab lab;

  @BeforeAll
  static void startLab() throws Exception {
    pki = new TestPki(dir);
    lab = new TlsLab();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }
}

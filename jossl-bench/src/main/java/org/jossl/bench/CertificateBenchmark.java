package org.jossl.bench;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a DER certificate and reading its names: jossl (OpenSSL through FFM) against the JDK's
 * CertificateFactory in the same run. Run with {@code bin/bench CertificateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CertificateBenchmark {
  private byte[] der;
  private X509 parsed;

  @Setup
  public void setup() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    parsed = root.intermediate("Bench Intermediate").issue("localhost", "127.0.0.1").certificate();
    der = parsed.toDer();
  }

  /** jossl: d2i_X509 and free. */
  @Benchmark
  public Object josslParse() throws Exception {
    try (X509 x = X509.fromDer(der)) {
      return x.getVersion();
    }
  }

  /** JDK: CertificateFactory.generateCertificate. */
  @Benchmark
  public Object jdkParse() throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der))
        .hashCode();
  }

  /** jossl: Python's getpeercert() dict. */
  @Benchmark
  public DecodedCertificate josslDecode() throws Exception {
    return parsed.decode();
  }

  /** JDK: the nearest equivalent, subject and alternative names. */
  @Benchmark
  public Object jdkDecode() throws Exception {
    X509Certificate c =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    return c.getSubjectX500Principal().getName() + c.getSubjectAlternativeNames();
  }
}

package org.jossl.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonUtf8} against CPython's {@code bytes.decode('utf-8')}: the same text for valid
 * input, and for invalid input the same {@code UnicodeDecodeError} message (offending byte or
 * range, position, reason). One Python process decodes every case.
 */
class PythonUtf8Test {
  /** Hex byte strings: valid, truncated, overlong, surrogates, out of range, bad continuations. */
  private static final List<String> CASES =
      List.of(
          "",
          "616263",
          "00",
          "7f",
          "c3a9",
          "e282ac",
          "f09f9880",
          "f48fbfbf",
          "efbfbf",
          "efbbbf41",
          "ed9fbf",
          "80",
          "bf",
          "c080",
          "c1bf",
          "c2",
          "c27f",
          "f5808080",
          "f8",
          "fe",
          "ff",
          "c3",
          "e282",
          "f09f98",
          "6162e2",
          "c341",
          "e241ac",
          "e28241",
          "f09f4180",
          "f09f9841",
          "eda080",
          "edbfbf",
          "e08080",
          "e09fbf",
          "e0a0",
          "e080",
          "f0808080",
          "f08fbfbf",
          "f4908080",
          "f48f",
          "f490",
          "616263ff646566",
          "c3a980",
          "61616161e282acc3",
          "636166e9",
          "e282ace282",
          "f09f9880f09f98");

  @Test
  void errorsAndTextMatchPython() throws Exception {
    HexFormat hex = HexFormat.of();
    List<String> inputs = new ArrayList<>(CASES);
    // decode(data, from, to) reports positions relative to from: compare with Python's slice
    byte[] framed = hex.parseHex("7878e282417979");
    int[][] slices = {{2, 7}, {2, 4}, {1, 3}};
    for (int[] s : slices) {
      inputs.add(hex.formatHex(Arrays.copyOfRange(framed, s[0], s[1])));
    }
    Peers.Result python = Peers.python("utf8_decode.py", inputs.toArray(String[]::new));
    List<String> lines = python.stdout().lines().toList();
    assertEquals(inputs.size(), lines.size(), python.stderr());

    for (int i = 0; i < CASES.size(); i++) {
      byte[] data = hex.parseHex(CASES.get(i));
      assertEquals(lines.get(i), jossl(data, 0, data.length), "bytes " + CASES.get(i));
    }
    for (int k = 0; k < slices.length; k++) {
      int[] s = slices[k];
      assertEquals(
          lines.get(CASES.size() + k), jossl(framed, s[0], s[1]), "slice " + s[0] + ".." + s[1]);
    }
  }

  private static String jossl(byte[] data, int from, int to) {
    try {
      return PythonJson.dumps(Map.of("ok", PythonUtf8.decode(data, from, to)));
    } catch (CertificateDecodeException e) {
      assertEquals("UnicodeDecodeError", e.pythonType());
      return PythonJson.dumps(Map.of("error", e.getMessage()));
    }
  }
}

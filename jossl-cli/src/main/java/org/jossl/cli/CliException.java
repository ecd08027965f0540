package org.jossl.cli;

/** A failure the user can act on: printed as one line, no stack trace, with an exit code. */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(String message) {
    this(message, 1);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = 1;
  }

  int exitCode() {
    return exitCode;
  }

  /** A usage error: exit code 2, as getopt-style tools use. */
  static CliException usage(String message) {
    return new CliException(message, 2);
  }
}

package org.jossl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The network under a {@link TlsDriver}: a connected {@link Socket} or {@link SocketChannel}, read
 * and written with a deadline. Results: bytes moved (> 0), {@link #EOF}, {@link #WOULD_BLOCK}
 * (non-blocking and nothing possible now) or {@link #TIMED_OUT}.
 */
public abstract sealed class Transport permits Transport.Streams, Transport.NonBlockingChannel {
  /** The peer closed its side. */
  public static final int EOF = -1;

  /** A non-blocking transport could not move a byte now. */
  public static final int WOULD_BLOCK = 0;

  /** The deadline passed first. */
  public static final int TIMED_OUT = -2;

  /** No deadline. */
  public static final long FOREVER = Long.MAX_VALUE;

  /**
   * A non-blocking call: move what can be moved now, else {@link #WOULD_BLOCK} (a socket in
   * Python's timeout 0 mode, over a transport that may itself be blocking).
   */
  public static final long NOW = Long.MIN_VALUE;

  /**
   * Reads into {@code dst}; {@code deadline} is a {@link System#nanoTime()}, {@link #FOREVER} or
   * {@link #NOW}.
   */
  public abstract int read(byte[] dst, int offset, int length, long deadline) throws IOException;

  /** Writes from {@code src}; may write less than asked only when non-blocking or timed out. */
  public abstract int write(byte[] src, int offset, int length, long deadline) throws IOException;

  /** Whether calls wait for the network. */
  public abstract boolean isBlocking();

  /** A transport over {@code socket}: its channel if it has one, else its streams. */
  public static Transport of(Socket socket) throws IOException {
    SocketChannel channel = socket.getChannel();
    if (channel != null && !channel.isBlocking()) {
      return new NonBlockingChannel(channel);
    }
    return new Streams(socket);
  }

  /** A transport over {@code channel}: non-blocking if the channel is. */
  public static Transport of(SocketChannel channel) throws IOException {
    if (!channel.isBlocking()) {
      return new NonBlockingChannel(channel);
    }
    return new Streams(channel.socket());
  }

  /** Blocking I/O through a socket's streams; reads honour the deadline through SO_TIMEOUT. */
  static final class Streams extends Transport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Streams(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /**
     * Reads as {@link Transport#read}; the socket's own SO_TIMEOUT is put back afterwards, since
     * its owner may read it as their setting (pyOpenSSL's Connection takes its deadline from it).
     */
    @Override
    public int read(byte[] dst, int offset, int length, long deadline) throws IOException {
      int own = socket.getSoTimeout();
      if (own == 0 && deadline == FOREVER) {
        // the usual blocking read: nothing to set, nothing to put back
        int n = in.read(dst, offset, length);
        return n < 0 ? EOF : n;
      }
      try {
        return deadline == NOW
            ? readNow(dst, offset, length)
            : readUntil(dst, offset, length, deadline);
      } finally {
        try {
          if (socket.getSoTimeout() != own) {
            socket.setSoTimeout(own);
          }
        } catch (java.net.SocketException closedMeanwhile) {
          // closed by another thread: nothing to put back
        }
      }
    }

    private int readUntil(byte[] dst, int offset, int length, long deadline) throws IOException {
      if (deadline != FOREVER) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          return TIMED_OUT;
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining)));
      } else if (socket.getSoTimeout() != 0) {
        socket.setSoTimeout(0);
      }
      try {
        int n = in.read(dst, offset, length);
        return n < 0 ? EOF : n;
      } catch (SocketTimeoutException e) {
        return TIMED_OUT;
      }
    }

    /**
     * A blocking socket read as a non-blocking one: what the kernel holds, else a 1 ms wait that
     * tells data, EOF and nothing apart (available() is 0 at EOF too).
     */
    private int readNow(byte[] dst, int offset, int length) throws IOException {
      int available = in.available();
      if (available > 0) {
        int n = in.read(dst, offset, Math.min(available, length));
        return n < 0 ? EOF : n;
      }
      socket.setSoTimeout(1);
      try {
        int n = in.read(dst, offset, length);
        return n < 0 ? EOF : n;
      } catch (SocketTimeoutException e) {
        return WOULD_BLOCK;
      }
    }

    /** Writes everything: a blocking socket's send buffer may make a {@link #NOW} write wait. */
    @Override
    public int write(byte[] src, int offset, int length, long deadline) throws IOException {
      out.write(src, offset, length);
      return length;
    }

    @Override
    public boolean isBlocking() {
      return true;
    }
  }

  /** A non-blocking channel: never waits; the caller decides when to retry. */
  static final class NonBlockingChannel extends Transport {
    private final SocketChannel channel;

    NonBlockingChannel(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read(byte[] dst, int offset, int length, long deadline) throws IOException {
      int n = channel.read(ByteBuffer.wrap(dst, offset, length));
      return n < 0 ? EOF : n;
    }

    @Override
    public int write(byte[] src, int offset, int length, long deadline) throws IOException {
      return channel.write(ByteBuffer.wrap(src, offset, length));
    }

    @Override
    public boolean isBlocking() {
      return false;
    }
  }
}

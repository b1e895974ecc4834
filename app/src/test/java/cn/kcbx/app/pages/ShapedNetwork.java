package cn.kcbx.app.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The phone's network, between the browser and the product: a TCP relay that can be switched off (every connection
 * cut, new ones refused), slowed to a 2G-like link (bandwidth shared by all connections, a delay each way), or made to
 * lose the answer to one chosen request after the server has handled it. It acts below the browser, so the page, its
 * service worker and the browser's own retries all see the same network, as on a real phone.
 */
final class ShapedNetwork implements AutoCloseable {

    private static final int SLICE = 1460;

    private final ServerSocket listener;
    private final URI target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicReference<Pattern> dropAnswerTo = new AtomicReference<>();
    private volatile boolean offline;
    private volatile Link link = Link.UNLIMITED;

    /** Bytes per second each way and the delay added in each direction (half the round trip). */
    private record Link(long bytesPerSecond, long oneWayDelayMillis) {
        static final Link UNLIMITED = new Link(0, 0);
    }

    ShapedNetwork(String targetUrl) {
        this.target = URI.create(targetUrl);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "shaped-network");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The product's address as the browser reaches it through this network. */
    String url() {
        return "http://localhost:" + listener.getLocalPort();
    }

    /** No network: open connections are cut, new ones closed at once. */
    void goOffline() {
        offline = true;
        open.forEach(ShapedNetwork::closeQuietly);
    }

    void goOnline() {
        offline = false;
    }

    /** A weak mobile link: {@code kilobitsPerSecond} each way, shared, and {@code roundTripMillis} added. */
    void throttle(int kilobitsPerSecond, int roundTripMillis) {
        open.forEach(ShapedNetwork::closeQuietly);
        link = new Link(kilobitsPerSecond * 1000L / 8, roundTripMillis / 2);
    }

    void unthrottle() {
        open.forEach(ShapedNetwork::closeQuietly);
        link = Link.UNLIMITED;
    }

    /** The server handles the next request whose request line matches, but its answer never reaches the browser. */
    void loseAnswerToNext(String requestLine) {
        dropAnswerTo.set(Pattern.compile(requestLine));
    }

    /** How many requests with a matching request line (e.g. {@code POST /api/cases/.+/visits}) went through. */
    long requestsMatching(String requestLine) {
        Pattern pattern = Pattern.compile(requestLine);
        return requestLines.stream().filter(line -> pattern.matcher(line).lookingAt()).count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket browser = listener.accept();
                if (offline) {
                    closeQuietly(browser);
                    continue;
                }
                Socket server = new Socket(target.getHost(), target.getPort());
                open.add(browser);
                open.add(server);
                Connection connection = new Connection(browser, server, link);
                connection.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    continue;
                }
                return;
            }
        }
    }

    /** One browser connection: a delay line each way, the answer to a chosen request cut off. */
    private final class Connection {

        private final Socket browser;
        private final Socket server;
        private final Link shape;
        private volatile boolean loseNextAnswer;

        Connection(Socket browser, Socket server, Link shape) {
            this.browser = browser;
            this.server = server;
            this.shape = shape;
        }

        void start() throws IOException {
            relay("up", browser.getInputStream(), server.getOutputStream(), true);
            relay("down", server.getInputStream(), browser.getOutputStream(), false);
        }

        private void relay(String direction, InputStream from, OutputStream to, boolean upstream) {
            BlockingQueue<byte[]> line = new LinkedBlockingQueue<>();
            daemon(direction + "-read", () -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        byte[] chunk = Arrays.copyOf(buffer, n);
                        if (upstream) {
                            noteRequest(chunk);
                        }
                        line.put(stamp(chunk));
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection is over
                } finally {
                    line.add(new byte[0]);
                }
            });
            daemon(direction + "-write", () -> {
                try {
                    while (true) {
                        byte[] stamped = line.take();
                        if (stamped.length == 0) {
                            break;
                        }
                        long arrived = readStamp(stamped);
                        sleepUntil(arrived + shape.oneWayDelayMillis());
                        byte[] chunk = Arrays.copyOfRange(stamped, Long.BYTES, stamped.length);
                        if (!upstream && loseNextAnswer) {
                            // The start of an answer, then the line goes dead: the browser cannot take the request
                            // for unsent and resend it by itself; the page sees its request fail half-way.
                            to.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
                                             .getBytes(StandardCharsets.US_ASCII));
                            to.flush();
                            break;
                        }
                        for (int at = 0; at < chunk.length; at += SLICE) {
                            int length = Math.min(SLICE, chunk.length - at);
                            pace(length);
                            to.write(chunk, at, length);
                        }
                        to.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection is over
                } finally {
                    closeQuietly(browser);
                    closeQuietly(server);
                    open.remove(browser);
                    open.remove(server);
                }
            });
        }

        private void noteRequest(byte[] chunk) {
            String head = new String(chunk, 0, Math.min(chunk.length, 512), StandardCharsets.ISO_8859_1);
            if (!head.matches("(?s)^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) .*")) {
                return;
            }
            String requestLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
            requestLines.add(requestLine);
            Pattern drop = dropAnswerTo.get();
            if (drop != null && drop.matcher(requestLine).lookingAt() && dropAnswerTo.compareAndSet(drop, null)) {
                loseNextAnswer = true;
            }
        }

        /** Waits for the link to carry {@code bytes} more (one budget for every connection). */
        private void pace(int bytes) throws InterruptedException {
            if (shape.bytesPerSecond() > 0) {
                sleepUntil(Budget.reserve(bytes, shape.bytesPerSecond()));
            }
        }
    }

    /** The link's capacity in time: when the next byte may go, for all connections together. */
    private static final class Budget {
        private static long freeAt;

        static synchronized long reserve(int bytes, long bytesPerSecond) {
            long now = System.currentTimeMillis();
            freeAt = Math.max(freeAt, now) + bytes * 1000L / bytesPerSecond;
            return freeAt;
        }
    }

    private static byte[] stamp(byte[] chunk) {
        long now = System.currentTimeMillis();
        byte[] stamped = new byte[Long.BYTES + chunk.length];
        for (int i = 0; i < Long.BYTES; i++) {
            stamped[i] = (byte) (now >>> (8 * (Long.BYTES - 1 - i)));
        }
        System.arraycopy(chunk, 0, stamped, Long.BYTES, chunk.length);
        return stamped;
    }

    private static long readStamp(byte[] stamped) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (stamped[i] & 0xff);
        }
        return value;
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, "shaped-network-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(ShapedNetwork::closeQuietly);
    }
}

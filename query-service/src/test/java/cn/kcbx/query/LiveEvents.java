package cn.kcbx.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a server-sent event stream in tests, one event at a time. */
public final class LiveEvents {

    private LiveEvents() {
    }

    /** The next event as its name, a line break and its data lines (comments such as heartbeats are skipped). */
    public static String next(BufferedReader reader) {
        StringBuilder event = new StringBuilder();
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!event.isEmpty()) {
                        return event.toString();
                    }
                    continue;
                }
                if (line.startsWith("event:")) {
                    event.append(line.substring(6).strip()).append('\n');
                } else if (line.startsWith("data:")) {
                    event.append(line.substring(5)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return event.toString();
    }
}

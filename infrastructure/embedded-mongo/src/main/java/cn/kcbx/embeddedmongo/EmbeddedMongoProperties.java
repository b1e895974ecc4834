package cn.kcbx.embeddedmongo;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.LocalTime;

/**
 * Settings of the embedded store, used only when {@code spring.data.mongodb.uri} is not set.
 *
 * @param dataDirectory where the data file lives; it survives restarts
 * @param host          the loopback address to listen on
 * @param port          the port to listen on (0 picks a free one)
 * @param database      the database name
 * @param backup        daily online backups (off unless a directory is set)
 */
@ConfigurationProperties("kcbx.embedded-mongo")
public record EmbeddedMongoProperties(Path dataDirectory, String host, Integer port, String database, Backup backup) {

    public EmbeddedMongoProperties {
        backup = backup == null ? new Backup(null, null, null) : backup;
        dataDirectory = dataDirectory == null ? Path.of("data") : dataDirectory;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 27117 : port;
        database = database == null ? "kcbx" : database;
    }

    public Path dataFile() {
        return dataDirectory.resolve("kcbx-mongo.mv.db");
    }

    /** The store's access key (see {@link StoreAccess}), next to the data file. */
    public Path accessKeyFile() {
        return dataDirectory.resolve(StoreAccess.DEFAULT_FILE_NAME);
    }

    /**
     * @param directory where the backups go (off when not set); best on another disk than the data directory
     * @param dailyAt   the local time of day of the backup
     * @param keep      how many backups to keep (the oldest are removed)
     */
    public record Backup(Path directory, LocalTime dailyAt, Integer keep) {

        public Backup {
            dailyAt = dailyAt == null ? LocalTime.of(2, 30) : dailyAt;
            keep = keep == null ? 7 : keep;
        }
    }
}

package cn.kcbx.benchmark;

import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.embeddedmongo.KeyFiles;
import cn.kcbx.embeddedmongo.StoreAccess;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.query.QueryServiceApplication;

import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static cn.kcbx.benchmark.BenchmarkReport.deleteRecursively;

/**
 * The query service on a fresh embedded store in a temporary directory (under {@code bench.dataDirectory} when set),
 * with its own keys, quiet logs and a free port; closing it stops both and deletes the directory.
 */
final class TemporaryReadSide implements AutoCloseable {

    final Path directory;
    final EmbeddedMongoServer store;
    final ConfigurableApplicationContext context;

    private TemporaryReadSide(Path directory, EmbeddedMongoServer store, ConfigurableApplicationContext context) {
        this.directory = directory;
        this.store = store;
        this.context = context;
    }

    /** Starts both; {@code arguments} are added to the query service's own (later ones win). */
    static TemporaryReadSide start(String directoryPrefix, String... arguments) throws IOException {
        String parent = System.getProperty("bench.dataDirectory");
        Path directory = parent == null ? Files.createTempDirectory(directoryPrefix)
                : Files.createTempDirectory(Path.of(parent), directoryPrefix);
        EmbeddedMongoServer store = null;
        try {
            store = EmbeddedMongoServer.start(directory.resolve("kcbx-mongo.mv.db"), "127.0.0.1", 0,
                                              directory.resolve(StoreAccess.DEFAULT_FILE_NAME));
            Path masterKey = directory.resolve("kcbx-master.key");
            MasterKey.load(masterKey, true);
            Path sessionKey = directory.resolve("kcbx-session.key");
            KeyFiles.load(sessionKey, true, "Session key", "benchmark");
            List<String> all = new ArrayList<>(List.of(
                    "--spring.data.mongodb.uri=" + store.connectionString("kcbx"),
                    "--kcbx.privacy.master-key-file=" + masterKey,
                    "--kcbx.security.session-key-file=" + sessionKey,
                    "--server.port=0",
                    "--logging.level.root=WARN",
                    "--logging.level.cn.kcbx=WARN"));
            all.addAll(List.of(arguments));
            ConfigurableApplicationContext context = QueryServiceApplication.builder().run(all.toArray(String[]::new));
            return new TemporaryReadSide(directory, store, context);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            deleteRecursively(directory);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            context.close();
        } finally {
            store.close();
            deleteRecursively(directory);
        }
    }
}

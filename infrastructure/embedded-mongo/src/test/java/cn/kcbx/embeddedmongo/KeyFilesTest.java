package cn.kcbx.embeddedmongo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFilesTest {

    private static final String SESSION_HINT = "point kcbx.security.session-key-file at it";

    @TempDir
    Path directory;

    @Test
    void a_missing_key_file_is_generated_owner_only_and_then_loads_back_the_same_key() throws Exception {
        Path file = directory.resolve("data").resolve("kcbx-session.key");

        byte[] generated = KeyFiles.load(file, true, "Session key", SESSION_HINT);

        assertThat(generated).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyFiles.load(file, false, "Session key", SESSION_HINT)).isEqualTo(generated);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file); // no draft left behind
        }
    }

    @Test
    void processes_starting_at_once_all_get_the_one_key_that_was_written_first() {
        Path file = directory.resolve("kcbx-session.key");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<byte[]>> loads = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return KeyFiles.load(file, true, "Session key", SESSION_HINT);
        })).toList();
        start.countDown();

        byte[] first = loads.get(0).join();
        assertThat(loads).allSatisfy(load -> assertThat(load.join()).isEqualTo(first));
    }

    @Test
    void a_named_file_that_must_not_be_made_up_is_an_error_naming_the_setting() {
        assertThatThrownBy(() -> KeyFiles.load(directory.resolve("master.key"), false, "Master key",
                                                "point kcbx.privacy.master-key-file at it"))
                .hasMessageContaining("kcbx.privacy.master-key-file").hasMessageContaining("does not exist");
    }
}

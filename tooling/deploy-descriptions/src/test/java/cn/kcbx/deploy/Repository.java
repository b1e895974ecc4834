package cn.kcbx.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The repository this module sits in, and the settings its documentation names. */
final class Repository {

    static final Path ROOT = locate();

    /** Every property written as {@code `kcbx.…`}, {@code `spring.…`}, {@code `server.…`} or {@code `management.…`}
     *  in README.md and deploy/README.md, in the form of an environment variable (relaxed binding). */
    private static final Set<String> DOCUMENTED = documented();

    private Repository() {
    }

    /**
     * Whether an environment variable sets a documented property: {@code KCBX_CASE_INTAKESEALINGKEYFILE} is
     * {@code kcbx.case.intake-sealing-key-file}. A typo in a variable name would otherwise be ignored by Spring
     * without a word, and the service would start without the setting.
     */
    static boolean isDocumentedSetting(String environmentVariable) {
        return DOCUMENTED.contains(environmentVariable);
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> documented() {
        String docs = read("README.md") + read("deploy/README.md");
        Matcher property = Pattern.compile("`((?:kcbx|spring|server|management)\\.[a-z0-9.-]+)").matcher(docs);
        return property.results().map(m -> m.group(1))
                .map(p -> p.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the kcbx repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

package cn.kcbx.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the personal data lookup key derived from a master key, as every installation derived it before the two were
 * separated: needed once before the first master key rotation where the services could not write it themselves
 * (read-only key mounts). Run with the installation's original master key (deploy/README.md, "Rotating the master
 * key"):
 *
 * <pre>java -cp kcbx-app-…-exec.jar -Dloader.main=cn.kcbx.privacy.ExportLookupKey \
 *     org.springframework.boot.loader.launch.PropertiesLauncher MASTER_KEY_FILE LOOKUP_KEY_FILE</pre>
 */
public final class ExportLookupKey {

    private static final Logger log = LoggerFactory.getLogger(ExportLookupKey.class);

    private ExportLookupKey() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            log.error("usage: ExportLookupKey MASTER_KEY_FILE LOOKUP_KEY_FILE");
            System.exit(2);
        }
        log.info(export(Path.of(args[0]), Path.of(args[1])));
    }

    /** Writes the file (owner-only) unless it exists; refuses an existing file that holds another key. */
    static String export(Path masterKeyFile, Path lookupKeyFile) throws IOException {
        MasterKey masterKey = MasterKey.load(masterKeyFile, false);
        LookupKey derived = masterKey.derivedLookupKey();
        if (Files.exists(lookupKeyFile)) {
            LookupKey existing = LookupKey.load(lookupKeyFile);
            if (!existing.id().equals(derived.id())) {
                throw new IllegalStateException(lookupKeyFile + " exists and holds another lookup key (id "
                        + existing.id() + ") than master key " + masterKey.id() + " derives (id " + derived.id()
                        + "): left as it is");
            }
            return lookupKeyFile + " already holds the lookup key derived from master key " + masterKey.id()
                    + " (id " + derived.id() + ")";
        }
        derived.writeTo(lookupKeyFile);
        return "wrote " + lookupKeyFile + ": the lookup key derived from master key " + masterKey.id() + " (id "
                + derived.id() + "); back it up with the master key";
    }
}

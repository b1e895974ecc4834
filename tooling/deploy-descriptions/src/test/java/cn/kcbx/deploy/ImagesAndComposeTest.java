package cn.kcbx.deploy;

import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.eventstore.SigningKey;
import cn.kcbx.privacy.LookupKey;
import cn.kcbx.privacy.MasterKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfiles against this build, the compose file against its secrets and the product's limits, the proxy's
 * routing against deploy/nginx/kcbx.conf, and the key files deploy/make-keys.sh writes against the services' own
 * key classes. (`docker-compose config` itself runs in deploy/check-descriptions.sh.)
 */
class ImagesAndComposeTest {

    static final String VERSION = System.getProperty("kcbx.version", "0.1.0-SNAPSHOT");
    static final String JAVA = System.getProperty("kcbx.java.version", "17");

    @ParameterizedTest
    @ValueSource(strings = {"case-service", "query-service"})
    void theDockerfileBuildsFromThisBuildsExecJar(String service) {
        String dockerfile = Repository.read("deploy/docker/" + service + ".Dockerfile");
        // The base: Temurin's JRE of the Java the project is built for, pinned to a full release and an OS.
        Matcher from = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)\\.\\d+\\.\\d+_\\d+-jre-[a-z]+$").matcher(dockerfile);
        assertThat(from.find()).as("%s: FROM eclipse-temurin:<full version>-jre-<os>", service).isTrue();
        assertThat(from.group(1)).as("the JRE's major version is the build's java.version").isEqualTo(JAVA);
        assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).isEqualTo(1);

        // The jar: what spring-boot-maven-plugin writes (artifactId-version-exec.jar), at this build's version.
        assertThat(dockerfile).contains("ARG KCBX_VERSION=" + VERSION);
        String pom = Repository.read(service + "/pom.xml");
        assertThat(pom).contains("<artifactId>" + service + "</artifactId>").contains("<classifier>exec</classifier>");
        assertThat(dockerfile).containsPattern("(?m)^COPY " + Pattern.quote(service + "/target/" + service + "-${KCBX_VERSION}-exec.jar") + " ");
        Path jar = Repository.ROOT.resolve(service + "/target/" + service + "-" + VERSION + "-exec.jar");
        if (Files.isDirectory(jar.getParent()) && hasExecJar(jar.getParent())) {
            assertThat(jar).as("the jar the Dockerfile copies, as the build names it").exists();
        }

        // Not root; memory from the container's limit; health from the actuator on its own port (management.server.port,
        // never the proxied one: metrics are answered there only).
        assertThat(dockerfile).containsPattern("(?m)^USER 10001:10001$").contains("-XX:MaxRAMPercentage=");
        String yml = Repository.read(service + "/src/main/resources/" + service + ".yml");
        Matcher port = Pattern.compile("port: \\$\\{PORT:(\\d+)}").matcher(yml);
        assertThat(port.find()).isTrue();
        Matcher management = Pattern.compile("(?m)^ENV MANAGEMENT_SERVER_PORT=(\\d+)$").matcher(dockerfile);
        assertThat(management.find()).as("%s: the actuator on a port of its own", service).isTrue();
        assertThat(management.group(1)).isNotEqualTo(port.group(1));
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + port.group(1) + " " + management.group(1) + "$")
                .containsPattern("(?m)^HEALTHCHECK .*\\n.*/dev/tcp/127\\.0\\.0\\.1/\\$\\{MANAGEMENT_SERVER_PORT:-"
                        + management.group(1) + "}.*/actuator/health ");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"/opt/kcbx/" + service + "\\.jar\"]$");
    }

    @Test
    void theHealthCheckAsksAndUnderstandsHttp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash");
        String dockerfile = Repository.read("deploy/docker/query-service.Dockerfile");
        Matcher command = Pattern.compile("CMD \\[\"bash\", \"-c\", \"(.*)\"]").matcher(dockerfile);
        assertThat(command.find()).isTrue();
        String script = command.group(1).replace("\\\\", "\\");
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            for (String status : List.of("200", "503")) {
                Thread answer = new Thread(() -> {
                    try (var socket = server.accept()) {
                        // The whole request head first, as a server does: answering and closing after the first
                        // line would break the check's pipe while it is still writing the rest.
                        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                                socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                        String line = reader.readLine();
                        for (String header = line; header != null && !header.isEmpty(); header = reader.readLine()) {
                            // skip to the blank line that ends the head
                        }
                        String code = line.equals("GET /actuator/health HTTP/1.0") ? status : "400";
                        socket.getOutputStream().write(("HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n").getBytes());
                    } catch (IOException ignored) {
                        // the check below fails
                    }
                });
                answer.start();
                // The image's check with MANAGEMENT_SERVER_PORT pointed at this stand-in, which answers `status` to the right request.
                var check = new ProcessBuilder("bash", "-c", script);
                check.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(server.getLocalPort()));
                Process run = check.redirectErrorStream(true).start();
                assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
                answer.join(10_000);
                assertThat(run.exitValue()).as("health check exit code for %s", status).isEqualTo(status.equals("200") ? 0 : 1);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsTheReplicaSetTwoWritersAndOneQueryService() {
        Map<String, Object> compose = new Yaml().load(Repository.read("deploy/compose/compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> secrets = (Map<String, Object>) compose.get("secrets");

        for (String mongo : List.of("mongo1", "mongo2", "mongo3")) {
            List<String> command = (List<String>) services.get(mongo).get("command");
            assertThat(String.join(" ", command)).contains("--replSet rs0").contains("--keyFile ");
            assertThat((Map<String, String>) services.get(mongo).get("environment"))
                    .containsKey("MONGO_INITDB_ROOT_PASSWORD_FILE").doesNotContainKey("MONGO_INITDB_ROOT_PASSWORD");
        }
        assertThat(Repository.read("deploy/compose/mongo-init-replica-set.js"))
                .contains("rs.initiate(").contains("mongo1:27017").contains("mongo2:27017").contains("mongo3:27017");

        List<String> kcbx = services.keySet().stream().filter(s -> s.startsWith("case-service") || s.startsWith("query-service")).toList();
        assertThat(kcbx).containsExactlyInAnyOrder("case-service-1", "case-service-2", "query-service-1", "query-service-2");
        for (String name : kcbx) { // the proxy's upstreams name the aliases, so it reaches both processes of each
            String alias = name.substring(0, name.lastIndexOf('-'));
            assertThat(String.valueOf(services.get(name).get("networks"))).as(name).contains("aliases=[" + alias + "]");
            assertThat(services.get(name)).as(name).doesNotContainKeys("scale", "deploy");
        }
        List<String> signers = new ArrayList<>();
        for (String name : kcbx) {
            Map<String, Object> service = services.get(name);
            Map<String, Object> environment = new LinkedHashMap<>((Map<String, Object>) service.get("environment"));
            assertThat(String.valueOf(environment.get("SPRING_DATA_MONGODB_URI"))).as(name)
                    .contains("replicaSet=rs0").contains("mongo1:27017,mongo2:27017,mongo3:27017").contains("${KCBX_DB_PASSWORD}");
            List<String> mounted = (List<String>) service.get("secrets");
            environment.forEach((variable, value) -> {
                assertThat(Repository.isDocumentedSetting(variable)).as("%s: %s names a documented property", name, variable).isTrue();
                if (String.valueOf(value).startsWith("/run/secrets/")) {
                    String secret = String.valueOf(value).substring("/run/secrets/".length());
                    assertThat(mounted).as("%s: %s is mounted", name, variable).contains(secret);
                    assertThat(secrets).containsKey(secret);
                }
            });
            if (name.startsWith("case-service")) {
                assertThat(environment).containsKeys("KCBX_CASE_STUDENTKEYFILE", "KCBX_PRIVACY_MASTERKEYFILE",
                        "KCBX_SECURITY_SESSIONKEYFILE", "KCBX_CASE_INTAKESEALINGKEYFILE", "KCBX_INTEGRITY_SIGNINGKEYFILE");
                if (!"0".equals(String.valueOf(environment.get("KCBX_INTEGRITY_CHECKPOINTINTERVAL")))) {
                    signers.add(name);
                }
            } else {
                assertThat(environment).containsKeys("KCBX_PRIVACY_MASTERKEYFILE", "KCBX_SECURITY_SESSIONKEYFILE");
            }
            assertThat(environment).as(name).containsEntry("KCBX_PRIVACY_LOOKUPKEYFILE",
                                                           "/run/secrets/personal-data-lookup.key");
        }
        assertThat(signers).as("one case-service process signs checkpoints").hasSize(1);
        assertThat(secrets.values()).allSatisfy(s -> assertThat(String.valueOf(s)).contains("${KCBX_SECRETS_DIR}/"));
        assertThat(String.valueOf(services.get("proxy").get("image"))).isEqualTo("nginxinc/nginx-unprivileged:1.28.0-alpine");

        // The proxy's own address is the one the services trust to name the client.
        String proxyAddress = String.valueOf(((Map<String, Map<String, Object>>) services.get("proxy").get("networks")).get("kcbx").get("ipv4_address"));
        assertThat(String.valueOf(((Map<String, Object>) services.get("query-service-1").get("environment")).get("SERVER_TOMCAT_REMOTEIP_INTERNALPROXIES")))
                .isEqualTo(proxyAddress.replace(".", "\\."));

        // Every variable the file uses is in the example environment.
        Properties example = new Properties();
        try {
            example.load(new java.io.StringReader(Repository.read("deploy/compose/.env.example")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Pattern.compile("\\$\\{([A-Z_]+)}").matcher(Repository.read("deploy/compose/compose.yml")).results()
                .forEach(m -> assertThat(example).as(".env.example").containsKey(m.group(1)));
    }

    /** The containers' proxy routes exactly as deploy/nginx/kcbx.conf does (which ReadSideGatewayPathsTest checks). */
    @Test
    void theContainersProxyRoutesAsKcbxConf() {
        String host = Repository.read("deploy/nginx/kcbx.conf");
        String containers = Repository.read("deploy/nginx/kcbx-containers.conf");
        assertThat(routing(containers)).isEqualTo(routing(host)).hasSizeGreaterThan(4);
        assertThat(containers).contains("upstream kcbx_case_service  { server case-service:8080;")
                .contains("upstream kcbx_query_service { server query-service:8081;");
    }

    static List<String> routing(String conf) {
        Pattern block = Pattern.compile("(?m)^\\s*(map \\$request_method [^{]*\\{[^}]*}|location [^{]*\\{[^}]*})");
        return block.matcher(conf).results().map(m -> m.group(1).replaceAll("\\s+", " ").trim())
                .filter(b -> !b.startsWith("location = /nginx-health") && !b.contains("return 301")).toList();
    }

    /** What deploy/make-keys.sh writes is what the services read: loaded with their own key classes. */
    @Test
    void makeKeysWritesKeysTheServicesAccept(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is needed by deploy/make-keys.sh");
        Path keys = dir.resolve("keys");
        Process make = new ProcessBuilder("bash", Repository.ROOT.resolve("deploy/make-keys.sh").toString(), keys.toString(),
                                          "--self-signed-tls", "kcbx.example.edu.cn").redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();

        for (String key : List.of("master.key", "personal-data-lookup.key", "student-lookup.key", "session.key")) {
            assertThat(Base64.getDecoder().decode(Files.readString(keys.resolve(key)).trim())).as(key).hasSize(32);
        }
        IntakeSealingKey intake = IntakeSealingKey.loadOrCreate(keys.resolve("intake-sealing.key"));
        assertThat(Files.readString(keys.resolve("intake-sealing.key"))).contains("keyId=" + intake.keyId() + "\n");
        SigningKey signing = SigningKey.load(keys.resolve("integrity-signing.key"));
        assertThat(SigningKey.verify(signing.publicKeyBase64(), "checkpoint", signing.sign("checkpoint"))).isTrue();
        assertThat(Files.readString(keys.resolve("mongo-keyfile")).trim()).hasSizeBetween(6, 1024).matches("[A-Za-z0-9+/=]+");
        assertThat(Files.readString(keys.resolve("initial-admin-password")).trim()).matches("[A-Za-z0-9]{16}");
        assertThat(Files.readString(keys.resolve("grafana-admin-password")).trim()).matches("[A-Za-z0-9]{24}");
        assertThat(keys.resolve("tls.crt")).exists();
        // Every secret file the compose files mount is one the script writes.
        for (String compose : List.of("deploy/compose/compose.yml", "deploy/compose/compose.metrics.yml")) {
            List<String> mounted = java.util.regex.Pattern.compile("\\$\\{KCBX_SECRETS_DIR}/([^\"]+)\"")
                    .matcher(Files.readString(Repository.ROOT.resolve(compose))).results().map(m -> m.group(1)).toList();
            assertThat(mounted).as(compose).isNotEmpty();
            assertThat(mounted).as(compose).allSatisfy(file -> assertThat(keys.resolve(file)).exists());
        }
        for (Path file : Files.list(keys).toList()) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }

        // A second run keeps every key.
        String before = Files.readString(keys.resolve("master.key"));
        Process again = new ProcessBuilder("bash", Repository.ROOT.resolve("deploy/make-keys.sh").toString(), keys.toString())
                .redirectErrorStream(true).start();
        assertThat(new String(again.getInputStream().readAllBytes())).contains("created nothing");
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(keys.resolve("master.key"))).isEqualTo(before);
    }

    /**
     * Beside the master key of an installation from before the lookup key had a file of its own, make-keys.sh writes
     * the lookup key derived from it, exactly as the services derive it, so that every student's hash stays valid.
     */
    @Test
    void makeKeysDerivesTheLookupKeyOfAnExistingMasterKeyAsTheServicesDo(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is needed by deploy/make-keys.sh");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        MasterKey existing = MasterKey.load(keys.resolve("master.key"), true);

        Process make = new ProcessBuilder("bash", Repository.ROOT.resolve("deploy/make-keys.sh").toString(), keys.toString())
                .redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();

        assertThat(LookupKey.load(keys.resolve("personal-data-lookup.key")).id())
                .isEqualTo(existing.derivedLookupKey().id());
    }

    private static boolean hasExecJar(Path target) {
        try (var files = Files.list(target)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-exec.jar"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}

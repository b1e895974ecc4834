# The case-service (commands, the web pages and the phones' sealing key) from its executable jar, as production runs it.
# Build from the repository root after `./mvnw -B -DskipTests package`:
#   docker build -f deploy/docker/case-service.Dockerfile -t kcbx/case-service:0.1.0-SNAPSHOT .
# The base: Eclipse Temurin 17 JRE (the project's Java), pinned to the release the build machines run (17.0.15+6);
# deploy/README.md says how the tag was chosen. DeployDescriptionsTest checks the tag and the jar name below.
FROM eclipse-temurin:17.0.15_6-jre-jammy

ARG KCBX_VERSION=0.1.0-SNAPSHOT

# A user of its own, never root; uid 10001 is what the key files are given to (deploy/make-keys.sh, Kubernetes fsGroup).
RUN groupadd --system --gid 10001 kcbx \
 && useradd --system --uid 10001 --gid kcbx --home-dir /opt/kcbx --shell /usr/sbin/nologin kcbx \
 && mkdir -p /opt/kcbx /var/lib/kcbx/integrity \
 && chown -R kcbx:kcbx /var/lib/kcbx
WORKDIR /opt/kcbx
COPY case-service/target/case-service-${KCBX_VERSION}-exec.jar /opt/kcbx/case-service.jar

USER 10001:10001
# 8080: the API and pages, behind the reverse proxy. 9080: the actuator alone (health for the probes, metrics for
# Prometheus), the operator's port: never published, never proxied (deploy/README.md, "Metrics").
ENV MANAGEMENT_SERVER_PORT=9080
EXPOSE 8080 9080
# Container-aware memory: the heap follows the container's limit instead of the host's RAM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
# Key files are mounted read-only at run time (compose secrets, Kubernetes Secrets), never baked into the image.
# No curl needed: bash asks the actuator for its health over /dev/tcp, on its own port, and wants a 200 (status UP).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-9080} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/kcbx/case-service.jar"]

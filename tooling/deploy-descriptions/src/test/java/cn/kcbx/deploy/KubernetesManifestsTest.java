package cn.kcbx.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/*.yaml read strictly into the Kubernetes model classes (fabric8 {@value #MODEL}), with the rules
 * deploy/README.md states checked on the result. No cluster is needed; what a cluster would refuse for reasons beyond
 * the schema (admission, quotas, an image that cannot be pulled) is not checked here.
 */
class KubernetesManifestsTest {

    static final String MODEL = "8.0.0";
    static final Path K8S = Repository.ROOT.resolve("deploy/k8s");
    static final String NAMESPACE = "kcbx";

    /** The kinds deploy/k8s may use, each with the one apiVersion the model class reads. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    static final List<HasMetadata> objects = new ArrayList<>();

    @BeforeAll
    static void readEveryManifest() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        List<Path> files;
        try (Stream<Path> listing = Files.list(K8S)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).as("manifests in deploy/k8s").isNotEmpty();
        for (Path file : files) {
            try (JsonParser parser = yaml.getFactory().createParser(file.toFile())) {
                for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                    if (document == null || document.isNull() || document.isEmpty()) {
                        continue;
                    }
                    String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                    Class<? extends HasMetadata> model = KINDS.get(type);
                    assertThat(model).as("%s: a kind deploy/k8s may use (%s)", file.getFileName(), type).isNotNull();
                    HasMetadata object = yaml.treeToValue(document, model);
                    List<String> unknown = new ArrayList<>();
                    unknownFields(object, type + " " + object.getMetadata().getName(), unknown);
                    assertThat(unknown).as("%s: fields the Kubernetes schema does not have", file.getFileName()).isEmpty();
                    objects.add(object);
                }
            }
        }
    }

    @Test
    void readsEveryKindTheDeploymentNeeds() {
        assertThat(objects).extracting(o -> o.getKind() + " " + o.getMetadata().getName()).contains(
                "Namespace kcbx", "Secret kcbx-keys", "Secret kcbx-mongodb", "Deployment case-service-signer",
                "Deployment case-service", "Deployment query-service", "PodDisruptionBudget case-service",
                "HorizontalPodAutoscaler query-service", "PodDisruptionBudget query-service", "Service case-service", "Service query-service");
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getMetadata().getName()).isEqualTo(NAMESPACE));
    }

    /** The strictness is real: a misspelt field is caught (the model would otherwise keep it aside silently). */
    @Test
    void aMisspeltFieldIsCaught() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Deployment wrong = yaml.readValue("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          readinesProbe: {httpGet: {path: /, port: 80}}
                """, Deployment.class);
        List<String> unknown = new ArrayList<>();
        unknownFields(wrong, "Deployment x", unknown);
        assertThat(unknown).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void everyDeploymentHasProbesLimitsAndRunsAsNonRoot() {
        for (Deployment deployment : all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as("%s: selector within the pod's labels", name)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("%s runAsUser", name).isNotNull().isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                String where = name + "/" + container.getName();
                assertThat(container.getImage()).as("%s: a pinned image tag", where).matches(".+:[0-9][^:]*$");
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(where).contains("ALL");
                assertThat(container.getResources().getLimits()).as("%s limits", where).containsKeys("cpu", "memory");
                assertThat(container.getResources().getRequests()).as("%s requests", where).containsKeys("cpu", "memory");
                for (Probe probe : List.of(nonNull(container.getStartupProbe(), where + " startupProbe"),
                                           nonNull(container.getLivenessProbe(), where + " livenessProbe"),
                                           nonNull(container.getReadinessProbe(), where + " readinessProbe"))) {
                    String port = probe.getHttpGet().getPort().getStrVal();
                    assertThat(container.getPorts()).extracting(ContainerPort::getName).as("%s: probe port", where).contains(port);
                }
            }
        }
    }

    /** The services' probes ask the actuator's liveness and readiness groups, which both services expose. */
    @Test
    void theServicesProbesAskTheActuator() throws IOException {
        for (String service : List.of("case-service", "query-service")) {
            String yml = Files.readString(Repository.ROOT.resolve(service + "/src/main/resources/" + service + ".yml"));
            assertThat(yml).as(service + ".yml exposes the health endpoint").containsPattern("include: [^\\n]*health");
        }
        for (Deployment deployment : all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (container.getImage().startsWith("kcbx/")) {
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
                theActuatorIsOnItsOwnPort(deployment, container);
            }
        }
        assertThat(configMap("kcbx-config").getData()).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
    }

    /**
     * The actuator answers on its own port (management.server.port, the image's default named in the pod): the probes
     * ask there, Prometheus finds it by the pod's annotations, and no Service offers it, so the proxy cannot reach it.
     */
    private static void theActuatorIsOnItsOwnPort(Deployment deployment, Container container) {
        String where = deployment.getMetadata().getName();
        int management = container.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no management port")).getContainerPort();
        assertThat(env(deployment, "MANAGEMENT_SERVER_PORT")).as(where).isEqualTo(String.valueOf(management));
        String image = container.getImage().substring("kcbx/".length(), container.getImage().indexOf(':'));
        assertThat(Repository.read("deploy/docker/" + image + ".Dockerfile"))
                .as("%s: the image's own management port", where).contains("ENV MANAGEMENT_SERVER_PORT=" + management + "\n");
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s probe port", where).isEqualTo("management");
        }
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as(where)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(management))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
        for (Service service : all(Service.class)) {
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port.getTargetPort().getStrVal()).as("%s offers no management port", service.getMetadata().getName())
                        .isNotEqualTo("management");
                assertThat(port.getPort()).isNotEqualTo(management);
            }
        }
    }

    /** Every Secret and ConfigMap a pod names exists here, with the keys it asks for; Secrets hold placeholders only. */
    @Test
    void everyReferencedSecretAndConfigMapExists() {
        for (Deployment deployment : all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Volume volume : pod.getVolumes()) {
                if (volume.getSecret() != null) {
                    Set<String> keys = keys(secret(volume.getSecret().getSecretName()));
                    assertThat(volume.getSecret().getDefaultMode()).as("%s: key files 0440", name).isEqualTo(0440);
                    if (volume.getSecret().getItems() != null) {
                        assertThat(keys).as(name).containsAll(volume.getSecret().getItems().stream().map(KeyToPath::getKey).toList());
                    }
                }
                if (volume.getConfigMap() != null) {
                    configMap(volume.getConfigMap().getName());
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    assertThat(all(PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName()).as(name)
                            .contains(volume.getPersistentVolumeClaim().getClaimName());
                }
            }
            for (Container container : pod.getContainers()) {
                for (EnvFromSource from : nonNullList(container.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        configMap(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        secret(from.getSecretRef().getName());
                    }
                }
                for (EnvVar env : nonNullList(container.getEnv())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertThat(keys(secret(ref.getName()))).as("%s: %s", name, env.getName()).contains(ref.getKey());
                    }
                }
                Set<String> mounted = new HashSet<>();
                container.getVolumeMounts().forEach(m -> mounted.add(m.getName()));
                assertThat(pod.getVolumes()).extracting(Volume::getName).as(name).containsAll(mounted);
            }
        }
        for (Secret secret : all(Secret.class)) {
            assertThat(secret.getData()).as("no encoded data in a committed Secret").isNullOrEmpty();
            assertThat(secret.getStringData().values()).as("%s holds placeholders only", secret.getMetadata().getName())
                    .allSatisfy(value -> assertThat(value).contains("REPLACE-ME"));
        }
    }

    /** Every key file a service is told to read is mounted from the keys Secret, under the name it is given. */
    @Test
    void everyKeyFileSettingPointsAtAMountedKey() {
        Set<String> keys = keys(secret("kcbx-keys"));
        for (Deployment deployment : all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = new LinkedHashMap<>();
            if (nonNullList(container.getEnvFrom()).stream().anyMatch(f -> f.getConfigMapRef() != null)) {
                env.putAll(configMap("kcbx-config").getData());
            }
            nonNullList(container.getEnv()).stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
            env.forEach((name, value) -> {
                assertThat(Repository.isDocumentedSetting(name)).as("%s: %s names a documented property", deployment.getMetadata().getName(), name).isTrue();
                if (value.startsWith("/etc/kcbx/keys/")) {
                    String key = value.substring("/etc/kcbx/keys/".length());
                    Volume keyVolume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                            .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals("kcbx-keys")).findFirst().orElseThrow();
                    List<String> mounted = nonNullList(keyVolume.getSecret().getItems()).isEmpty() ? List.copyOf(keys)
                            : keyVolume.getSecret().getItems().stream().map(KeyToPath::getPath).toList();
                    assertThat(mounted).as("%s: %s=%s is mounted", deployment.getMetadata().getName(), name, value).contains(key);
                }
            });
        }
    }

    /**
     * Two query-service pods, replaced one at a time, scaled by CPU, never both drained at once; as many segments as
     * the pods that may process them.
     */
    @Test
    void twoQueryServicePodsAtLeast_rolledOneAtATime_scaledByCpu() {
        Deployment query = deployment("query-service");
        assertThat(query.getSpec().getReplicas()).isEqualTo(2);
        assertThat(query.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(query.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        HorizontalPodAutoscaler hpa = all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("query-service")).findFirst().orElseThrow();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(Integer.parseInt(env(query, "KCBX_QUERY_SEGMENTS")));
        assertThat(all(PodDisruptionBudget.class)).filteredOn(p -> p.getMetadata().getName().equals("query-service"))
                .singleElement().satisfies(p -> assertThat(p.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
    }

    /** Two case-service processes; one signs checkpoints (README: let one process sign), on a volume of its own. */
    @Test
    void twoCaseServiceProcessesAndOneSigner() {
        List<Deployment> cases = all(Deployment.class).stream()
                .filter(d -> "case-service".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"))).toList();
        assertThat(cases.stream().mapToInt(d -> d.getSpec().getReplicas()).sum()).isEqualTo(2);
        assertThat(cases).filteredOn(d -> !"0".equals(env(d, "KCBX_INTEGRITY_CHECKPOINTINTERVAL"))).hasSize(1)
                .allSatisfy(signer -> {
                    assertThat(signer.getSpec().getReplicas()).isEqualTo(1);
                    assertThat(signer.getSpec().getStrategy().getType()).isEqualTo("Recreate");
                    assertThat(signer.getSpec().getTemplate().getSpec().getVolumes()).anyMatch(v -> v.getName().equals("integrity")
                            && v.getPersistentVolumeClaim() != null);
                });
        PodDisruptionBudget pdb = all(PodDisruptionBudget.class).stream()
                .filter(p -> p.getMetadata().getName().equals("case-service")).findFirst().orElseThrow();
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(cases).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
    }

    /** Each Service and PodDisruptionBudget selects pods that exist, and a Service's target port is one they name. */
    @Test
    void servicesAndBudgetsSelectRealPods() {
        for (Service service : all(Service.class)) {
            List<Deployment> selected = selecting(service.getSpec().getSelector());
            assertThat(selected).as("pods of Service %s", service.getMetadata().getName()).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Deployment d : selected) {
                    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                            .extracting(ContainerPort::getName).as("Service %s port %s", service.getMetadata().getName(), port.getName())
                            .contains(port.getTargetPort().getStrVal());
                }
            }
        }
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            List<Deployment> selected = selecting(pdb.getSpec().getSelector().getMatchLabels());
            assertThat(selected).as("pods of PodDisruptionBudget %s", pdb.getMetadata().getName()).isNotEmpty();
            int replicas = selected.stream().mapToInt(d -> d.getSpec().getReplicas()).sum();
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as("a budget that still lets a node drain").isLessThan(replicas);
        }
    }

    /** The proxy's ConfigMap is deploy/nginx/kcbx-containers.conf verbatim. */
    @Test
    void theProxyConfigMapIsTheContainerConf() throws IOException {
        assertThat(configMap("kcbx-nginx").getData().get("default.conf"))
                .isEqualTo(Files.readString(Repository.ROOT.resolve("deploy/nginx/kcbx-containers.conf")));
    }

    // --- helpers

    static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Deployment deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    static Secret secret(String name) {
        return all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name + " in deploy/k8s"));
    }

    static ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " in deploy/k8s"));
    }

    static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        return keys;
    }

    static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    static List<Deployment> selecting(Map<String, String> selector) {
        return all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
    }

    static <T> T nonNull(T value, String what) {
        assertThat(value).as(what).isNotNull();
        return value;
    }

    static <T> List<T> nonNullList(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Collects the fields the model did not know: every fabric8 model object keeps those in its additional
     * properties instead of refusing them, so Jackson's FAIL_ON_UNKNOWN_PROPERTIES cannot catch them.
     */
    static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else if (!(value instanceof io.fabric8.kubernetes.api.model.Quantity)
                    && !(value instanceof io.fabric8.kubernetes.api.model.IntOrString)) {
                unknownFields(field, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }
}

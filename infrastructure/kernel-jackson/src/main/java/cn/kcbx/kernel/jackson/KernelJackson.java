package cn.kcbx.kernel.jackson;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON shape of the domain language, the same for stored events, API bodies and both services: dates as ISO
 * strings, single-value value objects ({@code IdNumber}, {@code DivisionCode}, ...) as plain strings, unknown
 * properties tolerated so that old readers survive new event fields.
 */
public final class KernelJackson {

    private KernelJackson() {
    }

    /** Configures {@code mapper} (for example Spring's own) with the kernel's JSON shape. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                     .registerModule(new SingleValueRecordModule())
                     .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                     .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                     .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A mapper for events, messages and API bodies. */
    public static ObjectMapper newMapper() {
        return configure(JsonMapper.builder().build());
    }

    /**
     * A mapper for aggregate snapshots: it reads and writes fields directly, since aggregate state has no getters.
     */
    public static ObjectMapper newSnapshotMapper() {
        ObjectMapper mapper = newMapper();
        mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        return mapper;
    }
}

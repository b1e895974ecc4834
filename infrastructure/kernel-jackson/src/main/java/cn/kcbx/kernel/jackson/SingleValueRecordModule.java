package cn.kcbx.kernel.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.Serializers;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Writes a kernel record with a single {@code String value} component ({@code IdNumber}, {@code MobileNumber},
 * {@code DivisionCode}, ...) as a plain JSON string and reads it back through its validating constructor, so a client
 * sends {@code "idNumber": "43012220140315123X"} and an invalid one is rejected with the value object's own reason.
 */
final class SingleValueRecordModule extends SimpleModule {

    private static final String KERNEL_PACKAGE = "cn.kcbx.kernel.";

    SingleValueRecordModule() {
        super("kcbx-single-value-records");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addSerializers(new Serializers.Base() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type,
                                                    BeanDescription description) {
                return isSingleValueRecord(type.getRawClass()) ? new ValueSerializer(type.getRawClass()) : null;
            }
        });
        context.addDeserializers(new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                            BeanDescription description) {
                return isSingleValueRecord(type.getRawClass()) ? new ValueDeserializer(type.getRawClass()) : null;
            }
        });
    }

    static boolean isSingleValueRecord(Class<?> type) {
        if (!type.isRecord() || !type.getName().startsWith(KERNEL_PACKAGE)) {
            return false;
        }
        RecordComponent[] components = type.getRecordComponents();
        return components.length == 1 && components[0].getName().equals("value")
                && components[0].getType() == String.class;
    }

    private static final class ValueSerializer extends JsonSerializer<Object> {

        private final RecordComponent component;

        ValueSerializer(Class<?> type) {
            this.component = type.getRecordComponents()[0];
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            try {
                generator.writeString((String) component.getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IOException("cannot read " + component, e);
            }
        }
    }

    private static final class ValueDeserializer extends JsonDeserializer<Object> {

        private final Class<?> type;
        private final Constructor<?> constructor;

        ValueDeserializer(Class<?> type) {
            this.type = type;
            try {
                this.constructor = type.getDeclaredConstructor(String.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical String constructor", e);
            }
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text;
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                // The {"value": "..."} form is accepted too.
                text = context.readTree(parser).path("value").asText(null);
            } else if (parser.currentToken().isScalarValue()) {
                text = parser.getValueAsString();
            } else {
                return context.handleUnexpectedToken(type, parser);
            }
            try {
                return constructor.newInstance(text);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime; // the value object's own rejection, with its code and reason
                }
                throw new IOException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot create " + type.getSimpleName(), e);
            }
        }
    }
}

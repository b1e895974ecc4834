package cn.kcbx.caseservice.config;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentNumber;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.LocalDate;

/** JSON and OpenAPI of the command API. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    static {
        // Value objects travel as plain strings (kernel-jackson); document them so.
        SpringDocUtils.getConfig()
                      .replaceWithSchema(IdNumber.class, new StringSchema().description("居民身份证号（18 位）")
                                                                           .example("430122201305143876"))
                      .replaceWithSchema(StudentNumber.class, new StringSchema().description("全国学籍号（G/J/L 开头）"))
                      .replaceWithSchema(MobileNumber.class, new StringSchema().description("手机号码（11 位）")
                                                                               .example("13800000001"))
                      .replaceWithSchema(DivisionCode.class, new StringSchema()
                              .description("行政区划代码：县 6 位、乡镇 9 位、村 12 位").example("430122100201"));
    }

    /**
     * API bodies use the same JSON shape as stored events. Enums are taken by name only and dates as ISO strings
     * only: Jackson's defaults would also read {@code "method": 1} as the second constant and {@code "visitedOn":
     * 20000} as an epoch day, silently storing values the clerk never chose. Anything after the JSON object is
     * refused too, so that two submissions glued together are not stored as the first one alone.
     */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        ObjectMapper mapper = KernelJackson.newMapper().enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                                                               DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LocalDate.class).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    @Bean
    OpenAPI caseServiceOpenApi() {
        return new OpenAPI().components(new Components())
                            .info(new Info().title("控辍保学案件服务（命令端）").version("0.1")
                                            .description("疑似辍学学生案件的登记、核实、三帮一、劝返走访、依法控辍、"
                                                                 + "返校、销号、送教上门与结案。所有请求须先登录（POST /api/auth/sign-in）并带 Authorization: Bearer 令牌；"
                                                                 + "命令可带客户端生成的 X-Request-Id，重复提交不会重复登记。"));
    }

    /** Commands take a request id and a channel (the acting user is the bearer token's, see module access). */
    @Bean
    OpenApiCustomizer commandHeaders() {
        return openApi -> openApi.getPaths().forEach((name, path) -> {
            if (name.startsWith("/api/cases") && path.getPost() != null) {
                path.getPost()
                    .addParametersItem(header("X-Request-Id",
                                              "客户端生成的请求编号（建议 UUID）：同一编号重复提交只登记一次", false))
                    .addParametersItem(header("X-Client-Channel", "来源渠道：web、mobile、import 或 api（默认）", false));
            }
        });
    }

    private static HeaderParameter header(String name, String description, boolean required) {
        HeaderParameter parameter = new HeaderParameter();
        parameter.setName(name);
        parameter.setDescription(description);
        parameter.setRequired(required);
        parameter.setSchema(new StringSchema());
        return parameter;
    }
}

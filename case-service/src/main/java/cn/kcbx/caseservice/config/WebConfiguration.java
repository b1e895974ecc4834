package cn.kcbx.caseservice.config;

import cn.kcbx.kernel.jackson.KernelJackson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** JSON and OpenAPI of the command API. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** API bodies use the same JSON shape as stored events. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        return KernelJackson.newMapper();
    }

    @Bean
    OpenAPI caseServiceOpenApi() {
        return new OpenAPI().components(new Components())
                            .info(new Info().title("控辍保学案件服务（命令端）").version("0.1")
                                            .description("疑似辍学学生案件的登记、核实、三帮一、劝返走访、依法控辍、"
                                                                 + "返校、销号、送教上门与结案。所有请求须带操作人信息；"
                                                                 + "命令可带客户端生成的 X-Request-Id，重复提交不会重复登记。"));
    }

    /** Every operation takes the acting user's headers and, for commands, a request id. */
    @Bean
    OpenApiCustomizer actorHeaders() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            List.of(header("X-User-Id", "操作人用户编号", true),
                    header("X-User-Role", "角色：VILLAGE 村级、SCHOOL 学校、TOWN 乡镇、COUNTY 县级、ADMIN 系统管理员", true),
                    header("X-User-Unit", "所属单位代码：行政区划代码（6/9/12 位）或学校标识码（10 位）", true))
                .forEach(operation::addParametersItem);
        }));
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

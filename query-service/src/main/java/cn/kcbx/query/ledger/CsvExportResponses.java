package cn.kcbx.query.ledger;

import cn.kcbx.web.ApiError;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The answers every ledger export documents: the file, or the error of a bad, unsigned, foreign or too large ask. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "CSV 文件（UTF-8）")
@ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "403", description = "区域不在管辖范围内（OUT_OF_JURISDICTION）；系统管理员不能导出案件",
             content = @Content(schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "422", description = "行数超过上限（EXPORT_TOO_LARGE），请缩小区域或加筛选条件",
             content = @Content(schema = @Schema(implementation = ApiError.class)))
@interface CsvExportResponses {
}

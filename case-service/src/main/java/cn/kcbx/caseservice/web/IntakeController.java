package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the phone pages need to register a case while offline: the public key they seal the student identity for.
 * Not under {@code /api/cases}, whose single-segment GET paths are read on the query service.
 */
@RestController
@RequestMapping(path = "/api/intake", produces = "application/json")
@Tag(name = "离线登记", description = "手机离线暂存登记时加密学生身份信息所用的公钥")
class IntakeController {

    /**
     * The public half of the intake sealing key.
     *
     * @param keyId     first 16 hex characters of the SHA-256 of {@code publicKey}'s DER bytes; goes back in
     *                  {@code sealedStudent.keyId}
     * @param algorithm always {@value IntakeSealingKey#SCHEME}
     * @param publicKey Base64 of the RSA public key's SPKI (DER) encoding, for WebCrypto's {@code importKey("spki")}
     */
    record SealingKeyView(String keyId, String algorithm, String publicKey) {
    }

    private final SealingKeyView view;
    private final CurrentUser currentUser;

    IntakeController(IntakeSealingKey key, CurrentUser currentUser) {
        this.view = new SealingKeyView(key.keyId(), IntakeSealingKey.SCHEME, key.publicKeyBase64());
        this.currentUser = currentUser;
    }

    @GetMapping("/sealing-key")
    @Operation(summary = "离线登记加密公钥",
               description = "手机离线时登记疑似辍学学生，学生身份信息（姓名、身份证号、学籍号等）须先用此公钥加密再暂存，"
                       + "手机上不留可读的身份证号；联网后以 sealedStudent 提交 POST /api/cases。"
                       + "算法：随机 AES-256-GCM 密钥（12 字节 IV，128 位认证标签附在密文后）加密学生信息的 UTF-8 JSON，"
                       + "该密钥再用 RSA-OAEP（SHA-256）加密。keyId 随 sealedStudent 一并提交；"
                       + "服务器更换密钥后，用旧密钥加密的暂存记录须重新填写（SEALING_KEY_UNKNOWN）")
    @ApiResponse(responseCode = "200", description = "公钥及其编号")
    @ApiResponse(responseCode = "401", description = "未登录",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    SealingKeyView sealingKey() {
        currentUser.require();
        return view;
    }
}

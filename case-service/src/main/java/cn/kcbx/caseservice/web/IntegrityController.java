package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.integrity.IntegrityService;
import cn.kcbx.eventstore.Checkpoint;
import cn.kcbx.eventstore.VerificationReport;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.CurrentUser;
import cn.kcbx.web.ForbiddenException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tamper evidence of the event history, for the county bureau and the system administrator. */
@RestController
@RequestMapping(path = "/api/integrity", produces = "application/json")
@Tag(name = "事件链完整性", description = "签发校验点、核验全部案件事件是否被篡改（仅县级、系统管理员）")
class IntegrityController {

    /** A signed checkpoint, without its storage details. */
    record CheckpointView(long number, long upToPosition, String takenAt, long caseCount, String rootHash,
                          String previousDigest, String algorithm, String publicKey, String signature) {

        static CheckpointView of(Checkpoint c) {
            return new CheckpointView(c.number(), c.upToPosition(), c.takenAt(), c.caseCount(), c.rootHash(),
                                      c.previousDigest(), "Ed25519", c.publicKey(), c.signature());
        }
    }

    private final IntegrityService integrity;
    private final CurrentUser currentUser;

    IntegrityController(IntegrityService integrity, CurrentUser currentUser) {
        this.integrity = integrity;
        this.currentUser = currentUser;
    }

    @PostMapping("/checkpoints")
    @Operation(summary = "签发校验点",
            description = "对当前全部案件的事件链末端签名（Ed25519）。若自上次校验点以来没有新事件，返回上次的校验点；"
                    + "若事件记录已被改动或校验点被删除、替换，拒绝签发（409 INTEGRITY_BROKEN）。")
    CheckpointView checkpoint(HttpServletRequest request) {
        return CheckpointView.of(integrity.takeCheckpoint(countyOrAdmin(), request.getRemoteAddr()));
    }

    @PostMapping("/verification")
    @Operation(summary = "核验事件链",
            description = "按顺序重算每个案件的哈希链，核对每个校验点的签名及其记录的各案件末端哈希，"
                    + "并核对库中的校验点链是否完整到达签发方在数据库之外记录的最新校验点"
                    + "（校验点被删除：CHECKPOINT_MISSING；被替换：CHECKPOINT_HEAD_MISMATCH）；"
                    + "报告第一个断开的环节（firstBrokenLink）。")
    VerificationReport verify(HttpServletRequest request) {
        return integrity.verify(countyOrAdmin(), request.getRemoteAddr());
    }

    private Actor countyOrAdmin() {
        Actor actor = currentUser.require();
        if (actor.role() != Actor.Role.COUNTY && actor.role() != Actor.Role.ADMIN) {
            throw new ForbiddenException("仅县级教育局或系统管理员可以签发校验点、核验事件链");
        }
        return actor;
    }
}

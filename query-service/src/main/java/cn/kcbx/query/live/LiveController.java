package cn.kcbx.query.live;

import cn.kcbx.access.security.SignedInCurrentUser;
import cn.kcbx.access.signin.SignedInUser;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;
import cn.kcbx.web.UnauthenticatedException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "实时推送", description = "台账与看板的实时变化（Server-Sent Events）")
class LiveController {

    private final LiveUpdates liveUpdates;
    private final CurrentUser currentUser;

    LiveController(LiveUpdates liveUpdates, CurrentUser currentUser) {
        this.liveUpdates = liveUpdates;
        this.currentUser = currentUser;
    }

    @GetMapping(path = "/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "订阅一个县、乡镇或村的实时变化",
               description = "连接后先收到一次 measures（该区域当前的应返、已返、已销号、在劝、逾期等）；之后区域内任一案件有变化时，"
                       + "收到该案件新的台账行（ledger-row）和重新计算的 measures；案件转出本区域（或本校）时收到 case-left（案件、转出日期、接收乡镇）和 measures。每 20 秒一次心跳注释；连接 30 分钟后由服务器关闭，"
                       + "浏览器 EventSource 会自动重连。登录失效（退出登录、超时、账号被停用或变更）后几秒内收到 session-ended 并断开，客户端应重新登录。学校账号只收到本校学生的台账行（连接后先收到 subscribed），不收到区域统计。"
                       + "同一账号同时保持的连接数有上限（默认 5 个，kcbx.query.live.max-streams-per-user）：再打开一个时，最早的连接先收到 "
                       + "stream-closed（code TOO_MANY_LIVE_STREAMS 和中文说明，1 分钟后才重连）然后被关闭。")
    @ApiResponse(responseCode = "200", description = "事件流")
    @ApiResponse(responseCode = "400", description = "区划代码不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "区域不在管辖范围内（OUT_OF_JURISDICTION）；系统管理员不能订阅", content = @Content(schema = @Schema(implementation = ApiError.class)))
    SseEmitter live(@Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位；默认为操作人所在单位") @RequestParam(required = false) String region) {
        Actor actor = currentUser.require();
        SignedInUser user = SignedInCurrentUser.signedIn().orElseThrow(
                () -> new UnauthenticatedException(null, "未登录：请先登录"));
        // The scope is checked once, on connect: the stream then carries only what it covers, and only as long as
        // the sign-in stands.
        return liveUpdates.subscribe(QueryParams.readScope(region, actor, "region"), user);
    }
}

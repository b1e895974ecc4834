package cn.kcbx.query.projection;

import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Operator endpoints: the projections' state, and rebuilding them from the start of the event store. */
@RestController
@RequestMapping(path = "/api/admin/projections", produces = "application/json")
@Tag(name = "投影运维", description = "查询投影状态、从事件库重建投影（仅系统管理员）")
class ProjectionAdminController {

    /**
     * One projection.
     *
     * @param activeCollection the collection readers use now
     * @param livePosition     the live processor's position (lowest segment); null while it is paused
     * @param headPosition     the position of the last stored event: {@code headPosition - livePosition} is the lag
     * @param rebuild          the last rebuild since the service started, or null
     * @param storeCheck       whether the read side is in step with the store (the same for every projection: they
     *                         share one live processor)
     */
    record ProjectionView(String name, String activeCollection, Long livePosition, long headPosition,
                          RebuildStatus rebuild, ReadSideStatus storeCheck) {
    }

    private final ProjectionRegistry registry;
    private final ProjectionRebuilder rebuilder;
    private final ReadSideGuard guard;
    private final CurrentUser currentUser;

    ProjectionAdminController(ProjectionRegistry registry, ProjectionRebuilder rebuilder, ReadSideGuard guard,
                              CurrentUser currentUser) {
        this.registry = registry;
        this.rebuilder = rebuilder;
        this.guard = guard;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "投影状态", description = "每个投影的当前集合、实时处理位置、事件库末尾位置、最近一次重建，"
            + "以及读侧是否与事件库一致（storeCheck：读侧超前于事件库时给出原因、位置和发现时间）")
    List<ProjectionView> projections() {
        currentUser.requireAdmin();
        Long live = rebuilder.livePosition().orElse(null);
        long head = rebuilder.headPosition();
        ReadSideStatus storeCheck = guard.status();
        return registry.names().stream()
                       .map(name -> new ProjectionView(name, registry.activeCollectionName(name), live, head,
                                                       rebuilder.lastRebuild(name).orElse(null), storeCheck))
                       .toList();
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "重建一个投影", description = "在后台从事件库起点重建，期间照常提供查询；完成后原子切换")
    @ApiResponse(responseCode = "202", description = "已开始重建")
    @ApiResponse(responseCode = "404", description = "没有该投影",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "已有重建在进行（REBUILD_IN_PROGRESS），或读侧超前于事件库、"
            + "须重建全部投影（FULL_REBUILD_REQUIRED）",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    RebuildStatus rebuild(@PathVariable String name) {
        currentUser.requireAdmin();
        return rebuilder.start(List.of(registry.projection(name).name()));
    }

    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "重建全部投影", description = "一次回放事件库，重建所有投影；读侧超前于事件库时，"
            + "完成后实时处理从重建结束处继续")
    @ApiResponse(responseCode = "202", description = "已开始重建")
    @ApiResponse(responseCode = "409", description = "已有重建在进行",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    RebuildStatus rebuildAll() {
        currentUser.requireAdmin();
        return rebuilder.start(registry.names());
    }
}

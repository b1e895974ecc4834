package cn.kcbx.caseservice.pushedlist;

import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.testsupport.TestMongo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The background jobs of the list intake: one list at a time per user and a few in all, the job seen by its uploader
 * only, and a row that fails for an unexpected reason refused on its own while the rest of the list goes on.
 */
class PushedListJobsTest {

    private static final RequestOrigin ORIGIN = new RequestOrigin("web", "10.0.0.1");
    private static final String CSV = "姓名,身份证号,户籍所在村代码,下发日期\n"
            + "林小禾," + PushedListFileTest.BOY + ",430181105203,2026-09-15\n"
            + "苏若溪," + PushedListFileTest.GIRL + ",430181105203,2026-09-15\n";

    private final CountDownLatch release = new CountDownLatch(1);
    private PushedListJobs jobs;

    /** The command side stood in for: each row waits for {@link #release}; the girl's row fails unexpectedly. */
    private final class StandIn extends CaseCommandService {
        StandIn() {
            super(null, null, null, null, null, null, null, null);
        }

        @Override
        public ListRowOutcome identifyFromList(IdentifyCase command, String batch, Actor actor, RequestOrigin origin) {
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (command.student().idNumber().value().equals(PushedListFileTest.GIRL)) {
                throw new IllegalStateException("store unavailable");
            }
            return new ListRowOutcome(UUID.randomUUID().toString(), false, false);
        }
    }

    private PushedListJobs jobs() {
        TestMongo mongo = TestMongo.get();
        AccessLog accessLog = new AccessLog(mongo.client().getDatabase(mongo.newDatabaseName("list_jobs"))
                                                 .getCollection("access_log"), Clock.systemUTC());
        jobs = new PushedListJobs(new StandIn(), accessLog, Clock.systemUTC());
        return jobs;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (jobs != null) {
            jobs.shutdown();
        }
    }

    private static Actor town(int n) {
        return new Actor("town-" + n, Actor.Role.TOWN, "430181" + (100 + n));
    }

    private static PushedListFile.Read read() {
        return PushedListFile.read("名单.csv", CSV.getBytes(StandardCharsets.UTF_8), "第1批");
    }

    @Test
    void oneListAtATimePerUser_andAFewInAll_thenEachFinishes_seenByItsUploaderOnly() throws InterruptedException {
        PushedListJobs jobs = jobs();
        PushedListJobs.Job first = jobs.submit(town(0), ORIGIN, "名单.csv", "第1批", read());

        assertThatThrownBy(() -> jobs.submit(town(0), ORIGIN, "名单.csv", "第1批", read()))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("LIST_IMPORT_IN_PROGRESS");
                    assertThat(e.retryable()).isTrue();
                });
        for (int n = 1; n < PushedListJobs.MAX_UNFINISHED; n++) {
            jobs.submit(town(n), ORIGIN, "名单.csv", "第1批", read());
        }
        assertThatThrownBy(() -> jobs.submit(town(9), ORIGIN, "名单.csv", "第1批", read()))
                .isInstanceOfSatisfying(ConflictException.class,
                                        e -> assertThat(e.code()).isEqualTo("LIST_IMPORT_BUSY"));
        assertThat(first.state()).isIn(PushedListJobs.State.QUEUED, PushedListJobs.State.RUNNING);
        assertThat(first.resultFile()).isEmpty();

        release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jobs.of(town(PushedListJobs.MAX_UNFINISHED - 1)).get(0).state() != PushedListJobs.State.DONE) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(first.state()).isEqualTo(PushedListJobs.State.DONE);
        assertThat(first.processed()).isEqualTo(2);
        assertThat(first.opened()).isEqualTo(1);
        assertThat(first.resultFile()).isPresent();
        assertThat(jobs.find(first.id(), town(0))).containsSame(first);
        assertThat(jobs.find(first.id(), town(1))).isEmpty();
        assertThat(jobs.submit(town(0), ORIGIN, "名单.csv", "第2批", read()).id()).isNotEqualTo(first.id());
    }

    @Test
    void aRowThatFailsUnexpectedly_isRefusedOnItsOwn_andTheListGoesOn() {
        release.countDown();
        PushedListJobs.Job job = jobs().runNow(town(0), ORIGIN, "名单.csv", "第1批", read());

        assertThat(job.state()).isEqualTo(PushedListJobs.State.DONE);
        assertThat(job.opened()).isEqualTo(1);
        assertThat(job.refused()).isEqualTo(1);
        assertThat(job.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.row()).isEqualTo(3);
            assertThat(problem.code()).isEqualTo("ROW_FAILED");
            assertThat(problem.message()).contains("重新上传", "不会重复登记");
        });
    }

    @Test
    void villageAndSchoolAccountsMayNotUpload() {
        for (Actor actor : new Actor[] {new Actor("v", Actor.Role.VILLAGE, "430181105203"),
                new Actor("s", Actor.Role.SCHOOL, "2143000001"), new Actor("a", Actor.Role.ADMIN, "430181")}) {
            assertThatThrownBy(() -> PushedListJobs.requireUploader(actor))
                    .isInstanceOfSatisfying(AccessDeniedException.class,
                                            e -> assertThat(e.code()).isEqualTo("ROLE_NOT_PERMITTED"));
        }
        PushedListJobs.requireUploader(new Actor("c", Actor.Role.COUNTY, "430181"));
    }
}

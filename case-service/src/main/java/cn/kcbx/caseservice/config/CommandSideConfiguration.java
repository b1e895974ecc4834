package cn.kcbx.caseservice.config;

import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.CaseUnits;
import cn.kcbx.caseservice.command.DirectoryService;
import cn.kcbx.caseservice.command.LostRaceRetries;
import cn.kcbx.caseservice.directory.DirectoryCommandTargetResolver;
import cn.kcbx.caseservice.privacy.PersonalDataService;
import cn.kcbx.caseservice.pushedlist.PushedListJobs;
import cn.kcbx.caseservice.storedcase.StoredCases;
import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.caseservice.studentregistry.StudentLookupKey;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Clock;

/** The application services between the REST API and the case aggregate. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandSideConfiguration.class);

    @Bean
    StoredCases storedCases(EventStorageEngine storageEngine) {
        return new StoredCases(storageEngine);
    }

    @Bean
    StudentCaseRegistry studentCaseRegistry(MongoDatabaseFactory databaseFactory, StoredCases storedCases,
                                            Clock clock, CaseServiceProperties properties, Environment environment,
                                            ObjectProvider<EmbeddedMongoServer> storeInThisProcess) {
        StudentCaseRegistry registry = new StudentCaseRegistry(
                databaseFactory.getMongoDatabase().getCollection("student_case_claims"),
                caseId -> storedCases.read(caseId).openness(),
                clock, properties.claimGracePeriod(), StudentLookupKey.resolve(properties.studentKeyFile(),
                                                                       properties.studentKeySecret(), environment),
                storeInThisProcess.getIfAvailable() != null);
        int rekeyed = registry.rekeyClaims(caseId -> storedCases.read(caseId).identification()
                .map(CaseIdentified::student).map(StudentIdentity::studentKey));
        if (rekeyed > 0) {
            log.info("Duplicate-case registry: {} claims moved to the current lookup key", rekeyed);
        }
        return registry;
    }

    @Bean
    CaseCommandService caseCommandService(CommandGateway commandGateway, EventStorageEngine storageEngine,
                                          StoredCases storedCases, StudentCaseRegistry studentCaseRegistry,
                                          Serializer serializer, AccessLog accessLog,
                                          UnitDirectories unitDirectories, MeterRegistry meterRegistry) {
        return new CaseCommandService(commandGateway, (GapFreeMongoEventStorageEngine) storageEngine, storedCases,
                                      studentCaseRegistry, serializer, accessLog, new CaseUnits(unitDirectories),
                                      new LostRaceRetries(meterRegistry, LostRaceRetries.DEFAULT_MAX_ATTEMPTS));
    }

    @Bean(destroyMethod = "shutdown")
    PushedListJobs pushedListJobs(CaseCommandService caseCommandService, AccessLog accessLog, Clock clock) {
        return new PushedListJobs(caseCommandService, accessLog, clock);
    }

    @Bean
    DirectoryService directoryService(CommandGateway commandGateway) {
        return new DirectoryService(commandGateway);
    }

    @Bean
    DirectoryCommandTargetResolver directoryCommandTargetResolver() {
        return new DirectoryCommandTargetResolver();
    }

    /**
     * Tells the operator, once at start, when no county has a unit directory yet (codes are then unchecked). The
     * demo county brings its directory a moment after the start: no notice then.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> unitDirectoryNotice(UnitDirectories unitDirectories,
                                                                   Environment environment) {
        return ready -> {
            boolean demo = environment.getProperty("kcbx.demo.enabled", Boolean.class, false);
            if (!demo && unitDirectories.counties().isEmpty()) {
                log.warn("尚未导入任何县的单位目录：乡镇、村和学校代码只检查格式，报表只显示代码。请县教育局或系统管理员下载模板"
                                 + "（GET /api/directory/{县代码}/template.xlsx）填写后导入（POST /api/directory/{县代码}/import）。"
                                 + " No unit directory yet: see README, The unit directory.");
            }
        };
    }

    @Bean
    PersonalDataService personalDataService(StoredCases storedCases, StudentKeys studentKeys,
                                            AccessLog accessLog, CaseCommandService caseCommandService,
                                            PersonalDataSeal personalDataSeal,
                                            StudentCaseRegistry studentCaseRegistry) {
        return new PersonalDataService(storedCases, studentKeys, accessLog, caseCommandService,
                                       personalDataSeal, studentCaseRegistry);
    }
}

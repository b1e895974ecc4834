package cn.kcbx.caseservice.config;

import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.privacy.PersonalDataService;
import cn.kcbx.privacy.StudentKeys;
import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** The application services between the REST API and the case aggregate. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandSideConfiguration.class);

    @Bean
    StudentCaseRegistry studentCaseRegistry(MongoDatabaseFactory databaseFactory, EventStorageEngine storageEngine,
                                            Clock clock, CaseServiceProperties properties) {
        if (CaseServiceProperties.DEVELOPMENT_SECRET.equals(properties.studentKeySecret())) {
            log.warn("kcbx.case.student-key-secret is not set: using the development key. Set it in production.");
        }
        return new StudentCaseRegistry(databaseFactory.getMongoDatabase().getCollection("student_case_claims"),
                                       caseId -> CaseOpenness.of(storageEngine.readEvents(caseId).asStream()
                                                                              .map(DomainEventMessage::getPayload)),
                                       clock, properties.claimGracePeriod(), properties.studentKeySecret());
    }

    @Bean
    CaseCommandService caseCommandService(CommandGateway commandGateway, EventStorageEngine storageEngine,
                                          StudentCaseRegistry studentCaseRegistry, Serializer serializer,
                                          AccessLog accessLog) {
        return new CaseCommandService(commandGateway, (GapFreeMongoEventStorageEngine) storageEngine,
                                      studentCaseRegistry, serializer, accessLog);
    }

    @Bean
    PersonalDataService personalDataService(EventStorageEngine storageEngine, StudentKeys studentKeys,
                                            AccessLog accessLog, CaseCommandService caseCommandService) {
        return new PersonalDataService(storageEngine, studentKeys, accessLog, caseCommandService);
    }
}

package cn.kcbx.caseservice.config;

import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** The application services between the REST API and the case aggregate. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    @Bean
    StudentCaseRegistry studentCaseRegistry(MongoDatabaseFactory databaseFactory, EventStorageEngine storageEngine,
                                            Clock clock, CaseServiceProperties properties) {
        return new StudentCaseRegistry(databaseFactory.getMongoDatabase().getCollection("student_case_claims"),
                                       caseId -> CaseOpenness.of(storageEngine.readEvents(caseId).asStream()
                                                                              .map(DomainEventMessage::getPayload)),
                                       clock, properties);
    }

    @Bean
    CaseCommandService caseCommandService(CommandGateway commandGateway, EventStorageEngine storageEngine,
                                          StudentCaseRegistry studentCaseRegistry) {
        return new CaseCommandService(commandGateway, (GapFreeMongoEventStorageEngine) storageEngine,
                                      studentCaseRegistry);
    }
}

package cn.kcbx.caseservice;

import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.web.CurrentUser;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.stereotype.Aggregate;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries of the case service's packages:
 * <ul>
 *   <li>{@code casefile} — the aggregate: domain rules on the kernel's language, Axon's handler API only;</li>
 *   <li>{@code directory} — the county's unit directory aggregate, on the same terms;</li>
 *   <li>{@code command} — the application service: idempotency, metadata, the one-open-case rule; no HTTP, no
 *       Spring;</li>
 *   <li>{@code studentregistry} — the set-wide claim store on MongoDB;</li>
 *   <li>{@code web} — HTTP only, reaching the rest through {@code command};</li>
 *   <li>{@code config} — Spring wiring, which alone may know every other package;</li>
 *   <li>{@code integrity} — signed checkpoints and verification of the event history (its HTTP API is in
 *       {@code web});</li>
 *   <li>{@code storedcase} — the one reader of a stored case's events outside the aggregate;</li>
 *   <li>{@code intake} — the key phones seal a new case's student for while offline, and the opening of what they
 *       sealed (its HTTP side is in {@code web}).</li>
 * </ul>
 */
@AnalyzeClasses(packages = "cn.kcbx.caseservice", importOptions = ImportOption.DoNotIncludeTests.class)
class CaseServiceArchitectureTest {

    private static final String ROOT = "cn.kcbx.caseservice";
    private static final String CASEFILE = ROOT + ".casefile..";
    private static final String DIRECTORY = ROOT + ".directory..";
    private static final String COMMAND = ROOT + ".command..";
    private static final String STUDENT_REGISTRY = ROOT + ".studentregistry..";
    private static final String WEB = ROOT + ".web..";
    private static final String CONFIG = ROOT + ".config..";
    private static final String STORED_CASE = ROOT + ".storedcase..";

    // ------------------------------------------------------------------ the aggregate

    @ArchTest
    static final ArchRule the_aggregate_uses_only_the_kernel_and_axons_handler_api =
            classes().that().resideInAnyPackage(CASEFILE, DIRECTORY)
                     .should().onlyDependOnClassesThat().resideInAnyPackage(CASEFILE, DIRECTORY, "cn.kcbx.kernel..",
                             "java..",
                             "org.axonframework.commandhandling..", "org.axonframework.eventsourcing..",
                             // @Timestamp, for the directory's record of when each change was made
                             "org.axonframework.eventhandling",
                             "org.axonframework.modelling..",
                             // the command's metadata (who is acting) and the snapshot revision
                             "org.axonframework.messaging", "org.axonframework.serialization",
                             // the one Spring-flavoured type: Axon's @Aggregate stereotype (no org.springframework)
                             "org.axonframework.spring.stereotype..")
                     .because("the case's rules must not depend on Spring, HTTP, MongoDB, JSON or the event store");

    @ArchTest
    static final ArchRule the_aggregate_knows_no_spring_web_mongo_or_json =
            noClasses().that().resideInAnyPackage(CASEFILE, DIRECTORY)
                       .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                               "com.mongodb..", "org.bson..", "com.fasterxml.jackson..", "io.swagger..",
                               "cn.kcbx.eventstore..");

    @ArchTest
    static final ArchRule the_aggregate_knows_none_of_the_layers_around_it =
            noClasses().that().resideInAnyPackage(CASEFILE, DIRECTORY)
                       .should().dependOnClassesThat().resideInAnyPackage(COMMAND, WEB, STUDENT_REGISTRY, CONFIG);

    @ArchTest
    static final ArchRule aggregates_live_in_the_casefile_package =
            classes().that().areAnnotatedWith(Aggregate.class).should().resideInAnyPackage(CASEFILE, DIRECTORY);

    // ------------------------------------------------------------------ the application service

    @ArchTest
    static final ArchRule commands_do_not_depend_on_the_web_or_the_wiring =
            noClasses().that().resideInAPackage(COMMAND)
                       .should().dependOnClassesThat().resideInAnyPackage(WEB, CONFIG);

    @ArchTest
    static final ArchRule commands_are_free_of_spring_and_http =
            noClasses().that().resideInAPackage(COMMAND)
                       .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                               "com.fasterxml.jackson..")
                       .because("the command service is plain Java over Axon's gateway, testable without a server");

    @ArchTest
    static final ArchRule commands_reach_the_aggregate_only_through_axon =
            noClasses().that().resideInAPackage(COMMAND).should().dependOnClassesThat()
                       .resideInAnyPackage(CASEFILE, DIRECTORY);

    // ------------------------------------------------------------------ the web layer

    @ArchTest
    static final ArchRule nothing_depends_on_the_web_layer =
            noClasses().that().resideOutsideOfPackage(WEB).should().dependOnClassesThat().resideInAPackage(WEB);

    @ArchTest
    static final ArchRule the_web_layer_goes_through_the_command_service =
            noClasses().that().resideInAPackage(WEB)
                       .should().dependOnClassesThat().resideInAnyPackage(CASEFILE, DIRECTORY, STUDENT_REGISTRY,
                                                                          CONFIG);

    @ArchTest
    static final ArchRule only_the_web_layer_speaks_http =
            noClasses().that().resideOutsideOfPackage(WEB)
                       .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..",
                               "org.springframework.web..", "org.springframework.http..");

    @ArchTest
    static final ArchRule only_the_web_layer_asks_who_is_acting =
            noClasses().that().resideOutsideOfPackage(WEB)
                       .should().dependOnClassesThat().areAssignableTo(CurrentUser.class);

    // ------------------------------------------------------------------ storage and wiring

    @ArchTest
    static final ArchRule only_the_registry_and_the_wiring_touch_mongodb =
            noClasses().that().resideOutsideOfPackages(STUDENT_REGISTRY, CONFIG)
                       .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..",
                               "org.springframework.data.mongodb..");

    @ArchTest
    static final ArchRule the_registry_does_not_depend_on_the_web_layer =
            noClasses().that().resideInAPackage(STUDENT_REGISTRY).should().dependOnClassesThat().resideInAPackage(WEB);

    @ArchTest
    static final ArchRule spring_wiring_annotations_stay_in_config_and_web =
            noClasses().that().resideInAnyPackage(CASEFILE, COMMAND, STUDENT_REGISTRY)
                       .should().dependOnClassesThat().resideInAnyPackage("org.springframework.context..",
                               "org.springframework.beans..", "org.springframework.boot..",
                               "org.springframework.stereotype..");

    // ------------------------------------------------------------------ who may act on or read a case

    @ArchTest
    static final ArchRule no_one_folds_a_case_scope_of_its_own =
            noClasses().should().callConstructorWhere(target(owner(assignableTo(CaseScope.class))))
                       .because("a case's scope (after returns and transfers) is folded by the kernel's CaseScopes "
                               + "alone: a check that folds its own, like the reveal once did, misses a transfer");

    @ArchTest
    static final ArchRule a_stored_case_is_read_through_stored_cases_only =
            noClasses().that().resideOutsideOfPackage(STORED_CASE)
                       .should().callMethodWhere(target(name("readEvents"))
                                                         .and(target(owner(assignableTo(EventStorageEngine.class)))))
                       .because("one reader (StoredCases) replays a case's events, with the store's upcasting and "
                               + "decryption, for every place outside the aggregate that needs them");

    // ------------------------------------------------------------------ the whole

    @ArchTest
    static final ArchRule nothing_outside_config_depends_on_config =
            noClasses().that().resideOutsideOfPackage(CONFIG)
                       .and().doNotHaveFullyQualifiedName(CaseServiceApplication.class.getName())
                       .should().dependOnClassesThat().resideInAPackage(CONFIG);

    @ArchTest
    static final ArchRule the_packages_are_free_of_cycles =
            slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();
}

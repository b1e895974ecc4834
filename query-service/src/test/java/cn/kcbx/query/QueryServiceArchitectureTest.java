package cn.kcbx.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries of the query service's packages:
 * <ul>
 *   <li>{@code casefile} — the case file folded from a case's events, the moment asked ({@code ReadTime}) and the reader's
 *       scope: what every figure is computed from;</li>
 *   <li>{@code measure} — the figures themselves (buckets, overdue rules, region measures), pure functions of case
 *       files;</li>
 *   <li>{@code ledger}, {@code dashboard}, {@code report}, {@code live}, {@code transfer}, {@code casesheet},
 *       {@code timeline}, {@code audit}, {@code directory}, {@code hometeaching} — one feature each, with its HTTP
 *       side;</li>
 *   <li>{@code export} — the .xlsx writer and its answer, shared by the features' exports;</li>
 *   <li>{@code projection} — the event stream into rebuildable projections; {@code config} — Spring wiring.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "cn.kcbx.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryServiceArchitectureTest {

    private static final String ROOT = "cn.kcbx.query";

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule only_the_configuration_knows_the_configuration_of_the_projections =
            noClasses().that().resideInAPackage(ROOT + ".projection..")
                       .should().dependOnClassesThat().resideInAPackage(ROOT + ".config..")
                       .because("the projections get their settings as ProjectionSettings");

    @ArchTest
    static final ArchRule the_figures_are_computed_from_case_files_only =
            classes().that().resideInAPackage(ROOT + ".measure..")
                     .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".measure..", ROOT + ".casefile..",
                             ROOT + ".projection..", "cn.kcbx.kernel..", "java..")
                     .because("a figure must come out the same for the ledger, the dashboard and the report");

    @ArchTest
    static final ArchRule case_files_know_no_feature =
            noClasses().that().resideInAPackage(ROOT + ".casefile..")
                       .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".measure..", ROOT + ".ledger..",
                               ROOT + ".dashboard..", ROOT + ".report..", ROOT + ".live..", ROOT + ".transfer..",
                               ROOT + ".casesheet..", ROOT + ".timeline..", ROOT + ".audit..", ROOT + ".web..");

    @ArchTest
    static final ArchRule only_web_controllers_speak_http =
            noClasses().that().resideInAnyPackage(ROOT + ".casefile..", ROOT + ".measure..")
                       .should().dependOnClassesThat(describe("Spring MVC or the servlet API",
                               c -> c.getPackageName().startsWith("org.springframework.web")
                                       || c.getPackageName().startsWith("jakarta.servlet")));
}

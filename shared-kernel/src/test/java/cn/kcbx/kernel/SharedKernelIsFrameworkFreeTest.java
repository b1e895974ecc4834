package cn.kcbx.kernel;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shared kernel is the domain language of every service: JDK only, so no framework leaks into it. */
class SharedKernelIsFrameworkFreeTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.kcbx.kernel");

    @Test
    void dependsOnNoFramework() {
        noClasses().that().resideInAPackage("cn.kcbx.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework..", "com.fasterxml..", "jakarta..",
                        "org.bson..", "com.mongodb..")
                .because("the shared kernel must stay free of framework code (JDK only)")
                .check(KERNEL);
    }
}

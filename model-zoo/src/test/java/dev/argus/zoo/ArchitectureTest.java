package dev.argus.zoo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of model-zoo's main code. Detection runs in map tasks from the job jar: it must
 * not pull in the trainer, and model-zoo must run without a cluster. A saved DL4J graph names its custom
 * layers and losses (in arch and detr) by class name, not by import, so loading one needs no exception
 * to the first rule (see the README's "Saved graphs").
 */
@AnalyzeClasses(packages = {"dev.argus.zoo", "org.nd4j.nativeblas"},
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule inferenceDoesNotImportTraining = noClasses()
            .that().resideInAnyPackage("dev.argus.zoo", "dev.argus.zoo.bundle..", "dev.argus.zoo.preprocess..",
                    "dev.argus.zoo.network..", "dev.argus.zoo.postprocess..", "dev.argus.zoo.multiscale..",
                    "dev.argus.zoo.eval..", "dev.argus.zoo.data..", "dev.argus.zoo.tfjs..", "dev.argus.zoo.synth..",
                    "dev.argus.zoo.convert..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.argus.zoo.arch..", "dev.argus.zoo.detr..", "dev.argus.zoo.train..");

    @ArchTest
    static final ArchRule modelZooImportsNeitherHadoopNorHive = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.hadoop..", "org.apache.hive..");
}

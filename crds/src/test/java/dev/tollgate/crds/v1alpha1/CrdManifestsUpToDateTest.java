package dev.tollgate.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD manifests under helm/tollgate/crds are exactly what the build generates from
 * this module's classes; {@code -Dtollgate.crds.update=true} rewrites them.
 */
class CrdManifestsUpToDateTest {

    static final String UPDATE_PROPERTY = "tollgate.crds.update";
    static final List<String> PLURALS = List.of(
            "restapis",
            "integrations",
            "stages",
            "usageplans",
            "apikeys",
            "domainnames",
            "gateways",
            "referencegrants",
            "apideployments");

    @Test
    void everyKindHasAGeneratedManifest() throws IOException {
        for (String plural : PLURALS) {
            assertThat(generated(plural)).as(plural).contains("kind: \"CustomResourceDefinition\"");
        }
    }

    @Test
    void committedManifestsMatchTheGeneratedOnes() throws IOException {
        Path dir = repoRoot().resolve("helm/tollgate/crds");
        boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
        List<String> stale = new ArrayList<>();
        for (String plural : PLURALS) {
            String expected = generated(plural);
            Path committed = dir.resolve(plural + "." + Crds.GROUP + ".yaml");
            String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : null;
            if (expected.equals(actual)) {
                continue;
            }
            if (update) {
                Files.createDirectories(dir);
                Files.writeString(committed, expected, StandardCharsets.UTF_8);
            } else {
                stale.add(committed.toString());
            }
        }
        assertThat(stale)
                .as("CRD manifests differ from the generated ones; refresh them with"
                        + " `mvn -B -o -pl crds test -Dtollgate.crds.update=true` and commit")
                .isEmpty();
    }

    @Test
    void noStrayManifestsLieNextToTheGeneratedOnes() throws IOException {
        Path dir = repoRoot().resolve("helm/tollgate/crds");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(PLURALS.stream().map(p -> p + "." + Crds.GROUP + ".yaml"))
                            .as("unexpected file %s in %s", name, dir)
                            .contains(name));
        }
    }

    private static String generated(String plural) throws IOException {
        String resource = "META-INF/fabric8/" + plural + "." + Crds.GROUP + "-v1.yml";
        try (InputStream in = CrdManifestsUpToDateTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("generated CRD %s on the class path", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Path repoRoot() {
        String property = System.getProperty("tollgate.repoRoot");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            URL here = CrdManifestsUpToDateTest.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation();
            Path dir = Path.of(here.toURI());
            while (dir != null && !isReactorRoot(dir)) {
                dir = dir.getParent();
            }
            assertThat(dir).as("reactor root above %s", here).isNotNull();
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isReactorRoot(Path dir) {
        try {
            Path pom = dir.resolve("pom.xml");
            return Files.exists(pom) && Files.readString(pom).contains("<module>crds</module>");
        } catch (IOException e) {
            return false;
        }
    }
}

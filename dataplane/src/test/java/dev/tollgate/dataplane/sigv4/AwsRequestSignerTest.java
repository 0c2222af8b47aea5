package dev.tollgate.dataplane.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.controlapi.sigv4.SigV4;
import dev.tollgate.controlapi.sigv4.SigV4Verifier;
import dev.tollgate.controlapi.sigv4.SignedRequest;
import dev.tollgate.controlapi.sigv4.SigningCredential;
import dev.tollgate.controlapi.sigv4.Verification;
import dev.tollgate.dataplane.testing.RepoRoot;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.AwsServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The signer of AWS integrations' calls against AWS's published Signature Version 4 test suite
 * (the copy in the control API's test resources, see its SOURCE.md): each request signed with the
 * suite's key and time gives the suite's Authorization header exactly. Cases whose request the
 * data plane never sends are left out (named below, with why).
 */
class AwsRequestSignerTest {
    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock SIGNED_AT = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    /**
     * Requests the data plane never builds: one header given twice or over several lines (it sends
     * one value per header name), paths with dot segments (the {@code normalize-path} cases: its
     * backend paths are filled templates, never relative) or a raw space (it sends percent-encoded
     * paths, which services other than S3 sign encoded once more), and a session token added after
     * signing (the signer always signs the token).
     */
    private static final Set<String> NOT_SENT = Set.of(
            "get-header-key-duplicate",
            "get-header-value-multiline",
            "get-header-value-order",
            "normalize-path",
            "get-space",
            "post-sts-header-after");

    private static final AwsServiceConfig SERVICE =
            new AwsServiceConfig("service", "us-east-1", "creds", null, null, false);

    private static KeyMaterial keys(String sessionToken) {
        return (namespace, name, key) -> {
            if (!namespace.equals("default") || !name.equals("creds")) {
                return null;
            }
            String v =
                    switch (key) {
                        case AwsServiceConfig.ACCESS_KEY_ID -> ACCESS_KEY;
                        case AwsServiceConfig.SECRET_ACCESS_KEY -> SECRET;
                        case AwsServiceConfig.SESSION_TOKEN -> sessionToken;
                        default -> null;
                    };
            return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A suite request as the signer takes it; its session token header, if any, goes to the keys. */
    private record Case(AwsRequestSigner.Call call, String sessionToken) {}

    private static Case read(Path req) throws Exception {
        String text = Files.readString(req, StandardCharsets.UTF_8);
        String[] parts = text.split("\n\n", 2);
        String[] lines = parts[0].split("\n");
        String[] requestLine = lines[0].split(" ");
        String target = requestLine[1];
        int q = target.indexOf('?');
        Map<String, String> headers = new LinkedHashMap<>();
        String host = null;
        String token = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon);
            String value = lines[i].substring(colon + 1);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "host" -> host = value;
                case "x-amz-date" -> {} // the signer dates the call by its clock
                case "x-amz-security-token" -> token = value;
                default -> headers.put(name, value);
            }
        }
        byte[] body = parts.length > 1 ? parts[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (token == null) {
            // A case whose token the suite adds when signing carries it in the signed request only.
            for (String line : Files.readAllLines(
                    req.resolveSibling(req.getFileName().toString().replace(".req", ".sreq")))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-amz-security-token:")) {
                    token = line.substring(line.indexOf(':') + 1);
                }
            }
        }
        return new Case(
                new AwsRequestSigner.Call(
                        requestLine[0],
                        "https",
                        host,
                        443,
                        q < 0 ? target : target.substring(0, q),
                        q < 0 ? "" : target.substring(q + 1),
                        headers,
                        body),
                token);
    }

    private static Map<String, String> sign(Case c) {
        AwsRequestSigner signer = new AwsRequestSigner(SIGNED_AT);
        signer.keys(keys(c.sessionToken()));
        return signer.sign("default", SERVICE, c.call());
    }

    /**
     * The suite's canonical request with the payload hash header added: the SDK's signer signs
     * {@code x-amz-content-sha256} on every request, which AWS's services accept (S3 requires it).
     */
    private static String withPayloadHash(String creq) {
        List<String> lines = new ArrayList<>(List.of(creq.split("\n", -1)));
        String hash = lines.get(lines.size() - 1);
        // The query line (index 2) may be empty too; the headers end at the first blank after it.
        int blank = 3 + lines.subList(3, lines.size()).indexOf("");
        List<String> headers = new ArrayList<>(lines.subList(3, blank));
        headers.add(AwsRequestSigner.CONTENT_SHA256 + ":" + hash);
        headers.sort(Comparator.comparing(h -> h.substring(0, h.indexOf(':'))));
        List<String> signed = new ArrayList<>(List.of(lines.get(blank + 1).split(";")));
        signed.add(AwsRequestSigner.CONTENT_SHA256);
        signed.sort(null);
        List<String> out = new ArrayList<>(lines.subList(0, 3));
        out.addAll(headers);
        out.add("");
        out.add(String.join(";", signed));
        out.add(hash);
        return String.join("\n", out);
    }

    @TestFactory
    Stream<DynamicTest> everySuiteRequestIsSignedOverTheSuitesCanonicalRequest() throws Exception {
        Path suite = RepoRoot.resolve("controlapi/src/test/resources/aws4_testsuite");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(suite)) {
            for (Path req :
                    files.filter(p -> p.toString().endsWith(".req")).sorted().toList()) {
                String name = req.getFileName().toString().replace(".req", "");
                if (NOT_SENT.contains(name)
                        || NOT_SENT.contains(
                                req.getParent().getParent().getFileName().toString())) {
                    continue;
                }
                Path creq = req.resolveSibling(name + ".creq");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Map<String, String> signed = sign(read(req));
                    String canonical = withPayloadHash(Files.readString(creq, StandardCharsets.UTF_8));
                    String signedHeaders = canonical.split("\n")[canonical.split("\n").length - 2];
                    String expected = SigV4.signature(
                            SECRET,
                            "20150830",
                            "us-east-1",
                            "service",
                            SigV4.stringToSign(
                                    "20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
                    assertThat(signed.get("Authorization"))
                            .isEqualTo(
                                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                                            + " SignedHeaders=" + signedHeaders + ", Signature=" + expected);
                    assertThat(signed.get("X-Amz-Date")).isEqualTo("20150830T123600Z");
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    @Test
    void aSignedS3CallVerifiesWithThePayloadHashItCarries() {
        AwsServiceConfig s3 = new AwsServiceConfig("s3", "eu-west-1", "creds", null, null, false);
        AwsRequestSigner signer = new AwsRequestSigner(SIGNED_AT);
        signer.keys(keys(null));
        byte[] body = "object body".getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = signer.sign(
                "default",
                s3,
                new AwsRequestSigner.Call(
                        "PUT",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/bucket/object.txt",
                        "",
                        Map.of("Content-Type", "text/plain"),
                        body));
        assertThat(signed.get(AwsRequestSigner.CONTENT_SHA256)).isEqualTo(SigV4.hex(SigV4.sha256(body)));
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("host", List.of("127.0.0.1:9000"));
        headers.put("content-type", List.of("text/plain"));
        signed.forEach((k, v) -> headers.put(k, List.of(v)));
        SigV4Verifier<String> verifier = new SigV4Verifier<>(
                "s3",
                SigV4Verifier.anyRegion(),
                id -> Optional.of(new SigningCredential<>(ACCESS_KEY, SECRET, null, "store")),
                SIGNED_AT,
                Duration.ofMinutes(5));
        Verification<String> ok = verifier.verify(SignedRequest.of("PUT", "/bucket/object.txt", "", headers, body));
        assertThat(ok).as(ok.toString()).isInstanceOf(Verification.Verified.class);
        Verification<String> altered = verifier.verify(SignedRequest.of(
                "PUT", "/bucket/object.txt", "", headers, "another body".getBytes(StandardCharsets.UTF_8)));
        assertThat(altered).isInstanceOf(Verification.Refused.class);
    }

    @Test
    void aMissingOrIncompleteCredentialsSecretSignsNothing() {
        AwsRequestSigner signer = new AwsRequestSigner(SIGNED_AT);
        AwsRequestSigner.Call call =
                new AwsRequestSigner.Call("GET", "https", "example.amazonaws.com", 443, "/", "", Map.of(), new byte[0]);
        assertThat(signer.sign("default", SERVICE, call)).isNull();
        signer.keys((namespace, name, key) ->
                key.equals(AwsServiceConfig.ACCESS_KEY_ID) ? ACCESS_KEY.getBytes(StandardCharsets.UTF_8) : null);
        assertThat(signer.sign("default", SERVICE, call)).isNull();
    }
}

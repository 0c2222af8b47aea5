package dev.tollgate.controlapi.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * AWS's published Signature Version 4 test suite (test resources {@code aws4_testsuite}, see its
 * SOURCE.md): for every case the canonical request and the string to sign match AWS's, the signed
 * request verifies, and the same request with one signature character changed is refused.
 */
class SigV4TestSuiteTest {
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Clock SIGNED_AT = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    /** One parsed {@code .req}/{@code .sreq} file. */
    record Parsed(String method, String path, String query, SortedMap<String, List<String>> headers, byte[] body) {}

    static Parsed parse(String text) {
        String[] parts = text.split("\n\n", 2);
        String[] lines = parts[0].split("\n");
        String[] requestLine = lines[0].split(" ");
        String target = String.join(" ", java.util.Arrays.copyOfRange(requestLine, 1, requestLine.length - 1));
        int q = target.indexOf('?');
        SortedMap<String, List<String>> headers = new TreeMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                List<String> values = headers.get(last);
                values.set(values.size() - 1, values.get(values.size() - 1) + "\n" + line);
                continue;
            }
            int colon = line.indexOf(':');
            last = line.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        byte[] body = parts.length > 1 ? parts[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new Parsed(
                requestLine[0],
                q < 0 ? target : target.substring(0, q),
                q < 0 ? "" : target.substring(q + 1),
                headers,
                body);
    }

    static Path suite() throws URISyntaxException {
        return Path.of(SigV4TestSuiteTest.class.getResource("/aws4_testsuite").toURI());
    }

    static List<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(suite())) {
            return files.filter(p -> p.toString().endsWith(".sreq")).sorted().toList();
        }
    }

    static SigV4Verifier<String> verifier(String sessionToken) {
        CredentialLookup<String> lookup = id -> id.equals(ACCESS_KEY)
                ? Optional.of(new SigningCredential<>(ACCESS_KEY, SECRET, sessionToken, "example-user"))
                : Optional.empty();
        return new SigV4Verifier<>(
                "service", r -> r.equals("us-east-1"), lookup, SIGNED_AT, SigV4Verifier.DEFAULT_SKEW);
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    static Map<String, String> authorization(String header) {
        return SigV4.parameters(header.substring(header.indexOf(' ') + 1));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheSuiteVerifiesAndMatchesItsCanonicalRequestAndStringToSign() throws Exception {
        List<Path> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        Path root = suite();
        return cases.stream()
                .map(sreq -> DynamicTest.dynamicTest(root.relativize(sreq).toString(), () -> {
                    String base = sreq.toString().substring(0, sreq.toString().length() - ".sreq".length());
                    Parsed req = parse(read(sreq));
                    // The .authz file is the suite's expected header; one .sreq (get-vanilla-with-session-token)
                    // carries a different, wrong signature, so the request is verified with the .authz header.
                    SortedMap<String, List<String>> withAuthz = new TreeMap<>(req.headers());
                    withAuthz.put(
                            "authorization",
                            List.of(read(Path.of(base + ".authz")).trim()));
                    SignedRequest request = new SignedRequest(
                            req.method(), req.path(), req.query(), withAuthz, SigV4.hex(SigV4.sha256(req.body())));
                    Map<String, String> auth = authorization(request.header("authorization"));
                    List<String> signed = List.of(auth.get("SignedHeaders").split(";"));
                    String canonical = SigV4.canonicalRequest(
                            req.method(),
                            req.path(),
                            req.query(),
                            request.headers(),
                            signed,
                            request.payloadSha256(),
                            null);
                    assertThat(canonical).isEqualTo(read(Path.of(base + ".creq")));
                    String amzDate = request.header("x-amz-date");
                    String sts = SigV4.stringToSign(amzDate, "20150830/us-east-1/service/aws4_request", canonical);
                    assertThat(sts).isEqualTo(read(Path.of(base + ".sts")));
                    assertThat(SigV4.signature(SECRET, "20150830", "us-east-1", "service", sts))
                            .isEqualTo(auth.get("Signature"));

                    SigV4Verifier<String> verifier = verifier(request.header("x-amz-security-token"));
                    assertThat(verifier.verify(request))
                            .isEqualTo(new Verification.Verified<>("example-user", ACCESS_KEY, "us-east-1", "service"));

                    String header = request.header("authorization");
                    char lastChar = header.charAt(header.length() - 1);
                    String tampered = header.substring(0, header.length() - 1) + (lastChar == '0' ? '1' : '0');
                    SortedMap<String, List<String>> headers = new TreeMap<>(request.headers());
                    headers.put("authorization", List.of(tampered));
                    Verification<String> refused = verifier.verify(
                            new SignedRequest(req.method(), req.path(), req.query(), headers, request.payloadSha256()));
                    assertThat(refused).isInstanceOfSatisfying(Verification.Refused.class, r -> assertThat(
                                    r.error().type())
                            .isEqualTo(SigV4Error.INVALID_SIGNATURE));
                }));
    }

    private static SignedRequest vanilla(Map<String, String> replace) throws Exception {
        Parsed req = parse(read(suite().resolve("get-vanilla/get-vanilla.sreq")));
        SortedMap<String, List<String>> headers = new TreeMap<>(req.headers());
        replace.forEach((k, v) -> {
            if (v == null) {
                headers.remove(k);
            } else {
                headers.put(k, List.of(v));
            }
        });
        return new SignedRequest(req.method(), req.path(), req.query(), headers, SigV4.hex(SigV4.sha256(req.body())));
    }

    private static SigV4Error refusal(Verification<String> v) {
        assertThat(v).isInstanceOf(Verification.Refused.class);
        return ((Verification.Refused<String>) v).error();
    }

    @Test
    void aRequestWithoutAuthorizationAnswersMissingAuthenticationToken() throws Exception {
        Map<String, String> none = new LinkedHashMap<>();
        none.put("authorization", null);
        SigV4Error e = refusal(verifier(null).verify(vanilla(none)));
        assertThat(e.type()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(e.message()).isEqualTo("Missing Authentication Token");
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void anUnknownAccessKeyAnswersUnrecognizedClient() throws Exception {
        String header = "AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        SigV4Error e = refusal(verifier(null).verify(vanilla(Map.of("authorization", header))));
        assertThat(e.type()).isEqualTo("UnrecognizedClientException");
        assertThat(e.message()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void aHeaderMissingItsPartsAnswersIncompleteSignatureNamingThem() throws Exception {
        SigV4Error e = refusal(verifier(null)
                .verify(vanilla(Map.of(
                        "authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"))));
        assertThat(e.type()).isEqualTo("IncompleteSignatureException");
        assertThat(e.message()).contains("'Signature'").contains("'SignedHeaders'");
        assertThat(refusal(verifier(null).verify(vanilla(Map.of("authorization", "Bearer abc"))))
                        .type())
                .isEqualTo("IncompleteSignatureException");
    }

    @Test
    void aSignatureOutsideTheSkewAnswersSignatureExpiredOrNotYetCurrent() throws Exception {
        SignedRequest request = vanilla(Map.of());
        CredentialLookup<String> lookup = id -> Optional.of(new SigningCredential<>(id, SECRET, null, "u"));
        SigV4Verifier<String> late = new SigV4Verifier<>(
                "service",
                SigV4Verifier.anyRegion(),
                lookup,
                Clock.fixed(Instant.parse("2015-08-30T12:46:00Z"), ZoneOffset.UTC),
                SigV4Verifier.DEFAULT_SKEW);
        SigV4Error expired = refusal(late.verify(request));
        assertThat(expired.type()).isEqualTo("InvalidSignatureException");
        assertThat(expired.message())
                .isEqualTo(
                        "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)");
        SigV4Verifier<String> early = new SigV4Verifier<>(
                "service",
                SigV4Verifier.anyRegion(),
                lookup,
                Clock.fixed(Instant.parse("2015-08-30T12:26:00Z"), ZoneOffset.UTC),
                SigV4Verifier.DEFAULT_SKEW);
        assertThat(refusal(early.verify(request)).message()).startsWith("Signature not yet current: 20150830T123600Z");
    }

    @Test
    void aScopeForAnotherServiceOrRegionIsRefused() throws Exception {
        SignedRequest request = vanilla(Map.of());
        CredentialLookup<String> lookup = id -> Optional.of(new SigningCredential<>(id, SECRET, null, "u"));
        SigV4Verifier<String> otherService = new SigV4Verifier<>(
                "apigateway", SigV4Verifier.anyRegion(), lookup, SIGNED_AT, SigV4Verifier.DEFAULT_SKEW);
        assertThat(refusal(otherService.verify(request)).message())
                .isEqualTo("Credential should be scoped to correct service: 'apigateway'. ");
        SigV4Verifier<String> otherRegion = new SigV4Verifier<>(
                "service", r -> r.equals("eu-west-1"), lookup, SIGNED_AT, SigV4Verifier.DEFAULT_SKEW);
        assertThat(refusal(otherRegion.verify(request)).type()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void aSessionTokenThatDoesNotMatchTheKeysIsRefusedAsUnrecognized() throws Exception {
        Parsed req = parse(read(suite().resolve("get-vanilla-with-session-token/get-vanilla-with-session-token.sreq")));
        SignedRequest request = new SignedRequest(
                req.method(), req.path(), req.query(), req.headers(), SigV4.hex(SigV4.sha256(req.body())));
        assertThat(refusal(verifier("another-token").verify(request)).type()).isEqualTo("UnrecognizedClientException");
        assertThat(refusal(verifier(null).verify(request)).type()).isEqualTo("UnrecognizedClientException");
    }
}

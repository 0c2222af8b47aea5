package dev.tollgate.controlapi.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) in the Authorization header: the
 * credential scope (date, an accepted region, the expected service), the timestamp within the
 * allowed skew of the clock, the access key (and session token) through a lookup, and the
 * signature over the canonical request. Pure: no I/O but the lookup; never throws for a hostile
 * request; the errors are AWS's, and never echo a secret or the signature sent.
 *
 * @param <I> the identity type credentials carry
 */
public final class SigV4Verifier<I> {
    /** AWS's allowed clock skew. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final String service;
    private final Predicate<String> regions;
    private final CredentialLookup<I> credentials;
    private final Clock clock;
    private final Duration skew;

    /**
     * @param service the service name the credential scope must name, e.g. {@code apigateway} or
     *     {@code execute-api}
     * @param regions which regions of the scope are accepted
     * @param credentials finds the secret of an access key id
     * @param clock the time signatures are checked against
     * @param skew how far a request's timestamp may be from the clock, either way
     */
    public SigV4Verifier(
            String service, Predicate<String> regions, CredentialLookup<I> credentials, Clock clock, Duration skew) {
        this.service = Objects.requireNonNull(service, "service");
        this.regions = Objects.requireNonNull(regions, "regions");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    /** Whether a request carries a SigV4 Authorization header (so a bearer token can go elsewhere). */
    public static boolean isSigV4(SignedRequest request) {
        String authorization = request.header("authorization");
        return authorization != null && authorization.trim().startsWith("AWS4-");
    }

    /** Verifies one request. */
    public Verification<I> verify(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            return refused(SigV4Error.missing());
        }
        authorization = authorization.trim();
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            return refused(
                    algorithm.startsWith("AWS4-")
                            ? SigV4Error.incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'")
                            : SigV4Error.incomplete("Authorization header requires '" + SigV4.ALGORITHM
                                    + "' signing; the header given is not a Signature Version 4 header."));
        }
        Map<String, String> params = SigV4.parameters(space < 0 ? "" : authorization.substring(space + 1));
        String credential = params.get("Credential");
        String signedHeadersText = params.get("SignedHeaders");
        String signature = params.get("Signature");
        String amzDate = request.header("x-amz-date");
        String date = request.header("date");
        StringBuilder missing = new StringBuilder();
        for (String[] part : new String[][] {
            {"Credential", credential}, {"Signature", signature}, {"SignedHeaders", signedHeadersText}
        }) {
            if (part[1] == null || part[1].isEmpty()) {
                missing.append("Authorization header requires '")
                        .append(part[0])
                        .append("' parameter. ");
            }
        }
        if (amzDate == null && date == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            return refused(SigV4Error.incomplete(missing.toString().trim()));
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            return refused(SigV4Error.incomplete("Credential should be scoped to a valid region, not a malformed"
                    + " scope. Credential is <access key id>/<date>/<region>/<service>/aws4_request."));
        }
        List<String> signedHeaders = Arrays.asList(signedHeadersText.split(";"));
        if (!signedHeaders.contains("host")) {
            return refused(SigV4Error.incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization."));
        }
        if (amzDate != null && !signedHeaders.contains("x-amz-date") && !signedHeaders.contains("date")) {
            return refused(SigV4Error.incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."));
        }
        Instant signedAt;
        String timestamp;
        try {
            if (amzDate != null) {
                signedAt = ZonedDateTime.parse(amzDate, AMZ_DATE).toInstant();
                timestamp = amzDate;
            } else {
                signedAt = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                timestamp = AMZ_DATE.format(signedAt);
            }
        } catch (DateTimeParseException e) {
            return refused(SigV4Error.incomplete("Date must be in ISO-8601 'basic format'. Got '"
                    + (amzDate != null ? amzDate : date) + "'. See http://en.wikipedia.org/wiki/ISO_8601"));
        }
        if (!scope[4].equals("aws4_request")) {
            return refused(SigV4Error.invalid(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'."));
        }
        if (!scope[1].equals(timestamp.substring(0, 8))) {
            return refused(
                    SigV4Error.invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of"
                            + " date from HTTP: '" + scope[1] + "' != '" + timestamp.substring(0, 8) + "', from '"
                            + timestamp
                            + "'."));
        }
        if (!regions.test(scope[2])) {
            return refused(SigV4Error.invalid("Credential should be scoped to a valid region. "));
        }
        if (!scope[3].equals(service)) {
            return refused(SigV4Error.invalid("Credential should be scoped to correct service: '" + service + "'. "));
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(skew))) {
            return refused(SigV4Error.invalid("Signature expired: " + timestamp + " is now earlier than "
                    + AMZ_DATE.format(now.minus(skew)) + " (" + AMZ_DATE.format(now) + " - " + skew.toMinutes()
                    + " min.)"));
        }
        if (signedAt.isAfter(now.plus(skew))) {
            return refused(SigV4Error.invalid("Signature not yet current: " + timestamp + " is still later than "
                    + AMZ_DATE.format(now.plus(skew)) + " (" + AMZ_DATE.format(now) + " + " + skew.toMinutes()
                    + " min.)"));
        }
        Optional<SigningCredential<I>> found = credentials.find(scope[0]);
        if (found.isEmpty()) {
            return refused(SigV4Error.unrecognized());
        }
        SigningCredential<I> key = found.get();
        String token = request.header("x-amz-security-token");
        if (!Objects.equals(token, key.sessionToken())) {
            return refused(SigV4Error.unrecognized());
        }
        String payloadHash = request.payloadSha256();
        String claimed = request.header("x-amz-content-sha256");
        if (claimed != null && !claimed.equals(payloadHash)) {
            // A streaming/unsigned payload this endpoint does not take, or a body altered after
            // signing: outside S3 the header is one more signed header, and the signature computed
            // over the body received does not match (AWS's answer to an altered body).
            return refused(
                    claimed.equals(UNSIGNED_PAYLOAD) || claimed.startsWith("STREAMING-")
                            ? SigV4Error.invalid("Unsigned and streaming payloads are not accepted here.")
                            : SigV4Error.mismatch());
        }
        List<String> sorted = new ArrayList<>(signedHeaders);
        sorted.sort(null);
        String canonical = SigV4.canonicalRequest(
                request.method(), request.rawPath(), request.rawQuery(), request.headers(), sorted, payloadHash, null);
        String scopeText = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String expected = SigV4.signature(
                key.secretAccessKey(),
                scope[1],
                scope[2],
                scope[3],
                SigV4.stringToSign(timestamp, scopeText, canonical));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return refused(SigV4Error.mismatch());
        }
        return new Verification.Verified<>(key.identity(), key.accessKeyId(), scope[2], scope[3]);
    }

    /** Accepts any region. */
    public static Predicate<String> anyRegion() {
        return r -> !r.isEmpty();
    }

    /** Accepts the listed regions. */
    public static Predicate<String> regions(Set<String> allowed) {
        Set<String> copy = Set.copyOf(allowed);
        return copy::contains;
    }

    private static <I> Verification<I> refused(SigV4Error error) {
        return new Verification.Refused<>(error);
    }
}

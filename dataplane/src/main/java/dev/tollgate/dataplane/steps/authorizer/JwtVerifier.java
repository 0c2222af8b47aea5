package dev.tollgate.dataplane.steps.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.ir.JwtAuthorizerConfig;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks one bearer token against a JWT authorizer's settings and a key set. Pure: no I/O, the
 * clock is passed in. Only asymmetric algorithms are accepted, so {@code alg: none} and HMAC signed
 * with a public key (the classic key-confusion attack) never verify.
 */
final class JwtVerifier {
    private static final Set<JWSAlgorithm> RSA = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Why a token was refused (never the token itself: this goes to logs). */
    enum Failure {
        MALFORMED,
        ALGORITHM_NOT_ALLOWED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        NO_EXPIRY,
        EXPIRED,
        NOT_YET_VALID,
        INSUFFICIENT_SCOPE
    }

    /** The outcome: the verified claims, or why not. */
    record Result(JWTClaimsSet claims, Failure failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private JwtVerifier() {}

    /** Parses a compact JWS; null when it is not one (including unsigned {@code alg: none}). */
    static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the key set holds a key the token could be signed with. */
    static boolean hasKey(SignedJWT jwt, JWKSet keys) {
        return !candidates(jwt, keys).isEmpty();
    }

    static Result verify(SignedJWT jwt, JWKSet keys, JwtAuthorizerConfig config, List<String> scopes, long nowMillis) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!RSA.contains(alg) && !EC.contains(alg)) {
            return new Result(null, Failure.ALGORITHM_NOT_ALLOWED);
        }
        List<JWK> candidates = candidates(jwt, keys);
        if (candidates.isEmpty()) {
            return new Result(null, Failure.UNKNOWN_KEY);
        }
        boolean verified = false;
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa
                        ? new RSASSAVerifier(rsa.toRSAPublicKey())
                        : new ECDSAVerifier(((ECKey) key).toECPublicKey());
                if (jwt.verify(verifier)) {
                    verified = true;
                    break;
                }
            } catch (JOSEException | RuntimeException e) {
                // A key of the wrong curve or size does not verify; try the next candidate.
            }
        }
        if (!verified) {
            return new Result(null, Failure.BAD_SIGNATURE);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Result(null, Failure.MALFORMED);
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            return new Result(null, Failure.WRONG_ISSUER);
        }
        if (!config.audiences().isEmpty()) {
            List<String> aud = claims.getAudience();
            if (aud == null || aud.stream().noneMatch(config.audiences()::contains)) {
                return new Result(null, Failure.WRONG_AUDIENCE);
            }
        }
        long skew = config.clockSkewSeconds() * 1000L;
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return new Result(null, Failure.NO_EXPIRY);
        }
        if (exp.getTime() + skew <= nowMillis) {
            return new Result(null, Failure.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() - skew > nowMillis) {
            return new Result(null, Failure.NOT_YET_VALID);
        }
        if (!scopes.isEmpty() && scopes(claims).stream().noneMatch(scopes::contains)) {
            return new Result(claims, Failure.INSUFFICIENT_SCOPE);
        }
        return new Result(claims, null);
    }

    /** The token's scopes: space-separated {@code scope}, or the {@code scp} list. */
    static List<String> scopes(JWTClaimsSet claims) {
        List<String> out = new ArrayList<>();
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        } else if (scp instanceof String s) {
            out.add(s);
        }
        return out;
    }

    private static List<JWK> candidates(SignedJWT jwt, JWKSet keys) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        String kid = jwt.getHeader().getKeyID();
        List<JWK> out = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
                continue;
            }
            if ((RSA.contains(alg) && key instanceof RSAKey) || (EC.contains(alg) && key instanceof ECKey)) {
                out.add(key);
            }
        }
        return out;
    }
}

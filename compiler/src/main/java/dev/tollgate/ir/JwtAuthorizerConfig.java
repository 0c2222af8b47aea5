package dev.tollgate.ir;

import java.util.List;

/**
 * A JWT authorizer (AWS HTTP API's JWT authorizer; also Cognito-style on REST methods): the bearer
 * token must be signed by a key of the JWKS, by an asymmetric algorithm, and carry the issuer, one
 * of the audiences and a valid time window.
 *
 * @param name the authorizer's name in its RestApi
 * @param issuer the exact {@code iss} a token must carry
 * @param audiences accepted {@code aud} values (a token needs one of them); sorted; empty accepts
 *     any audience (Cognito-style, where the issuer is the user pool)
 * @param jwksUri http(s) URL of the JSON Web Key Set; fetched by the data plane, cached, refetched
 *     once on an unknown {@code kid}
 * @param identityHeader the lower-case request header holding the token ({@code authorization}
 *     by default); a {@code Bearer } prefix is stripped
 * @param clockSkewSeconds seconds of tolerance on {@code exp} and {@code nbf}
 */
public record JwtAuthorizerConfig(
        String name, String issuer, List<String> audiences, String jwksUri, String identityHeader, int clockSkewSeconds)
        implements AuthorizerConfig {
    public JwtAuthorizerConfig {
        Ir.require(name, "name");
        Ir.require(issuer, "issuer");
        audiences = Ir.list(audiences);
        Ir.require(jwksUri, "jwksUri");
        Ir.require(identityHeader, "identityHeader");
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("bad clockSkewSeconds " + clockSkewSeconds);
        }
    }
}

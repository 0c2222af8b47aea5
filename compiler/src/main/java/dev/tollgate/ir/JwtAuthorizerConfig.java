package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param jwksUri https URL of the JSON Web Key Set; fetched by the data plane, cached, refetched
 *     once on an unknown {@code kid}; null to find it by OpenID Connect discovery ({@code
 *     {issuer}/.well-known/openid-configuration}'s {@code jwks_uri}), as AWS does for Cognito
 * @param identityHeader the lower-case request header holding the token ({@code authorization}
 *     by default); a {@code Bearer } prefix is stripped
 * @param clockSkewSeconds seconds of tolerance on {@code exp} and {@code nbf}
 * @param allowInsecureHttp whether the key set (and the discovery document) may be fetched over
 *     plain {@code http://}: for local development only, as anyone on the path could swap the keys
 */
public record JwtAuthorizerConfig(
        String name,
        String issuer,
        List<String> audiences,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jwksUri,
        String identityHeader,
        int clockSkewSeconds,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean allowInsecureHttp)
        implements AuthorizerConfig {
    public JwtAuthorizerConfig {
        Ir.require(name, "name");
        Ir.require(issuer, "issuer");
        audiences = Ir.list(audiences);
        Ir.require(identityHeader, "identityHeader");
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("bad clockSkewSeconds " + clockSkewSeconds);
        }
    }

    /** The OpenID Connect discovery document's URL of the issuer. */
    public String discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return base + "/.well-known/openid-configuration";
    }
}

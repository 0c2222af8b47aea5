package dev.tollgate.dataplane.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;

/** Tokens for the JWT authorizer's tests, signed with real keys. */
public final class Jwts {
    private Jwts() {}

    /**
     * Claims a valid token carries: issuer, audience, subject {@code user-1}, valid from a second
     * ago for ten minutes; tests change what they test.
     */
    public static JWTClaimsSet.Builder claims(String issuer, String audience) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("user-1")
                .expirationTime(new Date(now + 600_000))
                .notBeforeTime(new Date(now - 1000));
    }

    /** The compact token of the claims, signed by the RSA or EC key with {@code alg}, naming its key id. */
    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}

package dev.tollgate.dataplane.testing;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run (EC P-256 keys, valid for a day): its certificate,
 * and server or client certificates it issues, all as PEM the way Secrets and {@code redis-server}
 * take them (keys PKCS#8).
 */
public final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    /** A certificate and its private key, PEM. */
    public record Issued(String certificatePem, String privateKeyPem) {
        /** Writes {@code <prefix>.crt} and {@code <prefix>.key} into {@code dir}; returns the certificate's path. */
        public Path write(Path dir, String prefix) throws Exception {
            Files.writeString(dir.resolve(prefix + ".key"), privateKeyPem);
            return Files.writeString(dir.resolve(prefix + ".crt"), certificatePem);
        }
    }

    private TestCa(String commonName) throws Exception {
        this.name = new X500Name("CN=" + commonName);
        this.keys = newKeys();
        X509v3CertificateBuilder builder = builder(name, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.certificate = sign(builder, keys.getPrivate());
    }

    /** A new CA named {@code commonName}. */
    public static TestCa create(String commonName) {
        try {
            return new TestCa(commonName);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** The CA certificate, PEM: the bundle a client trusts. */
    public String certificatePem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /** A server certificate for these DNS names and IP addresses. */
    public Issued server(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return issue(commonName, dnsNames, ipAddresses, KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate. */
    public Issued client(String commonName) {
        return issue(commonName, List.of(), List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String commonName, List<String> dnsNames, List<String> ips, KeyPurposeId purpose) {
        try {
            KeyPair leaf = newKeys();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial(), notBefore(), notAfter(), new X500Name("CN=" + commonName), leaf.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            List<GeneralName> alt = new ArrayList<>();
            dnsNames.forEach(d -> alt.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(ip -> alt.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!alt.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = sign(builder, keys.getPrivate());
            return new Issued(
                    pem("CERTIFICATE", encoded(cert)),
                    pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, KeyPair keys) {
        return new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject, keys.getPublic());
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}

package org.vigil.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.smallrye.jwt.build.Jwt;

/**
 * Real signed tokens for the tests: an RSA key pair made once per build (target/jwt), its public half given to the
 * service as the verification key, its private half used here to sign tokens per role and clearance.
 */
public final class Tokens {

    public static final String ISSUER = "https://vigil.test/issuer";
    static final Path DIR = Path.of("target/jwt").toAbsolutePath();

    private Tokens() {
    }

    /** The public key's location, for mp.jwt.verify.publickey.location. Makes the key pair on first use. */
    public static synchronized String publicKeyLocation() {
        try {
            if (!Files.exists(DIR.resolve("private.der"))) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(DIR);
                Files.write(DIR.resolve("private.der"), pair.getPrivate().getEncoded());
                Files.writeString(DIR.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
            }
            return "file:" + DIR.resolve("public.pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            publicKeyLocation();
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(DIR.resolve("private.der"))));
        } catch (Exception e) {
            throw new IllegalStateException("no test signing key in " + DIR, e);
        }
    }

    /** A token for {@code name} with these roles that expires in {@code seconds}. */
    public static String expiringIn(long seconds, String name, String... roles) {
        return Jwt.issuer(ISSUER).upn(name).groups(Set.of(roles)).expiresIn(seconds).sign(privateKey());
    }

    /** A token for {@code name} with these roles and, when not null, this clearance. */
    public static String token(String name, String clearance, String... roles) {
        var builder = Jwt.issuer(ISSUER).upn(name).groups(Set.of(roles)).expiresIn(3600);
        if (clearance != null) builder.claim("clearance", clearance);
        return builder.sign(privateKey());
    }

    /** A token signed with the tests' key that claims to come from {@code issuer} (another issuer's, to be refused). */
    public static String claimingIssuer(String issuer, String name, String... roles) {
        return Jwt.issuer(issuer).upn(name).groups(Set.of(roles)).expiresIn(3600).sign(privateKey());
    }

    /**
     * A forgery: a viewer's genuine header and signature around the claims of an admin cleared for everything (the
     * signature no longer matches what it signs).
     */
    public static String forged() {
        String[] genuine = token("mallory", "public", "viewer").split("\\.");
        String[] wanted = token("mallory", "confidential", "admin", "recorder", "analyst").split("\\.");
        return genuine[0] + "." + wanted[1] + "." + genuine[2];
    }

    /** The token most tests run with: a recorder who is also an admin, cleared for everything. */
    public static String everything() {
        return token("test-recorder", "confidential", "recorder", "admin");
    }

    /** Every RestAssured request of the calling test carries {@link #everything()} unless it sets its own. */
    public static void useEverywhere() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer " + everything()).build();
    }
}

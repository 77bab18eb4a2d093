package org.vigil.casefile.security;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import org.vigil.access.TrustedTokens;
import org.vigil.casefile.config.CasefileConfig;

/** Bearer tokens from the configured issuer and from the web app's OIDC provider ({@code vigil.oidc.issuer}). */
@jakarta.inject.Singleton
public class TokenVerifier extends TrustedTokens {

    public TokenVerifier(JWTParser parser, JWTAuthContextInfo configured, CasefileConfig config) {
        super(parser, configured, config.oidc().issuer());
    }
}

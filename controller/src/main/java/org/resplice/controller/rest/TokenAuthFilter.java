package org.resplice.controller.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * Bearer-token authentication for the embedded runtime's REST server. A request with the right
 * token acts as ONOS's "admin" role (ONOS's own AuthorizationFilter then allows writes); anything
 * else gets 401 before it reaches a resource.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class TokenAuthFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;
    private final String tokenLocation;

    /**
     * @param token         the shared secret
     * @param tokenLocation where a user finds the token, named in the 401 message
     */
    public TokenAuthFilter(String token, String tokenLocation) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.tokenLocation = tokenLocation;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        byte[] given = header != null && header.startsWith(SCHEME)
                ? header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8) : null;
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"resplice\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"code\":401,\"message\":\"" + (header == null ? "missing" : "wrong")
                            + " token; send 'Authorization: Bearer <token>' with the token from "
                            + tokenLocation + "\"}")
                    .build());
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            private final Principal principal = () -> "token";

            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return "admin".equals(role) || "viewer".equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }
}

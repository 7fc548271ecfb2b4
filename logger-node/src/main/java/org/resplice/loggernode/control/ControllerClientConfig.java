package org.resplice.loggernode.control;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often the logger asks the controller what to follow.
 *
 * @param restBase           the controller's REST root, e.g. {@code http://10.0.0.254:8181/resplice/};
 *                           {@code splices} and {@code tags} are resolved against it
 * @param token              the bearer token, or null if the controller asks for none
 * @param splicePollInterval pause between splice-table polls; short, because a splice announced late
 *                           costs held segments ({@code PendingFlows})
 * @param tagPollInterval    pause between tag-table polls
 * @param requestTimeout     how long one GET may take
 */
public record ControllerClientConfig(URI restBase, String token, Duration splicePollInterval,
                                     Duration tagPollInterval, Duration requestTimeout) {

    public static final Duration DEFAULT_SPLICE_POLL = Duration.ofMillis(100);
    public static final Duration DEFAULT_TAG_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    public ControllerClientConfig {
        Objects.requireNonNull(restBase, "restBase");
        Objects.requireNonNull(splicePollInterval, "splicePollInterval");
        Objects.requireNonNull(tagPollInterval, "tagPollInterval");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equals(restBase.getScheme()) && !"https".equals(restBase.getScheme())
                || restBase.getHost() == null) {
            throw new IllegalArgumentException("restBase: " + restBase
                    + " is not an http(s) URL; use e.g. http://10.0.0.254:8181/resplice/");
        }
        if (!restBase.getPath().endsWith("/")) {
            restBase = URI.create(restBase + "/");
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw new IllegalArgumentException("token: empty or holds spaces or control characters; pass the"
                    + " token file's content without the newline");
        }
        positive("splicePollInterval", splicePollInterval);
        positive("tagPollInterval", tagPollInterval);
        positive("requestTimeout", requestTimeout);
    }

    private static void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d + " must be positive");
        }
    }

    /** Polls splices every 100 ms and tags every second, 2 s per request. */
    public static ControllerClientConfig of(URI restBase, String token) {
        return new ControllerClientConfig(restBase, token, DEFAULT_SPLICE_POLL, DEFAULT_TAG_POLL,
                DEFAULT_REQUEST_TIMEOUT);
    }
}

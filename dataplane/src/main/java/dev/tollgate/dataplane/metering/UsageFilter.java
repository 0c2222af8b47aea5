package dev.tollgate.dataplane.metering;

import java.util.function.Predicate;

/**
 * Which rows a usage report keeps; a null component matches every value.
 *
 * @param namespace the namespace, or null
 * @param api the RestApi's name, or null
 * @param stage the stage's name, or null
 * @param apiKey the ApiKey's name, or null
 */
public record UsageFilter(String namespace, String api, String stage, String apiKey)
        implements Predicate<UsageLedger.Key> {

    /** Every row. */
    public static final UsageFilter ALL = new UsageFilter(null, null, null, null);

    @Override
    public boolean test(UsageLedger.Key key) {
        return matches(namespace, key.namespace())
                && matches(api, key.api())
                && matches(stage, key.stage())
                && matches(apiKey, key.apiKey());
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }
}

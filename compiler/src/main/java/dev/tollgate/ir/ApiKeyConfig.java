package dev.tollgate.ir;

import java.util.List;

/**
 * An API key as the data plane knows it: a hash, never the value.
 *
 * @param id the ApiKey's name, the stable id its usage is counted by
 * @param valueSha256 lower-case hex SHA-256 of the key's UTF-8 value
 * @param enabled whether the key is accepted; a disabled key is refused like an unknown one
 * @param plans names of the usage plans the key is in, sorted
 */
public record ApiKeyConfig(String id, String valueSha256, boolean enabled, List<String> plans) {
    public ApiKeyConfig {
        Ir.require(id, "id");
        Ir.require(valueSha256, "valueSha256");
        if (!valueSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("valueSha256 is not a hex SHA-256");
        }
        plans = Ir.list(plans);
    }

    @Override
    public String toString() {
        return "ApiKeyConfig[id=" + id + ", enabled=" + enabled + ", plans=" + plans + ", valueSha256=***]";
    }
}

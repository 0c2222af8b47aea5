package dev.tollgate.ir;

import java.util.List;

/**
 * A custom domain name (a {@code DomainName} resource) and its base path mappings.
 *
 * @param domainName the host name, lower case, as matched against the request's Host
 * @param mappings base path mappings, sorted by base path (longest match wins at run time)
 */
public record DomainConfig(String domainName, List<BasePathMappingConfig> mappings) {
    public DomainConfig {
        Ir.require(domainName, "domainName");
        mappings = Ir.list(mappings);
    }
}

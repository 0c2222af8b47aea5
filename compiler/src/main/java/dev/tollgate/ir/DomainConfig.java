package dev.tollgate.ir;

import java.util.List;

/**
 * A custom domain name (a {@code DomainName} resource) and its base path mappings.
 *
 * @param domainName the host name, lower case, as matched against the request's Host
 * @param mappings base path mappings, sorted by base path (longest match wins at run time)
 * @param tls the domain's certificate for the TLS listener, or null when served on plain HTTP only
 */
public record DomainConfig(String domainName, List<BasePathMappingConfig> mappings, DomainTlsConfig tls) {
    public DomainConfig {
        Ir.require(domainName, "domainName");
        mappings = Ir.list(mappings);
    }

    /** A domain without TLS. */
    public DomainConfig(String domainName, List<BasePathMappingConfig> mappings) {
        this(domainName, mappings, null);
    }
}

package dev.tollgate.ir;

/**
 * One base path mapping of a custom domain.
 *
 * @param basePath the leading path, without slashes at either end ({@code v1}, {@code v1/pets});
 *     empty maps the domain's root
 * @param api the RestApi served under it, in the config's namespace
 * @param stage the stage of that API
 */
public record BasePathMappingConfig(String basePath, String api, String stage) {
    public BasePathMappingConfig {
        Ir.require(basePath, "basePath");
        if (basePath.startsWith("/") || basePath.endsWith("/")) {
            throw new IllegalArgumentException("basePath has no leading or trailing slash: " + basePath);
        }
        Ir.require(api, "api");
        Ir.require(stage, "stage");
    }
}

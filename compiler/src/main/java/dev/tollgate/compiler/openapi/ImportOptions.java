package dev.tollgate.compiler.openapi;

import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the importer needs besides the document.
 *
 * @param apiName name of the RestApi; null derives it from {@code info.title}
 * @param stageName the Stage to create (AWS exports do not say which stage they came from)
 * @param stageVariables the Stage's variables (exports do not carry them)
 * @param namespace namespace written into the resources; null writes none (kubectl's default)
 * @param lambdaServices where each Lambda function's invoke API runs in the cluster, by function
 *     name; the key {@code *} applies to functions not listed
 * @param clusterNamespaces namespaces that make a two-label host {@code svc.ns} a Service
 *     reference (the import namespace always does)
 * @param basePath what the document's base path (Swagger {@code basePath}, OpenAPI's first server
 *     URL's path) does to resource paths, as AWS's ImportRestApi {@code basepath} parameter
 * @param awsEndpoints where the AWS service integrations of each service go (an S3-compatible store,
 *     a local emulator), by the service name of the URI ({@code s3}, {@code sqs}, ...); services not
 *     listed keep AWS's regional endpoint
 * @param awsCredentialsSecret the Secret whose access key signs the calls of every AWS service
 *     integration, or null to leave them unsigned
 */
public record ImportOptions(
        String apiName,
        String stageName,
        SortedMap<String, String> stageVariables,
        String namespace,
        SortedMap<String, LambdaLocation> lambdaServices,
        SortedSet<String> clusterNamespaces,
        BasePath basePath,
        SortedMap<String, String> awsEndpoints,
        String awsCredentialsSecret) {

    /** AWS's ImportRestApi {@code basepath} parameter. */
    public enum BasePath {
        /** The base path is ignored (AWS's default). */
        IGNORE,
        /** The base path is prepended to every resource path. */
        PREPEND,
        /** The base path's first segment is dropped and the rest prepended. */
        SPLIT
    }

    /** Options that leave AWS service integrations on AWS's endpoints, unsigned. */
    public ImportOptions(
            String apiName,
            String stageName,
            SortedMap<String, String> stageVariables,
            String namespace,
            SortedMap<String, LambdaLocation> lambdaServices,
            SortedSet<String> clusterNamespaces,
            BasePath basePath) {
        this(apiName, stageName, stageVariables, namespace, lambdaServices, clusterNamespaces, basePath, null, null);
    }

    /** Options that ignore the document's base path, as AWS does by default. */
    public ImportOptions(
            String apiName,
            String stageName,
            SortedMap<String, String> stageVariables,
            String namespace,
            SortedMap<String, LambdaLocation> lambdaServices,
            SortedSet<String> clusterNamespaces) {
        this(apiName, stageName, stageVariables, namespace, lambdaServices, clusterNamespaces, BasePath.IGNORE);
    }

    /** Where a Lambda function's invoke API is served: a Service and port. */
    public record LambdaLocation(String service, String namespace, int port) {
        public LambdaLocation {
            Objects.requireNonNull(service, "service");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** Parses {@code SERVICE[.NAMESPACE]:PORT}. */
        public static LambdaLocation parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected SERVICE[.NAMESPACE]:PORT, got " + text);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + text);
            }
            String name = text.substring(0, colon);
            int dot = name.indexOf('.');
            return dot < 0
                    ? new LambdaLocation(name, null, port)
                    : new LambdaLocation(name.substring(0, dot), name.substring(dot + 1), port);
        }
    }

    public ImportOptions {
        Objects.requireNonNull(stageName, "stageName");
        stageVariables = new TreeMap<>(stageVariables == null ? new TreeMap<>() : stageVariables);
        lambdaServices = new TreeMap<>(lambdaServices == null ? new TreeMap<>() : lambdaServices);
        clusterNamespaces = new TreeSet<>(clusterNamespaces == null ? Set.of() : clusterNamespaces);
        basePath = basePath == null ? BasePath.IGNORE : basePath;
        awsEndpoints = new TreeMap<>(awsEndpoints == null ? new TreeMap<>() : awsEndpoints);
    }

    /** These options with AWS service integrations sent to {@code endpoints} and signed with {@code credentialsSecret}. */
    public ImportOptions withAws(SortedMap<String, String> endpoints, String credentialsSecret) {
        return new ImportOptions(
                apiName,
                stageName,
                stageVariables,
                namespace,
                lambdaServices,
                clusterNamespaces,
                basePath,
                endpoints,
                credentialsSecret);
    }

    /** Options with just a stage name. */
    public static ImportOptions stage(String stageName) {
        return new ImportOptions(null, stageName, null, null, null, null);
    }
}

package dev.tollgate.dataplane.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server in the test's JVM: s3proxy over a filesystem blob store in a folder,
 * on a free port of 127.0.0.1, checking SigV4 (and SigV2) signatures against one access key.
 */
public final class S3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3Server(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    /** Starts a server whose store lives in {@code folder}, with the bucket {@code bucket} created. */
    public static S3Server start(Path folder, String accessKey, String secretKey, String bucket) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("unused", "unused")
                .overrides(properties)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, bucket);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        Await.until("s3proxy started", () -> AbstractLifeCycle.STARTED.equals(proxy.getState()));
        return new S3Server(proxy, context);
    }

    /** The port it listens on. */
    public int port() {
        return proxy.getPort();
    }

    /** Its endpoint URL. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}

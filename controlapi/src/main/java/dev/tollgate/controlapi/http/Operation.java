package dev.tollgate.controlapi.http;

/** One control API operation: a verified call in, a reply out; bad input throws {@link AwsException}. */
@FunctionalInterface
public interface Operation {
    Reply handle(Call call);
}

package dev.tollgate.compiler;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A snapshot's Secrets: an immutable list that also finds one by namespace and name in constant
 * time, as compiling a namespace with thousands of API keys looks one up per key.
 */
final class SecretList extends AbstractList<SecretInfo> implements RandomAccess {
    private final List<SecretInfo> secrets;
    private final Map<String, SecretInfo> byName = new HashMap<>();

    private SecretList(List<SecretInfo> secrets) {
        this.secrets = List.copyOf(secrets);
        for (SecretInfo s : this.secrets) {
            // The first of a name wins, as a scan in list order would find it.
            byName.putIfAbsent(key(s.namespace(), s.name()), s);
        }
    }

    /** The list as a SecretList (itself when it already is one). */
    static SecretList of(List<SecretInfo> secrets) {
        if (secrets instanceof SecretList list) {
            return list;
        }
        return new SecretList(secrets == null ? List.of() : secrets);
    }

    /** The Secret of that namespace and name, or null. */
    SecretInfo find(String namespace, String name) {
        return byName.get(key(namespace, name));
    }

    private static String key(String namespace, String name) {
        return namespace + '/' + name;
    }

    @Override
    public SecretInfo get(int index) {
        return secrets.get(index);
    }

    @Override
    public int size() {
        return secrets.size();
    }
}

package dev.tollgate.dataplane.template;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.velocity.runtime.directive.Scope;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.UberspectImpl;
import org.apache.velocity.util.introspection.VelMethod;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.apache.velocity.util.introspection.VelPropertySet;

/**
 * Velocity's introspection, narrowed to what a mapping template needs: the bound variables' own
 * methods, and a fixed list of methods of strings, numbers, booleans, maps, lists and loop scopes.
 * Nothing else is reachable: no {@code getClass}, no reflection, no class of the gateway or the
 * JDK beyond those values. Every call is charged to the render's budget, and the string methods
 * that could grow without bound or backtrack for ever (replace, regex, split, concat) run bounded.
 */
public final class SandboxUberspector extends UberspectImpl {
    private static final Set<String> STRING = Set.of(
            "length",
            "charAt",
            "substring",
            "indexOf",
            "lastIndexOf",
            "contains",
            "startsWith",
            "endsWith",
            "equals",
            "equalsIgnoreCase",
            "compareTo",
            "compareToIgnoreCase",
            "isEmpty",
            "isBlank",
            "toLowerCase",
            "toUpperCase",
            "trim",
            "strip",
            "toString",
            "hashCode",
            "replace",
            "replaceAll",
            "replaceFirst",
            "matches",
            "split",
            "concat");
    private static final Set<String> NUMBER = Set.of(
            "intValue",
            "longValue",
            "doubleValue",
            "floatValue",
            "toString",
            "equals",
            "compareTo",
            "hashCode",
            "parseInt",
            "parseLong",
            "parseDouble",
            "valueOf",
            "booleanValue",
            "charValue");
    private static final Set<String> MAP = Set.of(
            "get",
            "getOrDefault",
            "containsKey",
            "containsValue",
            "keySet",
            "values",
            "entrySet",
            "size",
            "isEmpty",
            "put",
            "putAll",
            "remove",
            "toString",
            "equals",
            "hashCode");
    private static final Set<String> COLLECTION = Set.of(
            "get",
            "size",
            "isEmpty",
            "contains",
            "containsAll",
            "indexOf",
            "lastIndexOf",
            "add",
            "addAll",
            "remove",
            "set",
            "subList",
            "toString",
            "equals",
            "hashCode",
            "iterator");
    private static final Set<String> ENTRY = Set.of("getKey", "getValue", "toString", "equals", "hashCode");
    private static final Set<String> ITERATOR = Set.of("hasNext", "next");
    private static final Set<String> SCOPE = Set.of(
            "getIndex",
            "getCount",
            "hasNext",
            "getHasNext",
            "isFirst",
            "getFirst",
            "isLast",
            "getLast",
            "getParent",
            "getTopmost");
    private static final Set<String> BOUNDED_STRING =
            Set.of("replace", "replaceAll", "replaceFirst", "matches", "split", "concat");

    @Override
    public VelMethod getMethod(Object obj, String name, Object[] args, Info info) {
        if (obj == null || !allowed(obj, name)) {
            return null;
        }
        if (obj instanceof String && BOUNDED_STRING.contains(name)) {
            return new BoundedStringMethod(name);
        }
        VelMethod method = super.getMethod(obj, name, args, info);
        return method == null ? null : new ChargedMethod(method);
    }

    @Override
    public VelPropertyGet getPropertyGet(Object obj, String identifier, Info info) {
        if (obj == null || "class".equals(identifier)) {
            return null;
        }
        VelPropertyGet get = super.getPropertyGet(obj, identifier, info);
        return get != null && allowed(obj, get.getMethodName()) ? get : null;
    }

    @Override
    public VelPropertySet getPropertySet(Object obj, String identifier, Object arg, Info info) {
        if (!(obj instanceof Map) || "class".equals(identifier)) {
            return null;
        }
        VelPropertySet set = super.getPropertySet(obj, identifier, arg, info);
        return set != null && allowed(obj, set.getMethodName()) ? set : null;
    }

    @Override
    public Iterator getIterator(Object obj, Info info) {
        if (obj instanceof Collection || obj instanceof Map || obj instanceof Iterator || obj instanceof Object[]) {
            return super.getIterator(obj, info);
        }
        return null;
    }

    /** Whether a template may call {@code name} on {@code obj}. */
    static boolean allowed(Object obj, String name) {
        if (name == null || name.equals("getClass") || name.startsWith("wait") || name.startsWith("notify")) {
            return false;
        }
        if (obj.getClass().getPackageName().equals(SandboxUberspector.class.getPackageName())) {
            return true;
        }
        if (obj instanceof String) {
            return STRING.contains(name);
        }
        if (obj instanceof Number || obj instanceof Boolean || obj instanceof Character) {
            return NUMBER.contains(name);
        }
        if (obj instanceof Scope) {
            return SCOPE.contains(name) || MAP.contains(name);
        }
        if (obj instanceof Map) {
            return MAP.contains(name);
        }
        if (obj instanceof Collection) {
            return COLLECTION.contains(name);
        }
        if (obj instanceof Map.Entry) {
            return ENTRY.contains(name);
        }
        if (obj instanceof Iterator) {
            return ITERATOR.contains(name);
        }
        return false;
    }

    /** A permitted method, charged to the budget; growth of collections and strings is charged too. */
    private static final class ChargedMethod implements VelMethod {
        private final VelMethod method;

        ChargedMethod(VelMethod method) {
            this.method = method;
        }

        @Override
        public Object invoke(Object o, Object[] params) throws IllegalAccessException, InvocationTargetException {
            RenderBudget budget = RenderBudget.current();
            if (budget != null) {
                budget.step();
                if (params != null) {
                    for (Object p : params) {
                        if (p instanceof Collection<?> c) {
                            budget.produce(c.size());
                        } else if (p instanceof Map<?, ?> m) {
                            budget.produce(m.size());
                        }
                    }
                }
            }
            Object result = method.invoke(o, params);
            if (budget != null && result instanceof String s) {
                budget.produce(s.length());
            }
            return result;
        }

        @Override
        public boolean isCacheable() {
            return method.isCacheable();
        }

        @Override
        public String getMethodName() {
            return method.getMethodName();
        }

        @Override
        public Method getMethod() {
            return method.getMethod();
        }

        @Override
        public Class<?> getReturnType() {
            return method.getReturnType();
        }
    }

    /** A string method that could run away, run by {@link BoundedStrings}. */
    private static final class BoundedStringMethod implements VelMethod {
        private final String name;

        BoundedStringMethod(String name) {
            this.name = name;
        }

        @Override
        public Object invoke(Object o, Object[] params) throws InvocationTargetException {
            RenderBudget budget = RenderBudget.current();
            if (budget != null) {
                budget.step();
            }
            try {
                Object result = BoundedStrings.call((String) o, name, params, budget);
                if (budget != null && result instanceof String s) {
                    budget.produce(s.length());
                }
                return result;
            } catch (TemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InvocationTargetException(e);
            }
        }

        @Override
        public boolean isCacheable() {
            return false;
        }

        @Override
        public String getMethodName() {
            return name;
        }

        @Override
        public Method getMethod() {
            return null;
        }

        @Override
        public Class<?> getReturnType() {
            return Object.class;
        }
    }
}

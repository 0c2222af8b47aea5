package dev.tollgate.operator.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD health script the way Argo CD does (util/lua/lua.go in argoproj/argo-cd): the
 * resource is the global {@code obj}, built from its JSON form (objects become tables keyed by
 * field name, arrays become tables indexed from 1 with a null keeping its slot as nil, every number
 * a Lua number, JSON null nil); the script's returned table is read as a health status, an unknown
 * status code becoming {@code Unknown} with Argo CD's message.
 *
 * <p>Argo CD runs scripts from argocd-cm with only the base, package and table libraries and an
 * {@code os} of {@code time} and {@code date} ({@link Libraries#ARGOCD_CM}), unless the
 * customization sets useOpenLibs; its built-in scripts get every library ({@link Libraries#OPEN}).
 * Argo CD's engine is gopher-lua (Lua 5.1), this one LuaJ (Lua 5.2): a script that passes here on
 * the Lua both share runs the same there.
 */
public final class ArgoCdLua {
    /** Health status codes Argo CD accepts from a script. */
    public static final Set<String> STATUS_CODES =
            Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

    /** What Argo CD reports when a script returns a status code it does not know. */
    static final HealthStatus INVALID = new HealthStatus("Unknown", "Lua returned an invalid health status");

    static final YAMLMapper YAML = new YAMLMapper();

    /** The libraries a script runs with. */
    public enum Libraries {
        /** resource.customizations.health.* in argocd-cm, without useOpenLibs. */
        ARGOCD_CM,
        /** Built-in scripts and customizations with useOpenLibs. */
        OPEN
    }

    /** Argo CD's health: a status code and a message, empty strings where the script set none. */
    public record HealthStatus(String status, String message) {}

    private ArgoCdLua() {}

    /** A YAML file (one document) as a tree, as Argo CD reads manifests and test fixtures. */
    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a health script on an object. */
    public static HealthStatus health(String script, JsonNode object, Libraries libraries) {
        Globals globals = globals(libraries);
        globals.set("obj", toLua(object));
        LuaValue returned = globals.load(script, "health.lua").call();
        if (returned.isnil()) {
            return new HealthStatus("", "");
        }
        if (!returned.istable()) {
            throw new IllegalStateException("expect table output from Lua script, not " + returned.typename());
        }
        String status = string(returned.get("status"));
        String message = string(returned.get("message"));
        if (!STATUS_CODES.contains(status)) {
            return INVALID;
        }
        return new HealthStatus(status, message);
    }

    private static String string(LuaValue value) {
        if (value.isnil()) {
            return "";
        }
        if (value.type() != LuaValue.TSTRING) {
            // Argo CD decodes the table through JSON into string fields: anything else fails.
            throw new IllegalStateException("health field is a " + value.typename() + ", not a string");
        }
        return value.tojstring();
    }

    private static Globals globals(Libraries libraries) {
        if (libraries == Libraries.OPEN) {
            return JsePlatform.standardGlobals();
        }
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        Globals full = new Globals();
        full.load(new JseBaseLib());
        full.load(new PackageLib());
        full.load(new JseOsLib());
        LuaValue fullOs = full.get("os");
        LuaTable os = new LuaTable();
        os.set("time", fullOs.get("time"));
        os.set("date", fullOs.get("date"));
        globals.set("os", os);
        globals.get("package").get("loaded").set("os", os);
        LoadState.install(globals);
        LuaC.install(globals);
        return globals;
    }

    /** A JSON value as Argo CD hands it to Lua. */
    static LuaValue toLua(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                LuaTable table = new LuaTable();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    table.rawset(field.getKey(), toLua(field.getValue()));
                }
                return table;
            }
            case ARRAY -> {
                LuaTable table = new LuaTable();
                for (int i = 0; i < node.size(); i++) {
                    table.rawset(i + 1, toLua(node.get(i)));
                }
                return table;
            }
            case STRING -> {
                return LuaValue.valueOf(node.textValue());
            }
            case NUMBER -> {
                // Lua 5.1 has one number type, a double, as Go's float64 from the JSON decoder.
                return LuaValue.valueOf(node.doubleValue());
            }
            case BOOLEAN -> {
                return LuaValue.valueOf(node.booleanValue());
            }
            case NULL, MISSING -> {
                return LuaValue.NIL;
            }
            default -> throw new IllegalArgumentException("no JSON form: " + node.getNodeType());
        }
    }
}

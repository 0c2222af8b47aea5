package dev.tollgate.compiler.openapi;

import dev.tollgate.compiler.Severity;
import java.util.ArrayList;
import java.util.List;

/** Collects import and export messages in the order they are found. */
final class Messages {
    private final List<ImportMessage> list = new ArrayList<>();

    void error(String location, String message) {
        list.add(new ImportMessage(Severity.ERROR, location, message));
    }

    void warning(String location, String message) {
        list.add(new ImportMessage(Severity.WARNING, location, message));
    }

    boolean hasErrors() {
        return list.stream().anyMatch(ImportMessage::isError);
    }

    List<ImportMessage> list() {
        return List.copyOf(list);
    }

    /** A JSON pointer one step below {@code parent}. */
    static String at(String parent, String child) {
        return (parent.equals("/") ? "" : parent) + "/"
                + child.replace("~", "~0").replace("/", "~1");
    }
}

package org.resplice.splicecore.http;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The header fields of a message head, in the order received, duplicates kept. Names are matched
 * ignoring ASCII case; values are the field values with surrounding whitespace removed, as
 * ISO-8859-1 text (each byte one char, so nothing is lost). Immutable.
 */
public final class HttpHeaders {

    private final String[] names;
    private final String[] values;

    private HttpHeaders(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Headers from alternating names and values: {@code of("Host", "a", "Accept", "*&#47;*")}. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        int n = namesAndValues.length / 2;
        String[] names = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = Objects.requireNonNull(namesAndValues[2 * i], "name");
            values[i] = Objects.requireNonNull(namesAndValues[2 * i + 1], "value");
        }
        return new HttpHeaders(names, values);
    }

    static HttpHeaders from(HeadBuffer head) {
        int n = head.fieldCount();
        String[] names = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = head.name(i);
            values[i] = head.value(i);
        }
        return new HttpHeaders(names, values);
    }

    public int size() {
        return names.length;
    }

    /** The name of the i-th field, as sent. */
    public String name(int i) {
        return names[i];
    }

    /** The value of the i-th field. */
    public String value(int i) {
        return values[i];
    }

    /** The value of the first field with this name, or null. */
    public String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (HttpSyntax.asciiEqualsIgnoreCase(names[i], name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The values of every field with this name, in order (empty if none). */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.length; i++) {
            if (HttpSyntax.asciiEqualsIgnoreCase(names[i], name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    public boolean contains(String name) {
        for (String n : names) {
            if (HttpSyntax.asciiEqualsIgnoreCase(n, name)) {
                return true;
            }
        }
        return false;
    }

    /** The field names as sent, in order, duplicates kept (a read-only view). */
    public List<String> names() {
        return new AbstractList<String>() {
            @Override
            public String get(int index) {
                return names[index];
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append('}').toString();
    }
}

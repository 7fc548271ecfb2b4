package org.resplice.tagconfig;

/** Test helper: JSON written with single quotes, which are turned into double quotes. */
final class Json {

    private Json() {
    }

    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}

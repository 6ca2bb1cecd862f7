package dev.garrison.platform.protocol;

/** Makes text taken from a request safe to echo in an error message: printable ASCII, at most 128 characters. */
final class Printable {
    private Printable() {}

    static String of(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 128 ? cleaned.substring(0, 128) + "..." : cleaned;
    }
}

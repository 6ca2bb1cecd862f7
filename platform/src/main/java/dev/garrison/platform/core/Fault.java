package dev.garrison.platform.core;

/** Who is to blame for an error, as AWS's Query protocol reports it in {@code Error/Type}. */
public enum Fault {
    SENDER("Sender"),
    RECEIVER("Receiver");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

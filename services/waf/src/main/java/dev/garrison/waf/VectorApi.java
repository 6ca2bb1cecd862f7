package dev.garrison.waf;

/**
 * Whether the JVM was started with the incubating Vector API ({@code --add-modules
 * jdk.incubator.vector}), as {@code garrison} and the tests start it. The classes that use it are
 * named {@code Vector...} and are only loaded when it is there; without it, their callers take a
 * loop of their own.
 */
final class VectorApi {
    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {}
}

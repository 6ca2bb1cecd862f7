package dev.garrison.waf;

/** A compiled rule statement. */
interface Matcher {
    boolean matches(Evaluation evaluation);
}

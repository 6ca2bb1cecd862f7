package dev.garrison.waf;

/**
 * One text transformation. Text is a string of bytes (ISO-8859-1, one char per byte); what a
 * transformation decodes comes out as bytes the same way.
 */
interface Transform {
    String apply(String text);
}

package dev.garrison.codegen;

import java.util.Set;

/** How model names become Java names. */
final class JavaNames {
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "record", "var", "yield", "sealed", "permits",
            // record component names the language forbids, and the names of generated methods
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait",
            "equals", "toTree", "validate", "builder", "toBuilder", "fromTree", "build");

    private JavaNames() {}

    /** {@code KeyId -> keyId}, {@code ARN -> arn}, {@code KMSKeyArn -> kmsKeyArn}, keywords escaped. */
    static String member(String name) {
        String camel;
        if (name.chars().allMatch(c -> !Character.isLowerCase(c))) {
            camel = name.toLowerCase(java.util.Locale.ROOT);
        } else {
            int upper = 0;
            while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
                upper++;
            }
            int lowered = upper > 1 ? upper - 1 : upper;
            camel = name.substring(0, lowered).toLowerCase(java.util.Locale.ROOT) + name.substring(lowered);
        }
        camel = camel.replaceAll("[^A-Za-z0-9_]", "_");
        return RESERVED.contains(camel) ? camel + "_" : camel;
    }

    /** The member name AWS puts in validation messages: the JavaBeans property name. */
    static String validationPath(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code GenerateDataKey -> generateDataKey}. */
    static String method(String operation) {
        String method = Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
        return RESERVED.contains(method) ? method + "_" : method;
    }

    /** {@code kms -> Kms}, {@code wafv2 -> Wafv2}. */
    static String serviceType(String service) {
        return Character.toUpperCase(service.charAt(0)) + service.substring(1);
    }

    static String constant(String shapeName) {
        return shapeName.replaceAll("[^A-Za-z0-9_]", "_");
    }
}

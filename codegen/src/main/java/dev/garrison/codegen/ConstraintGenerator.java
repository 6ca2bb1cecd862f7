package dev.garrison.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.lang.model.element.Modifier;

/**
 * Emits the checks of the model's constraints (required, length, range, pattern, enum) as code
 * that reports through {@code ShapeValidation}, and the per-service class that holds the compiled
 * patterns and enum value sets they use.
 */
final class ConstraintGenerator {
    static final ClassName VALIDATION = ClassName.get("dev.garrison.platform.core", "ShapeValidation");

    private final ModelFile model;
    private final ShapeTypes types;
    private final ClassName constants;
    private int depth;

    ConstraintGenerator(ModelFile model, ShapeTypes types, String packageName) {
        this.model = model;
        this.types = types;
        this.constants = ClassName.get(packageName, JavaNames.serviceType(model.service()) + "Constraints");
    }

    /** Statements validating one member held in {@code value}, reported at {@code path}. */
    CodeBlock member(String shapeName, String value, CodeBlock path, boolean required) {
        CodeBlock.Builder code = CodeBlock.builder();
        CodeBlock checks = value(shapeName, value, path, "v");
        if (required) {
            code.beginControlFlow("if ($L == null)", value).addStatement("v.missing($L)", path);
            if (!checks.isEmpty()) {
                code.nextControlFlow("else").add(checks);
            }
            code.endControlFlow();
        } else if (!checks.isEmpty()) {
            code.beginControlFlow("if ($L != null)", value).add(checks).endControlFlow();
        }
        return code.build();
    }

    private CodeBlock value(String shapeName, String value, CodeBlock path, String v) {
        ModelFile.Shape shape = model.shape(shapeName);
        boolean sensitive = shape.sensitive();
        CodeBlock.Builder code = CodeBlock.builder();
        switch (shape.type()) {
            case "string" -> {
                if (!shape.enumValues().isEmpty()) {
                    code.addStatement("$L.enumValue($L, $T.$L_VALUES, $L, $L)",
                            v, value, constants, JavaNames.constant(shapeName), sensitive, path);
                }
                if (shape.pattern() != null && compiles(shape.pattern())) {
                    code.addStatement("$L.pattern($L, $T.$L_PATTERN, $L, $L)",
                            v, value, constants, JavaNames.constant(shapeName), sensitive, path);
                }
                lengths(code, shape, value + ".length()", value, path, v);
            }
            case "blob" -> lengths(code, shape, value + ".length", value, path, v);
            case "integer", "long", "double", "float" -> {
                if (shape.min() != null) {
                    code.addStatement("$L.minValue($L.doubleValue(), $L, $S, $L, $L)",
                            v, value, shape.min().doubleValue(), shape.min().toString(), value, path);
                }
                if (shape.max() != null) {
                    code.addStatement("$L.maxValue($L.doubleValue(), $L, $S, $L, $L)",
                            v, value, shape.max().doubleValue(), shape.max().toString(), value, path);
                }
            }
            case "list" -> {
                lengths(code, shape, value + ".size()", value, path, v);
                elements(code, shape.listMember(), value, path, v, "Member must satisfy constraint", true);
            }
            case "map" -> {
                lengths(code, shape, value + ".size()", value, path, v);
                String entry = "k" + (depth++);
                CodeBlock keyChecks = value(shape.mapKey(), entry, CodeBlock.of("\"\""), "keys");
                if (!keyChecks.isEmpty()) {
                    code.beginControlFlow("")
                            .addStatement("$T keys = $L.nested()", VALIDATION, v)
                            .beginControlFlow("for (String $L : $L.keySet())", entry, value)
                            .add(keyChecks)
                            .endControlFlow()
                            .addStatement("$L.members(keys, $S, $L, $L, $L)",
                                    v, "Map keys must satisfy constraint", value, sensitive, path)
                            .endControlFlow();
                }
                elements(code, shape.mapValue(), value + ".values()", path, v, "Map value must satisfy constraint", false);
            }
            case "structure" -> code.addStatement("$L.validate($L, $L + \".\")", value, v, path);
            default -> { }
        }
        return code.build();
    }

    private void elements(CodeBlock.Builder code, String elementShape, String collection, CodeBlock path, String v,
            String phrase, boolean indexed) {
        String element = "m" + (depth++);
        if (model.shape(elementShape).isStructure()) {
            String index = "i" + (depth++);
            if (indexed) {
                code.addStatement("int $L = 0", index);
            }
            code.beginControlFlow("for (var $L : $L)", element, collection);
            if (indexed) {
                code.addStatement("$L++", index);
            }
            code.beginControlFlow("if ($L != null)", element)
                    .addStatement("$L.validate($L, $L + $L)", element, v, path,
                            indexed ? CodeBlock.of("\".\" + $L + \".member.\"", index) : CodeBlock.of("\".\""))
                    .endControlFlow()
                    .endControlFlow();
            return;
        }
        String nested = "n" + (depth++);
        CodeBlock checks = value(elementShape, element, CodeBlock.of("\"\""), nested);
        if (checks.isEmpty()) {
            return;
        }
        code.beginControlFlow("")
                .addStatement("$T $L = $L.nested()", VALIDATION, nested, v)
                .beginControlFlow("for (var $L : $L)", element, collection)
                .beginControlFlow("if ($L != null)", element)
                .add(checks)
                .endControlFlow()
                .endControlFlow()
                .addStatement("$L.members($L, $S, $L, $L, $L)", v, nested, phrase,
                        collection.endsWith(".values()") ? collection.substring(0, collection.length() - 9) : collection,
                        types.sensitive(elementShape), path)
                .endControlFlow();
    }

    private static void lengths(CodeBlock.Builder code, ModelFile.Shape shape, String length, String value,
            CodeBlock path, String v) {
        if (shape.min() != null && shape.min().longValue() > 0) {
            code.addStatement("$L.minLength($L, $L, $L, $L, $L)", v, length, shape.min().longValue(), value,
                    shape.sensitive(), path);
        }
        if (shape.max() != null) {
            code.addStatement("$L.maxLength($L, $L, $L, $L, $L)", v, length, shape.max().longValue(), value,
                    shape.sensitive(), path);
        }
    }

    /** Patterns that Java cannot compile are reported once at generation time and not enforced. */
    static boolean compiles(String pattern) {
        try {
            Pattern.compile(pattern);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** The class of compiled patterns and enum value sets, one pair per constrained string shape. */
    JavaFile constantsFile() {
        TypeSpec.Builder type = TypeSpec.classBuilder(constants)
                .addModifiers(Modifier.FINAL)
                .addJavadoc("Compiled constraints of the $L model's string shapes.\n", model.service())
                .addMethod(com.palantir.javapoet.MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (ModelFile.Shape shape : model.shapes().values()) {
            if (!shape.type().equals("string")) {
                continue;
            }
            String name = JavaNames.constant(shape.name());
            if (!shape.enumValues().isEmpty()) {
                CodeBlock values = shape.enumValues().stream()
                        .map(e -> CodeBlock.of("$S", e))
                        .collect(CodeBlock.joining(", "));
                type.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), name + "_VALUES",
                                Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.of($L)", List.class, values)
                        .build());
            }
            if (shape.pattern() != null && compiles(shape.pattern())) {
                type.addField(FieldSpec.builder(Pattern.class, name + "_PATTERN", Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.compile($S)", Pattern.class, shape.pattern())
                        .build());
            }
        }
        return JavaFile.builder(constants.packageName(), type.build()).skipJavaLangImports(true).build();
    }
}

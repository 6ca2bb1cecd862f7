package dev.garrison.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;

/** Java types of model shapes, and the expressions that move values between records and trees. */
final class ShapeTypes {
    static final ClassName TREE = ClassName.get("dev.garrison.platform.core", "ShapeTree");

    private final ModelFile model;
    private final String packageName;

    ShapeTypes(ModelFile model, String packageName) {
        this.model = model;
        this.packageName = packageName;
    }

    TypeName javaType(String shapeName) {
        ModelFile.Shape shape = model.shape(shapeName);
        return switch (shape.type()) {
            case "string" -> ClassName.get(String.class);
            case "integer" -> ClassName.get(Integer.class);
            case "long" -> ClassName.get(Long.class);
            case "boolean" -> ClassName.get(Boolean.class);
            case "double", "float" -> ClassName.get(Double.class);
            case "blob" -> TypeName.get(byte[].class);
            case "timestamp" -> ClassName.get(java.time.Instant.class);
            case "list" -> ParameterizedTypeName.get(ClassName.get(List.class), javaType(shape.listMember()));
            case "map" -> ParameterizedTypeName.get(
                    ClassName.get(Map.class), javaType(shape.mapKey()), javaType(shape.mapValue()));
            case "structure" -> className(shapeName);
            default -> throw new IllegalStateException("unsupported shape type " + shape.type() + " of " + shapeName);
        };
    }

    ClassName className(String shapeName) {
        return ClassName.get(packageName, shapeName);
    }

    /** Whether values of this shape need converting between their record and tree forms. */
    boolean needsConversion(String shapeName) {
        ModelFile.Shape shape = model.shape(shapeName);
        return switch (shape.type()) {
            case "structure" -> true;
            case "list" -> needsConversion(shape.listMember());
            case "map" -> needsConversion(shape.mapValue());
            default -> false;
        };
    }

    /** An expression turning a tree value (an {@code Object}) into this shape's Java value. */
    CodeBlock fromTree(String shapeName, CodeBlock value) {
        return fromTree(shapeName, value, 0);
    }

    private CodeBlock fromTree(String shapeName, CodeBlock value, int depth) {
        ModelFile.Shape shape = model.shape(shapeName);
        String e = "e" + depth;
        return switch (shape.type()) {
            case "structure" -> CodeBlock.of("$T.structure($L, $T::fromTree)", TREE, value, className(shapeName));
            case "list" -> CodeBlock.of("$T.list($L, $L -> $L)", TREE, value, e,
                    fromTree(shape.listMember(), CodeBlock.of(e), depth + 1));
            case "map" -> CodeBlock.of("$T.map($L, $L -> $L)", TREE, value, e,
                    fromTree(shape.mapValue(), CodeBlock.of(e), depth + 1));
            default -> CodeBlock.of("($T) $L", javaType(shapeName), value);
        };
    }

    /** An expression turning this shape's Java value into its tree form. */
    CodeBlock toTree(String shapeName, CodeBlock value) {
        return toTree(shapeName, value, 0);
    }

    private CodeBlock toTree(String shapeName, CodeBlock value, int depth) {
        ModelFile.Shape shape = model.shape(shapeName);
        String e = "e" + depth;
        if (!needsConversion(shapeName)) {
            return value;
        }
        return switch (shape.type()) {
            case "structure" -> CodeBlock.of("$L.toTree()", value);
            case "list" -> CodeBlock.of("$T.listToTree($L, $L -> $L)", TREE, value, e,
                    toTree(shape.listMember(), CodeBlock.of(e), depth + 1));
            case "map" -> CodeBlock.of("$T.mapToTree($L, $L -> $L)", TREE, value, e,
                    toTree(shape.mapValue(), CodeBlock.of(e), depth + 1));
            default -> value;
        };
    }

    boolean sensitive(String shapeName) {
        return model.shape(shapeName).sensitive();
    }
}

package dev.garrison.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Generates one record per structure shape: its members as components, a builder, conversion
 * from and to the protocol-neutral tree, constraint validation and a {@code toString} that never
 * shows a sensitive member.
 */
final class StructureGenerator {
    static final ClassName SHAPE = ClassName.get("dev.garrison.platform.core", "AwsShape");
    private static final ClassName NULLABLE = ClassName.get("org.jspecify.annotations", "Nullable");

    private final ModelFile model;
    private final ShapeTypes types;
    private final ConstraintGenerator constraints;

    StructureGenerator(ModelFile model, ShapeTypes types, ConstraintGenerator constraints) {
        this.model = model;
        this.types = types;
        this.constraints = constraints;
    }

    JavaFile generate(ModelFile.Shape shape) {
        ClassName self = types.className(shape.name());
        ClassName builder = self.nestedClass("Builder");
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        TypeSpec.Builder builderType = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        MethodSpec.Builder build = MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(self);
        MethodSpec.Builder toBuilder = MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC)
                .returns(builder).addStatement("$T b = new $T()", builder, builder);
        MethodSpec.Builder fromTree = MethodSpec.methodBuilder("fromTree")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(ParameterizedTypeName.get(Map.class, String.class, Object.class), "tree");
        MethodSpec.Builder toTree = MethodSpec.methodBuilder("toTree")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, Object.class))
                .addStatement("$T<String, Object> tree = new $T<>()", Map.class, LinkedHashMap.class);
        MethodSpec.Builder validate = MethodSpec.methodBuilder("validate")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ConstraintGenerator.VALIDATION, "v")
                .addParameter(String.class, "path");
        CodeBlock.Builder text = CodeBlock.builder().add("return $S", shape.name() + "[");
        CodeBlock.Builder fromArgs = CodeBlock.builder();
        CodeBlock.Builder buildArgs = CodeBlock.builder();

        boolean first = true;
        for (ModelFile.Member member : shape.members().values()) {
            String field = JavaNames.member(member.name());
            boolean required = shape.required().contains(member.name());
            TypeName type = types.javaType(member.target());
            TypeName componentType = required ? type : annotateNullable(type);
            constructor.addParameter(ParameterSpec.builder(componentType, field).build());
            builderType.addField(FieldSpec.builder(componentType, field, Modifier.PRIVATE).build());
            builderType.addMethod(MethodSpec.methodBuilder(field)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(componentType, field)
                    .addStatement("this.$L = $L", field, field)
                    .addStatement("return this")
                    .build());
            // Fields are read through this: a member named like a parameter or local (Path, Tree, B) must not be shadowed.
            String read = "this." + field;
            toBuilder.addStatement("b.$L = $L", field, read);
            String separator = first ? "" : ", ";
            fromArgs.add(separator).add(types.fromTree(member.target(), CodeBlock.of("tree.get($S)", member.name())));
            buildArgs.add(separator + field);
            toTree.addStatement("if ($L != null) tree.put($S, $L)", read, member.name(),
                    types.toTree(member.target(), CodeBlock.of(read)));
            validate.addCode(constraints.member(member.target(), read,
                    CodeBlock.of("path + $S", JavaNames.validationPath(member.name())), required));
            text.add(" + $S + $L", separator + field + "=", shown(member.target(), read));
            first = false;
        }
        text.add(" + $S", "]");
        build.addStatement("return new $T($L)", self, buildArgs.build());
        toBuilder.addStatement("return b");

        TypeSpec record = TypeSpec.recordBuilder(self)
                .addModifiers(Modifier.PUBLIC)
                .addSuperinterface(SHAPE)
                .addJavadoc("The {@code $L} shape of the $L model.\n", shape.name(), model.service())
                .recordConstructor(constructor.build())
                .addMethod(MethodSpec.methodBuilder("builder")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(builder)
                        .addStatement("return new $T()", builder)
                        .build())
                .addMethod(toBuilder.build())
                .addMethod(fromTree.addStatement("return new $T($L)", self, fromArgs.build()).build())
                .addMethod(toTree.addStatement("return tree").build())
                .addMethod(validate.build())
                .addMethod(MethodSpec.methodBuilder("toString")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(String.class)
                        .addStatement(text.build())
                        .build())
                .addType(builderType.addMethod(build.build()).build())
                .build();
        return JavaFile.builder(self.packageName(), record).skipJavaLangImports(true).build();
    }

    private CodeBlock shown(String shapeName, String field) {
        ModelFile.Shape shape = model.shape(shapeName);
        if (shape.sensitive()) {
            return CodeBlock.of("($L == null ? \"null\" : \"***\")", field);
        }
        if (shape.type().equals("blob")) {
            return CodeBlock.of("($L == null ? \"null\" : $L.length + \" bytes\")", field, field);
        }
        return CodeBlock.of("$L", field);
    }

    private static TypeName annotateNullable(TypeName type) {
        if (type instanceof com.palantir.javapoet.ArrayTypeName array) {
            return array.annotated(com.palantir.javapoet.AnnotationSpec.builder(NULLABLE).build());
        }
        return type.annotated(com.palantir.javapoet.AnnotationSpec.builder(NULLABLE).build());
    }
}

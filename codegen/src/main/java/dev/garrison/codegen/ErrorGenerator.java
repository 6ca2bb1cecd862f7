package dev.garrison.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** Generates one exception class per modelled error, carrying its code, HTTP status and fault. */
final class ErrorGenerator {
    static final ClassName AWS_EXCEPTION = ClassName.get("dev.garrison.platform.core", "AwsException");
    static final ClassName FAULT = ClassName.get("dev.garrison.platform.core", "Fault");

    private final ShapeTypes types;

    ErrorGenerator(ShapeTypes types) {
        this.types = types;
    }

    JavaFile generate(ModelFile.Shape shape) {
        ClassName self = types.className(shape.name());
        List<ModelFile.Member> extras = shape.members().values().stream()
                .filter(m -> !m.name().equalsIgnoreCase("message"))
                .filter(m -> !"__type".equals(m.locationName()))
                .toList();
        CodeBlock superCall = CodeBlock.of("super($S, $L, $T.$L, message)",
                shape.errorCode(), shape.httpStatus(), FAULT, shape.senderFault() ? "SENDER" : "RECEIVER");
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(AWS_EXCEPTION)
                .addJavadoc("The {@code $L} error ($L, HTTP $L).\n", shape.errorCode(),
                        shape.senderFault() ? "sender" : "receiver", shape.httpStatus())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(String.class, "message")
                        .addStatement(extras.isEmpty() ? superCall : CodeBlock.of("this(message$L)",
                                ", null".repeat(extras.size())))
                        .build());
        if (!extras.isEmpty()) {
            MethodSpec.Builder full = MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(String.class, "message")
                    .addStatement(superCall);
            MethodSpec.Builder members = MethodSpec.methodBuilder("members")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(Map.class, String.class, Object.class))
                    .addStatement("$T<String, Object> tree = new $T<>()", Map.class, LinkedHashMap.class);
            for (ModelFile.Member member : extras) {
                String field = JavaNames.member(member.name());
                TypeName fieldType = types.javaType(member.target());
                type.addField(FieldSpec.builder(fieldType, field, Modifier.PRIVATE, Modifier.FINAL).build());
                full.addParameter(fieldType, field).addStatement("this.$L = $L", field, field);
                members.addStatement("if ($L != null) tree.put($S, $L)", field, member.name(),
                        types.toTree(member.target(), CodeBlock.of(field)));
                type.addMethod(MethodSpec.methodBuilder(field)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(fieldType)
                        .addStatement("return $L", field)
                        .build());
            }
            type.addMethod(full.build()).addMethod(members.addStatement("return tree").build());
        }
        return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).build();
    }
}

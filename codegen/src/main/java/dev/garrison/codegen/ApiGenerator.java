package dev.garrison.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * Generates the {@code XxxApi} interface (a default method per operation that answers "not
 * implemented") and the {@code XxxOperations} table that binds an implementation to the router.
 */
final class ApiGenerator {
    private static final String CORE = "dev.garrison.platform.core";
    private static final ClassName CALL = ClassName.get(CORE, "CallContext");
    private static final ClassName COMMON_ERRORS = ClassName.get(CORE, "CommonErrors");
    private static final ClassName BINDING = ClassName.get(CORE, "OperationBinding");
    private static final ClassName SERVICE = ClassName.get(CORE, "ServiceOperations");

    private final ModelFile model;
    private final ShapeTypes types;
    private final String packageName;

    ApiGenerator(ModelFile model, ShapeTypes types, String packageName) {
        this.model = model;
        this.types = types;
        this.packageName = packageName;
    }

    ClassName apiName() {
        return ClassName.get(packageName, JavaNames.serviceType(model.service()) + "Api");
    }

    JavaFile api() {
        TypeSpec.Builder api = TypeSpec.interfaceBuilder(apiName())
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The operations of the $L model. Each answers \"not implemented\" until a service overrides it.\n",
                        model.service());
        for (ModelFile.Op op : model.operations().values()) {
            MethodSpec.Builder method = MethodSpec.methodBuilder(JavaNames.method(op.name()))
                    .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
                    .addJavadoc("$L:$L\n", model.service(), op.name())
                    .addParameter(CALL, "call");
            if (op.input() != null) {
                method.addParameter(types.className(op.input()), "request");
            }
            method.returns(op.output() == null ? TypeName.VOID : types.className(op.output()));
            method.addStatement("throw $T.notImplemented($S, $S)", COMMON_ERRORS, model.service(), op.name());
            api.addMethod(method.build());
        }
        return JavaFile.builder(packageName, api.build()).skipJavaLangImports(true).build();
    }

    JavaFile operations() {
        ClassName self = ClassName.get(packageName, JavaNames.serviceType(model.service()) + "Operations");
        CodeBlock.Builder list = CodeBlock.builder();
        boolean first = true;
        for (ModelFile.Op op : model.operations().values()) {
            String method = JavaNames.method(op.name());
            CodeBlock inputType = op.input() == null ? CodeBlock.of("null") : CodeBlock.of("$T.class", types.className(op.input()));
            CodeBlock parser = op.input() == null ? CodeBlock.of("null") : CodeBlock.of("$T::fromTree", types.className(op.input()));
            CodeBlock args = op.input() == null ? CodeBlock.of("call") : CodeBlock.of("call, ($T) input", types.className(op.input()));
            CodeBlock invoke = op.output() == null
                    ? CodeBlock.of("(call, input) -> { api.$L($L); return null; }", method, args)
                    : CodeBlock.of("(call, input) -> api.$L($L)", method, args);
            list.add(first ? "\n" : ",\n").add("new $T($S, $S, $L, $L, $L)", BINDING, op.name(), method, inputType, parser, invoke);
            first = false;
        }
        TypeSpec type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Binds a {@link $T} implementation to the operations of the $L model.\n", apiName(), model.service())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("bind")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(SERVICE)
                        .addParameter(apiName(), "api")
                        .addStatement("return new $T($S, api, $T.of($L))", SERVICE, model.service(), java.util.List.class, list.build())
                        .build())
                .build();
        return JavaFile.builder(packageName, type).skipJavaLangImports(true).build();
    }
}

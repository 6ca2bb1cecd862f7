package dev.garrison.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Generates a service's Java API from its AWS model.
 *
 * <p>Usage: {@code Codegen MODELS_DIR SOURCES_OUT RESOURCES_OUT SERVICE...}. For each service it
 * writes records, exceptions, the {@code XxxApi} interface, the operation table and the
 * compiled constraints under {@code dev.garrison.api.SERVICE}, and copies the model to
 * {@code dev/garrison/models/SERVICE.json} for the protocol layer to read at run time.
 */
public final class Codegen {
    private Codegen() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: Codegen MODELS_DIR SOURCES_OUT RESOURCES_OUT [SERVICE...]");
        }
        Path models = Path.of(args[0]);
        Path sources = Path.of(args[1]);
        Path resources = Path.of(args[2]);
        for (int i = 3; i < args.length; i++) {
            generate(args[i], models.resolve(args[i] + ".json"), sources, resources);
        }
    }

    static int generate(String service, Path modelFile, Path sources, Path resources) throws IOException {
        ModelFile model = ModelFile.read(service, modelFile);
        String packageName = "dev.garrison.api." + service;
        ShapeTypes types = new ShapeTypes(model, packageName);
        ConstraintGenerator constraints = new ConstraintGenerator(model, types, packageName);
        StructureGenerator structures = new StructureGenerator(model, types, constraints);
        ErrorGenerator errors = new ErrorGenerator(types);
        ApiGenerator api = new ApiGenerator(model, types, packageName);
        int files = 0;
        for (ModelFile.Shape shape : model.shapes().values()) {
            if (shape.isStructure()) {
                write(shape.exception() ? errors.generate(shape) : structures.generate(shape), sources);
                files++;
            }
            if (shape.pattern() != null && !ConstraintGenerator.compiles(shape.pattern())) {
                System.err.println("codegen: " + service + " " + shape.name() + ": pattern not enforced, Java cannot compile it: "
                        + shape.pattern());
            }
        }
        write(constraints.constantsFile(), sources);
        write(api.api(), sources);
        write(api.operations(), sources);
        Path modelCopy = resources.resolve("dev/garrison/models/" + service + ".json");
        Files.createDirectories(modelCopy.getParent());
        Files.copy(modelFile, modelCopy, StandardCopyOption.REPLACE_EXISTING);
        return files + 3;
    }

    private static void write(JavaFile file, Path sources) throws IOException {
        file.writeTo(sources);
    }
}

package io.countd.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder: the nearest ancestor of the working directory holding {@code format-spec}. */
final class ProjectRoot {
    private ProjectRoot() {
    }

    static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("format-spec"))) {
                return p;
            }
        }
        throw new IllegalStateException("no format-spec folder above " + Path.of("").toAbsolutePath());
    }
}

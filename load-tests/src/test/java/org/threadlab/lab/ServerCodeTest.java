package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCodeTest {
    @TempDir
    Path dir;

    @Test
    void countsCodeLinesNotCommentsAndEveryComposition() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/Handler.java"), """
                package a;

                /**
                 * A handler. thenCompose( in a comment does not count.
                 */
                final class Handler {
                    // a comment line
                    void handle(Future<String> f) {
                        f.compose(x -> other(x)).onComplete(r -> done(r)); /* two compositions */
                        /* a block
                           comment */ int after = 1;
                    }
                }
                """);
        Files.writeString(dir.resolve("a/b/Other.java"), "package a.b;\nclass Other { void m() { cf.thenApply(x -> x); } }\n");
        Files.writeString(dir.resolve("a/notes.txt"), "f.compose(x) is not Java\n");
        ServerCode code = ServerCode.of(dir);
        assertEquals(2, code.files());
        // package, class, method, the chained call, the line after the block comment, two closing braces; Other: 2
        assertEquals(9, code.lines());
        assertEquals(3, code.asyncCompositions());
        assertNull(ServerCode.of(dir.resolve("missing")));
    }
}

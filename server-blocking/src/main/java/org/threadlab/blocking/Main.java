package org.threadlab.blocking;

import org.threadlab.core.options.ServerMain;

/** {@code java -jar server-blocking.jar [options]}; {@code --help} lists them. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerMain.run("blocking", args, BlockingServer::start);
    }
}

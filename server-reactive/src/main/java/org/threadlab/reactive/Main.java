package org.threadlab.reactive;

import org.threadlab.core.options.ServerMain;

/** {@code java -jar server-reactive.jar [options]}; {@code --help} lists them. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerMain.run(ReactiveServer.MODEL, args, ReactiveServer::start);
    }
}

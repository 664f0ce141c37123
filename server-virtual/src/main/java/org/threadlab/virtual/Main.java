package org.threadlab.virtual;

import org.threadlab.core.options.ServerMain;

/** {@code java -jar server-virtual.jar [options]}: see {@code --help}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerMain.run(VirtualServer.MODEL, args, VirtualServer::start);
    }
}

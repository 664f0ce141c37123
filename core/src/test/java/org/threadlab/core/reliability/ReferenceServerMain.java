package org.threadlab.core.reliability;

import org.threadlab.core.contract.ReferenceServer;
import org.threadlab.core.options.ServerMain;

/** A main for core's ReferenceServer, run as its own process by {@link StopSignalTest}. */
public final class ReferenceServerMain {
    private ReferenceServerMain() {
    }

    public static void main(String[] args) {
        ServerMain.run("blocking", args, ReferenceServer::start);
    }
}

package io.tenantfleet.cli;

import picocli.CommandLine;

/** Builds command objects, handing each the way to open its application context. */
final class CommandFactory implements CommandLine.IFactory {

    private final Contexts contexts;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Contexts contexts) {
        this.contexts = contexts;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K instance = fallback.create(type);
        if (instance instanceof ContextCommand command) {
            command.contexts = contexts;
        }
        return instance;
    }
}

package io.countd.tools;

import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Discards the engine's log records in the command-line tools. The tools reproduce the exact output
 * of Tokyo Cabinet's C tools, which print nothing but their results and TC's error lines; an
 * informational record (say, about a rolled-back transaction) on standard error would be a
 * difference. Registered as the JVM's {@link System.LoggerFinder} through the tools jar's service
 * file, so it applies only to processes started from that jar.
 */
public final class QuietLoggerFinder extends System.LoggerFinder {
    private static final System.Logger SILENT = new System.Logger() {
        @Override
        public String getName() {
            return "silent";
        }

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            // discarded
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            // discarded
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            // discarded
        }
    };

    @Override
    public System.Logger getLogger(String name, Module module) {
        return SILENT;
    }
}

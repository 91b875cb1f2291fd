package io.dblab.cli.client;

import io.dblab.cli.config.CliConfig;
import io.dblab.cli.config.CliConfigFile;

/** Remembers the current branch in cli.yml, in the current environment, as the reference CLI does. */
final class BranchSwitch {
    private BranchSwitch() {}

    /** Saves the branch; false when there is no saved environment to hold it (the CLI runs on flags alone). */
    static boolean trySave(CliConfigFile file, String branch) {
        CliConfig config = file.load();
        if (config.current().isEmpty()) {
            return false;
        }
        file.save(config.withCurrentBranch(branch));
        return true;
    }

    /** Saves the branch or fails saying why it cannot be remembered. */
    static void save(CliConfigFile file, String branch) {
        file.save(file.load().withCurrentBranch(branch));
    }
}

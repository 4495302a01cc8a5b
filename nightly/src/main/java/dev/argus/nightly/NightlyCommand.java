package dev.argus.nightly;

import dev.argus.jobs.ArgusCommand;
import org.apache.hadoop.util.Tool;

/** Registers {@code argus nightly} with {@code dev.argus.jobs.Argus} (META-INF/services). */
public final class NightlyCommand implements ArgusCommand {

    @Override
    public String name() {
        return "nightly";
    }

    @Override
    public String summary() {
        return "ingest -> detect -> stats -> Hive for one date, idempotent";
    }

    @Override
    public Tool tool() {
        return new NightlyTool();
    }
}

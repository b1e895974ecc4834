package cn.kcbx.caseservice.directory;

import cn.kcbx.kernel.directory.DirectoryChanges;
import cn.kcbx.kernel.directory.DirectoryEvent;
import cn.kcbx.kernel.directory.DirectoryPlan;
import cn.kcbx.kernel.directory.DirectoryRefusedException;
import cn.kcbx.kernel.directory.ImportDirectory;
import cn.kcbx.kernel.directory.RetireUnit;
import cn.kcbx.kernel.directory.SaveUnit;
import cn.kcbx.kernel.directory.UnitDirectory;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One county's unit directory as an event-sourced aggregate: every change (who, when, from where in the metadata) is
 * an event, so history stays readable and the query service folds the same events. The rules are
 * {@link DirectoryPlan}'s; the aggregate only makes sure each change is decided against the directory as it stands,
 * one change at a time.
 */
@Aggregate(commandTargetResolver = "directoryCommandTargetResolver")
public class CountyDirectory {

    @AggregateIdentifier
    private String directoryId;
    private String county;
    private final List<UnitDirectory.Recorded> history = new ArrayList<>();

    /** For Axon. */
    protected CountyDirectory() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DirectoryChanges handle(ImportDirectory command) {
        return record(DirectoryPlan.importing(current(command.county()), command.entries()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DirectoryChanges handle(SaveUnit command) {
        return record(DirectoryPlan.saving(current(command.county()), command.entry(), command.changedOn()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DirectoryChanges handle(RetireUnit command) {
        return record(DirectoryPlan.retiring(current(command.county()), command));
    }

    @EventSourcingHandler
    void on(DirectoryEvent event, @Timestamp Instant recordedAt) {
        directoryId = UnitDirectory.aggregateId(event.county());
        county = event.county();
        history.add(new UnitDirectory.Recorded(event, recordedAt));
    }

    private UnitDirectory current(String commandCounty) {
        return county == null ? UnitDirectory.empty(commandCounty) : UnitDirectory.of(county, history);
    }

    private DirectoryChanges record(DirectoryPlan.Outcome outcome) {
        if (!outcome.accepted()) {
            throw new DirectoryRefusedException(outcome.problems());
        }
        outcome.changes().forEach(change -> apply(change));
        return DirectoryChanges.of(outcome.changes());
    }
}

package cn.kcbx.caseservice.directory;

import cn.kcbx.kernel.directory.DirectoryCommand;
import cn.kcbx.kernel.directory.UnitDirectory;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/** Routes a directory command to its county's directory (the kernel's commands carry no Axon annotations). */
public class DirectoryCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        DirectoryCommand directoryCommand = (DirectoryCommand) command.getPayload();
        return new VersionedAggregateIdentifier(UnitDirectory.aggregateId(directoryCommand.county()), null);
    }
}

package cn.kcbx.caseservice.command;

import cn.kcbx.kernel.access.DirectoryPermissions;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.DirectoryChanges;
import cn.kcbx.kernel.directory.DirectoryCommand;
import cn.kcbx.kernel.directory.DirectoryRefusedException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends directory changes to the county's directory with who-and-where-from metadata, after checking that the user
 * keeps that county's directory. A change that is sent again changes nothing the second time (the directory compares
 * and records only differences), so no request id is needed to make retries safe.
 */
public class DirectoryService {

    private final CommandGateway commandGateway;

    public DirectoryService(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public DirectoryChanges execute(DirectoryCommand command, Actor actor, RequestOrigin origin) {
        DirectoryPermissions.requireMaintain(actor, command.county());
        try {
            return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                    CommandMetaData.of(null, null, actor, origin, command)));
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof DirectoryRefusedException refused) {
                    throw refused;
                }
            }
            throw e;
        }
    }
}

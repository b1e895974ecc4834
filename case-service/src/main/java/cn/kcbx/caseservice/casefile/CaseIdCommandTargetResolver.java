package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.CaseCommand;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes a {@link CaseCommand} to the case named by its {@code caseId()}: the kernel's command records carry no Axon
 * annotations. Case commands are not versioned (null expected version). Any other command falls back to Axon's
 * annotation-based resolution, so this resolver can be registered application-wide.
 */
public class CaseIdCommandTargetResolver implements CommandTargetResolver {

    private final CommandTargetResolver fallback = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof CaseCommand caseCommand) {
            return new VersionedAggregateIdentifier(caseCommand.caseId(), null);
        }
        return fallback.resolveTarget(command);
    }
}

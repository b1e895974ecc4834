package cn.kcbx.caseservice.command;

import cn.kcbx.eventstore.EventStoreSettings;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.DirectoryPermissions;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.DirectoryChanges;
import cn.kcbx.kernel.directory.DirectoryCommand;
import cn.kcbx.kernel.directory.DirectoryEntry;
import cn.kcbx.kernel.directory.DirectoryRefusedException;
import cn.kcbx.kernel.directory.ImportDirectory;
import cn.kcbx.kernel.directory.UnitKind;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sends directory changes to the county's directory with who-and-where-from metadata, after checking that the user
 * keeps that county's directory. A change that is sent again changes nothing the second time (the directory compares
 * and records only differences), so no request id is needed to make retries safe.
 */
public class DirectoryService {

    static final int ENTRIES_PER_COMMAND = EventStoreSettings.MAX_EVENTS_PER_COMMIT / 2;

    private final CommandGateway commandGateway;

    public DirectoryService(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public DirectoryChanges execute(DirectoryCommand command, Actor actor, RequestOrigin origin) {
        DirectoryPermissions.requireMaintain(actor, command.county());
        if (command instanceof ImportDirectory whole && whole.entries().size() > ENTRIES_PER_COMMAND) {
            return importInParts(whole, actor, origin);
        }
        return send(command, actor, origin);
    }

    /**
     * A file larger than one command may store (the event store takes at most
     * {@link EventStoreSettings#MAX_EVENTS_PER_COMMIT} events per command; an entry makes at most two), in parts:
     * towns first, so that each part's villages and schools find their towns, and the retirement of a town last, after
     * its villages and schools (a town is retired only once they are). Each part is decided against the directory as
     * the earlier parts left it. The whole file was checked against the directory before the first part; should a
     * later part still be refused (someone changed the directory meanwhile) or the service stop between parts,
     * importing the file again finishes the job: the parts already stored change nothing the second time.
     */
    private DirectoryChanges importInParts(ImportDirectory whole, Actor actor, RequestOrigin origin) {
        List<DirectoryEntry> entries = new ArrayList<>(whole.entries());
        entries.sort(Comparator.comparing(DirectoryService::retiresATown)
                               .thenComparing(entry -> entry.unit().kind()));
        DirectoryChanges total = new DirectoryChanges(0, 0, 0);
        for (int from = 0; from < entries.size(); from += ENTRIES_PER_COMMAND) {
            List<DirectoryEntry> part = entries.subList(from, Math.min(entries.size(), from + ENTRIES_PER_COMMAND));
            DirectoryChanges changes;
            try {
                changes = send(new ImportDirectory(whole.county(), whole.fileName(), List.copyOf(part)), actor,
                               origin);
            } catch (DirectoryRefusedException refused) {
                if (from == 0) {
                    throw refused;
                }
                throw new RuleViolationException("DIRECTORY_IMPORT_INTERRUPTED", "file", "单位目录在导入过程中被他人同时修改，"
                        + "导入在第 " + (from + 1) + " 个单位处停止（此前的 " + from + " 个已导入）：" + refused.problems().get(0)
                        .message() + "。请刷新后重新导入同一文件，已导入的部分不会重复登记");
            }
            total = new DirectoryChanges(total.added() + changes.added(), total.changed() + changes.changed(),
                                         total.retired() + changes.retired());
        }
        return total;
    }

    private static boolean retiresATown(DirectoryEntry entry) {
        return entry.unit().kind() == UnitKind.TOWN && entry.retiredOn() != null;
    }

    private DirectoryChanges send(DirectoryCommand command, Actor actor, RequestOrigin origin) {
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

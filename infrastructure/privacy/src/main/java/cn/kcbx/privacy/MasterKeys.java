package cn.kcbx.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master keys a process holds: the current one wraps every new data key; the next ones (step 1 of a rotation) and
 * the previous ones (step 2) only unwrap. With previous keys, the process moves the keys they wrap to the current one
 * ({@link MasterKeyRewrap}). deploy/README.md, "Rotating the master key".
 */
public final class MasterKeys {

    private final MasterKey current;
    private final List<MasterKey> next;
    private final List<MasterKey> previous;
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    public MasterKeys(MasterKey current, Collection<MasterKey> next, Collection<MasterKey> previous) {
        this.current = current;
        this.next = List.copyOf(next);
        this.previous = List.copyOf(previous);
        for (MasterKey key : all(current, this.next, this.previous)) {
            MasterKey same = byId.putIfAbsent(key.id(), key);
            if (same != null) {
                throw new IllegalStateException("Master key " + key.id() + " is configured twice (as "
                        + "kcbx.privacy.master-key-file, next-master-key-file or previous-master-key-files)");
            }
        }
    }

    /** One key and nothing to rotate. */
    public static MasterKeys of(MasterKey current) {
        return new MasterKeys(current, List.of(), List.of());
    }

    private static List<MasterKey> all(MasterKey current, List<MasterKey> next, List<MasterKey> previous) {
        List<MasterKey> all = new ArrayList<>();
        all.add(current);
        all.addAll(next);
        all.addAll(previous);
        return all;
    }

    public MasterKey current() {
        return current;
    }

    public boolean hasPrevious() {
        return !previous.isEmpty();
    }

    public List<MasterKey> previous() {
        return previous;
    }

    Optional<MasterKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every key held, the current one first: for a wrapped key from before {@code wrappedBy} existed. */
    Collection<MasterKey> all() {
        return byId.values();
    }

    /** The ids of every key held. */
    public Collection<String> ids() {
        return byId.keySet();
    }
}

package cn.kcbx.privacy;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The personal fields of one stored type beyond the kernel's events (a service's aggregate snapshot, for example):
 * declare it as a bean and both the event and the snapshot serializer encrypt them.
 */
public record PersonalPaths(String className, List<String> paths) {

    /** The kernel's case events and the given extra types, by class name. */
    public static Map<String, List<String>> withKernelEvents(List<PersonalPaths> extra) {
        Map<String, List<String>> all = new HashMap<>();
        PersonalFields.OF_EVENTS.forEach((type, paths) -> all.put(type.getName(), paths));
        extra.forEach(p -> all.put(p.className(), p.paths()));
        return all;
    }
}

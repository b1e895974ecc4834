package cn.kcbx.directory;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.account.AccountUnits;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitKind;
import cn.kcbx.kernel.time.DateRules;

import java.time.Clock;
import java.time.LocalDate;

/** Accounts are bound only to units their county's directory lists and has in use today. */
public class DirectoryAccountUnits implements AccountUnits {

    private final UnitDirectories directories;
    private final Clock clock;

    public DirectoryAccountUnits(UnitDirectories directories, Clock clock) {
        this.directories = directories;
        this.clock = clock;
    }

    @Override
    public void requireKnown(Actor.Role role, String unit, String county) {
        if (county == null) {
            return;
        }
        UnitKind kind = switch (role) {
            case VILLAGE -> UnitKind.VILLAGE;
            case TOWN -> UnitKind.TOWN;
            case SCHOOL -> UnitKind.SCHOOL;
            case COUNTY, ADMIN -> UnitKind.COUNTY;
        };
        UnitDirectory directory = directories.of(county);
        if (kind == UnitKind.COUNTY && directory.find(unit).isEmpty()) {
            return; // a directory need not list the county itself
        }
        try {
            directory.requireInUse(unit, kind, LocalDate.now(clock.withZone(DateRules.CHINA_ZONE)), "unit");
        } catch (DomainException refused) {
            throw new AccessProblem(422, refused.code(), "unit", "账号不能绑定到该单位：" + refused.getMessage());
        }
    }

    @Override
    public String nameOf(String county, String unit) {
        return county == null ? null : directories.of(county).nameOf(unit);
    }
}

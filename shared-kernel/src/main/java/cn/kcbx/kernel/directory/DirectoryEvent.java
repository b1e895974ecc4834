package cn.kcbx.kernel.directory;

/**
 * A change to a county's unit directory. Like case events these are history: their constructors add no checks, so that
 * a change recorded under older rules still replays. Who made it, when and from where travel in the metadata.
 */
public sealed interface DirectoryEvent permits UnitAdded, UnitChanged, UnitRetired {

    /** The county whose directory changed (6 digits). */
    String county();

    /** The unit's code. */
    String code();
}

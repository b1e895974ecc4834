package cn.kcbx.kernel.directory;

/**
 * A change to one county's unit directory. The case service routes it to the county's directory by {@link #county()};
 * who sent it travels in the message metadata.
 */
public interface DirectoryCommand {

    String county();
}

package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.dropoutcase.Checks;

import java.util.List;

/**
 * Brings the county's directory in line with a file: units not yet listed are added, listed ones whose details differ
 * are changed, those the file marks retired are retired. Units the file leaves out stay as they are (a partial file
 * never retires anything), and a file that matches the directory changes nothing.
 */
public record ImportDirectory(String county, String fileName, List<DirectoryEntry> entries)
        implements DirectoryCommand {

    public ImportDirectory {
        county = DirectoryCommands.county(county);
        fileName = Checks.optionalText(fileName, "fileName", "文件名", 200);
        entries = Checks.nonEmpty(Checks.list(entries, "entries", "单位"), "entries", "至少一个单位");
    }
}

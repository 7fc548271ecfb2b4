package org.resplice.tagconfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TagTableStore} that keeps each table in {@code <dir>/<application>.json}.
 *
 * <p>All tables are loaded at construction; a file that cannot be read or holds an invalid
 * table fails the construction with a {@link TagTableStoreException} naming the file and the
 * JSON path. Every change is durable before it is visible: a table is written to a temporary
 * file in the same directory, forced to disk and renamed over the old file atomically, then
 * the directory is forced. Files whose names start with a dot (such as temporary files left
 * by a crash) and files not ending in {@code .json} are ignored. Thread-safe; the directory
 * must not be shared with another store instance.
 */
public final class FileTagTableStore extends AbstractTagTableStore {

    private static final Logger log = LoggerFactory.getLogger(FileTagTableStore.class);

    /** File name suffix of a stored table. */
    public static final String SUFFIX = ".json";

    private final Path dir;

    /**
     * Opens the store in {@code dir}, creating the directory if needed, and loads every table.
     *
     * @throws TagTableStoreException if the directory cannot be created or read, or a table
     *         file is invalid
     */
    public FileTagTableStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new TagTableStoreException(this.dir, "cannot create the tag table directory "
                    + this.dir + ": " + e, e);
        }
        for (Path file : tableFiles()) {
            load(read(file));
        }
    }

    /** The directory holding the tables. */
    public Path directory() {
        return dir;
    }

    /** The file that holds (or would hold) the table of {@code application}. */
    public Path fileOf(String application) {
        if (!TagTable.isValidApplicationName(application)) {
            throw new IllegalArgumentException("invalid application name " + application);
        }
        return dir.resolve(application + SUFFIX);
    }

    private List<Path> tableFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    if (name.endsWith(".tmp")) {
                        log.warn("ignoring {}, a temporary file left by an interrupted write", p);
                    }
                    continue;
                }
                if (name.endsWith(SUFFIX)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new TagTableStoreException(dir, "cannot list the tag table directory " + dir
                    + ": " + e, e);
        }
        Collections.sort(files);
        return files;
    }

    private TagTable read(Path file) {
        String name = file.getFileName().toString();
        String application = name.substring(0, name.length() - SUFFIX.length());
        if (!TagTable.isValidApplicationName(application)) {
            throw new TagTableStoreException(file, "tag table file " + file + ": the name is not"
                    + " <application>.json for a valid application name (1 to 64 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit); rename or remove it", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new TagTableStoreException(file, "tag table file " + file + " is not a regular"
                    + " file; remove it", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TagTableStoreException(file, "cannot read tag table file " + file + ": " + e, e);
        }
        TagTable table;
        try {
            table = TagTableCodec.parse(bytes);
        } catch (TagTableException e) {
            throw new TagTableStoreException(file, "tag table file " + file + ": " + e.getMessage()
                    + " (fix or remove the file)", e);
        }
        if (!table.application().equals(application)) {
            throw new TagTableStoreException(file, "tag table file " + file + ": $.application: the"
                    + " file holds the table of " + JsonPaths.quote(table.application())
                    + " but is named for " + JsonPaths.quote(application) + "; rename it to "
                    + table.application() + SUFFIX + " or correct \"application\"", null);
        }
        return table;
    }

    @Override
    void persist(TagTable table) {
        Path target = fileOf(table.application());
        byte[] bytes = TagTableCodec.encodePretty(table).getBytes(StandardCharsets.UTF_8);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + table.application() + SUFFIX + ".", ".tmp",
                    fileAttributes());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            forceDirectory();
        } catch (IOException e) {
            throw new TagTableStoreException(target, "cannot write tag table file " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    log.warn("cannot delete temporary file {}", tmp, e);
                }
            }
        }
    }

    @Override
    void unpersist(String application) {
        Path target = fileOf(application);
        try {
            Files.deleteIfExists(target);
            forceDirectory();
        } catch (IOException e) {
            throw new TagTableStoreException(target, "cannot delete tag table file " + target + ": " + e, e);
        }
    }

    private FileAttribute<?>[] fileAttributes() {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // createTempFile would make the file owner-only; a tag table is not secret.
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))};
        }
        return new FileAttribute<?>[0];
    }

    /** Makes the rename or delete durable; not every platform can open a directory. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            log.debug("cannot force directory {} to disk", dir, e);
        }
    }

    @Override
    public String toString() {
        return "FileTagTableStore{" + dir + "}";
    }
}

package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.tagconfig.InMemoryTagTableStoreTest.table;
import static org.resplice.tagconfig.Json.j;

class FileTagTableStoreTest {

    @TempDir
    Path dir;

    private List<String> fileNames() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private void write(String name, String content) throws IOException {
        Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tablesSurviveANewInstanceOnTheSameDirectory() throws Exception {
        FileTagTableStore store = new FileTagTableStore(dir);
        TagTable webmail = TagTableCodec.parse(TagTableCodecTest.EXAMPLE);
        TagTable shell = TagTable.builder("shell", Protocol.LINE)
                .rule(RuleMatch.command("ls"), TagSet.of(true, true, true)).build();
        store.put(webmail);
        store.put(shell);
        assertEquals(List.of("shell.json", "webmail.json"), fileNames());

        FileTagTableStore reopened = new FileTagTableStore(dir);
        assertEquals(List.of(shell, webmail), reopened.list());
        assertEquals(webmail, reopened.get("webmail").orElseThrow());
        // The file is the table's readable JSON form.
        assertEquals(TagTableCodec.encodePretty(webmail),
                new String(Files.readAllBytes(dir.resolve("webmail.json")), StandardCharsets.UTF_8));
    }

    @Test
    void replacingATableRewritesItsFileAndLeavesNoTemporaryFiles() throws Exception {
        FileTagTableStore store = new FileTagTableStore(dir);
        store.put(table("a", TagSet.CONSERVATIVE));
        store.put(table("a", TagSet.of(Tag.READ_ONLY)));
        assertEquals(List.of("a.json"), fileNames());
        assertEquals(TagSet.of(Tag.READ_ONLY), new FileTagTableStore(dir).get("a").orElseThrow().defaultTags());
    }

    @Test
    void removeDeletesTheFile() throws Exception {
        FileTagTableStore store = new FileTagTableStore(dir);
        store.put(table("a", TagSet.CONSERVATIVE));
        store.put(table("b", TagSet.CONSERVATIVE));
        assertTrue(store.remove("a"));
        assertFalse(Files.exists(dir.resolve("a.json")));
        assertFalse(store.remove("a"));
        assertEquals(List.of("b.json"), fileNames());
        assertEquals(List.of("b"), new FileTagTableStore(dir).list().stream()
                .map(TagTable::application).collect(Collectors.toList()));
    }

    @Test
    void createsAMissingDirectory() {
        Path nested = dir.resolve("x/y");
        FileTagTableStore store = new FileTagTableStore(nested);
        store.put(table("a", TagSet.CONSERVATIVE));
        assertTrue(Files.isRegularFile(nested.resolve("a.json")));
        assertEquals(nested.toAbsolutePath(), store.directory());
    }

    @Test
    void aCorruptFileFailsTheLoadNamingTheFileAndTheJsonPath() throws Exception {
        new FileTagTableStore(dir).put(table("good", TagSet.CONSERVATIVE));
        write("bad.json", j("{'application': 'bad', 'protocol': 'http', 'rules': [{'match': {}, 'tags': ['fast']}]}"));
        TagTableStoreException e = assertThrows(TagTableStoreException.class, () -> new FileTagTableStore(dir));
        assertTrue(e.getMessage().contains(dir.resolve("bad.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("$.rules[0].tags[0]: unknown tag \"fast\""), e.getMessage());
        assertEquals(dir.resolve("bad.json").toAbsolutePath(), e.file().orElseThrow());
        assertTrue(e.getCause() instanceof TagTableException);
    }

    @Test
    void aFileThatIsNotJsonFailsTheLoad() throws Exception {
        write("bad.json", "{\"application\": \"bad\", ");
        TagTableStoreException e = assertThrows(TagTableStoreException.class, () -> new FileTagTableStore(dir));
        assertTrue(e.getMessage().contains("bad.json: $: not valid JSON"), e.getMessage());
    }

    @Test
    void aFileNamedForAnotherApplicationFailsTheLoad() throws Exception {
        write("webmail.json", TagTableCodec.encode(table("blog", TagSet.CONSERVATIVE)));
        TagTableStoreException e = assertThrows(TagTableStoreException.class, () -> new FileTagTableStore(dir));
        assertTrue(e.getMessage().contains("webmail.json: $.application"), e.getMessage());
        assertTrue(e.getMessage().contains("rename it to blog.json"), e.getMessage());
    }

    @Test
    void aJsonFileWithAnInvalidApplicationNameFailsTheLoad() throws Exception {
        write("my app.json", TagTableCodec.encode(table("a", TagSet.CONSERVATIVE)));
        TagTableStoreException e = assertThrows(TagTableStoreException.class, () -> new FileTagTableStore(dir));
        assertTrue(e.getMessage().contains("my app.json"), e.getMessage());
        assertTrue(e.getMessage().contains("not <application>.json"), e.getMessage());
    }

    @Test
    void hiddenTemporaryAndOtherFilesAreIgnored() throws Exception {
        write(".a.json.123.tmp", "{half a tab");
        write(".hidden.json", "garbage");
        write("README.txt", "not a table");
        FileTagTableStore store = new FileTagTableStore(dir);
        assertTrue(store.list().isEmpty());
    }

    @Test
    void aFailedWriteChangesNothingAndTellsNoListener() throws Exception {
        FileTagTableStore store = new FileTagTableStore(dir);
        List<String> events = new ArrayList<>();
        store.addListener((app, t) -> events.add(app));
        // A non-empty directory where the file should go makes the rename fail.
        Files.createDirectories(dir.resolve("a.json").resolve("occupied"));
        TagTableStoreException e = assertThrows(TagTableStoreException.class,
                () -> store.put(table("a", TagSet.CONSERVATIVE)));
        assertTrue(e.getMessage().contains("a.json"), e.getMessage());
        assertTrue(store.get("a").isEmpty());
        assertTrue(events.isEmpty());
        assertEquals(List.of("a.json"), fileNames()); // the temporary file was cleaned up
    }

    @Test
    void listenerFiresForPutReplaceAndRemove() {
        FileTagTableStore store = new FileTagTableStore(dir);
        InMemoryTagTableStoreTest.Recorder r = new InMemoryTagTableStoreTest.Recorder();
        store.addListener(r);
        TagSet ro = TagSet.of(Tag.READ_ONLY);
        store.put(table("a", TagSet.CONSERVATIVE));
        store.put(table("a", ro));
        store.put(table("a", ro));
        store.remove("a");
        assertEquals(List.of("a=" + TagSet.CONSERVATIVE, "a=" + ro, "a=removed"), r.events());
    }

    @Test
    void concurrentChangesAllReachTheDisk() throws Exception {
        FileTagTableStore store = new FileTagTableStore(dir);
        InMemoryTagTableStoreTest.Recorder r = new InMemoryTagTableStoreTest.Recorder();
        store.addListener(r);
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.put(table("app" + id + "-" + i, TagSet.CONSERVATIVE));
                        store.put(table("shared", TagSet.of((i & 1) == 0, id % 2 == 0, false)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread + 1, store.list().size());
        assertEquals(store.list(), new FileTagTableStore(dir).list());
        // The last event for "shared" describes the table that is stored.
        List<String> shared = r.events().stream().filter(s -> s.startsWith("shared="))
                .collect(Collectors.toList());
        assertEquals("shared=" + store.get("shared").orElseThrow().defaultTags(), shared.get(shared.size() - 1));
    }
}

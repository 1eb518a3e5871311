package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netgeom.tensor.InvalidInputException;

/**
 * One part of a sweep split N ways: shard {@code index} of {@code count} does the work items
 * whose position in the sweep's fixed enumeration is {@code index} modulo {@code count}, and
 * writes them into OUT/shards/INDEX/. Items are seeded by their identity (a width and a seed, a
 * configuration's name and seed), never by their position, so an item's results are the same
 * bits whichever shard does it and however many shards there are. A sweep run without a shard
 * (null where a method takes one) does every item, into OUT itself.
 */
public record Shard(int index, int count) {
    /** The folder under OUT that holds one folder per shard. */
    public static final String SHARDS_FOLDER = "shards";

    public Shard {
        if (count < 1) throw InvalidInputException.forField("count", "the shard count {count} must be >= 1, got " + count);
        if (index < 0 || index >= count) {
            throw InvalidInputException.forFields(List.of("index", "count"),
                    "the shard {index} must be in 0.." + (count - 1) + " for {count} " + count + ", got " + index);
        }
    }

    /** Parses {@code I/N} ({@code 0 <= I < N}), e.g. "2/8"; the message of a bad one says the form and names the value. */
    public static Shard parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) throw badForm(text, "no '/'");
        int index, count;
        try {
            index = Integer.parseInt(trimmed.substring(0, slash).trim());
            count = Integer.parseInt(trimmed.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw badForm(text, "I and N must be whole numbers");
        }
        if (count < 1) throw badForm(text, "N must be >= 1");
        if (index < 0 || index >= count) throw badForm(text, "I must be in 0.." + (count - 1) + " (shards count from 0)");
        return new Shard(index, count);
    }

    private static InvalidInputException badForm(String text, String why) {
        return new InvalidInputException("a shard is written I/N with 0 <= I < N, e.g. 0/4 for the first of 4; got '" + text
                + "' (" + why + ")");
    }

    /** Whether the item at {@code position} of the sweep's enumeration is this shard's. */
    public boolean owns(long position) {
        if (position < 0) throw new IllegalArgumentException("an item's position is >= 0, got " + position);
        return position % count == index;
    }

    /** This shard's items of {@code items} (in their order). */
    public <T> List<T> select(List<T> items) {
        List<T> owned = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) if (owns(i)) owned.add(items.get(i));
        return owned;
    }

    /** Where this shard writes: OUT/shards/INDEX (also for 0/1: what merge reads). */
    public Path folder(Path out) { return shardFolder(out, index); }

    /** OUT/shards/INDEX. */
    public static Path shardFolder(Path out, int index) { return out.resolve(SHARDS_FOLDER).resolve(Integer.toString(index)); }

    @Override
    public String toString() { return index + "/" + count; }
}

package dev.boxcar.client;

import dev.boxcar.client.model.Page;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks a paged list to its end: the next page is fetched only when the items of the one before
 * are used up, so a caller that stops early (e.g. {@code limit(10)}) fetches no more than it needs.
 */
final class Pages {
    private Pages() {
    }

    /** Every item of every page; {@code fetch} gets the cursor (null for the first page). */
    static <T> Stream<T> all(Function<String, Page<T>> fetch) {
        Iterator<T> items = new Iterator<>() {
            private Page<T> page = fetch.apply(null);
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.items().size()) {
                    if (!page.hasNext()) {
                        return false;
                    }
                    page = fetch.apply(page.nextCursor());
                    next = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }
}

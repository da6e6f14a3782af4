package dev.boxcar.client.model;

import java.util.List;

/**
 * One page of a list: its items and the cursor of the next page (null on the last page). Lists
 * are newest first, except a batch's jobs, which come in submission order.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    @jakarta.json.bind.annotation.JsonbTransient
    public boolean hasNext() {
        return nextCursor != null;
    }
}

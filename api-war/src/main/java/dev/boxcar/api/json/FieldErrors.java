package dev.boxcar.api.json;

import dev.boxcar.api.problem.FieldError;
import dev.boxcar.api.problem.Problems;
import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of a request so the client learns them all at once. */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
    }
}

package dev.boxcar.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A latency distribution in microseconds, thread-safe to record into (HdrHistogram). */
final class Latency {
    private final Recorder recorder = new Recorder(3);
    private Histogram total;

    /** Runs {@code action} and records how long it took. */
    <T> T time(java.util.function.Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        record(System.nanoTime() - start);
        return result;
    }

    void record(long nanos) {
        recorder.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** Everything recorded so far, as a frozen summary. */
    Summary summary() {
        Histogram interval = recorder.getIntervalHistogram();
        if (total == null) {
            total = interval;
        } else {
            total.add(interval);
        }
        return new Summary(total.getTotalCount(), millis(total.getValueAtPercentile(50)),
                millis(total.getValueAtPercentile(99)), millis(total.getMaxValue()), total.getMean() / 1000.0);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    record Summary(long count, double p50Ms, double p99Ms, double maxMs, double meanMs) {
    }
}

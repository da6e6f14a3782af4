package dev.boxcar.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** The few combinators the fuzz grammar needs beyond what QuickTheories offers directly. */
final class Gens {
    private Gens() {
    }

    static <T> Pair<Integer, Gen<T>> weight(int weight, Gen<T> gen) {
        return Pair.of(weight, gen);
    }

    /** One value from each generator, in order. */
    static <T> Gen<List<T>> all(List<Gen<T>> gens) {
        return random -> {
            List<T> values = new ArrayList<>(gens.size());
            for (Gen<T> gen : gens) {
                values.add(gen.generate(random));
            }
            return values;
        };
    }

    static <T> Gen<List<T>> listOf(Gen<T> item, int maxSize) {
        return SourceDSL.lists().of(item).ofSizeBetween(0, maxSize);
    }

    /** Any text, including control characters, unpaired surrogates and characters beyond the BMP. */
    static Gen<String> anyText(int maxLength) {
        return SourceDSL.strings().allPossible().ofLengthBetween(0, maxLength);
    }

    static Gen<String> printable(int maxLength) {
        return SourceDSL.strings().ascii().ofLengthBetween(0, maxLength);
    }

    static Gen<byte[]> anyBytes(int maxLength) {
        return Generate.byteArrays(Generate.range(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<Double> fraction() {
        return SourceDSL.doubles().between(0, 1);
    }

    static Gen<String> uuid() {
        Gen<Long> longs = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
        return longs.zip(longs, (a, b) -> new java.util.UUID(a, b).toString());
    }
}

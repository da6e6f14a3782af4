package dev.boxcar.api.waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boxcar.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

class WaitParameterTest {

    @Test
    void absentMeansNoWaitAndTheRangeIsZeroToSixty() {
        assertNull(WaitParameter.parse(null));
        assertEquals(0, WaitParameter.parse("0"));
        assertEquals(60, WaitParameter.parse("60"));
    }

    @Test
    void outOfRangeOrNonNumbersAre400NamingWait() {
        for (String bad : new String[] {"61", "-1", "abc", "1.5", ""}) {
            ProblemException problem = assertThrows(ProblemException.class, () -> WaitParameter.parse(bad), bad);
            assertEquals(400, problem.status());
            assertEquals("wait", problem.errors().get(0).field());
        }
    }
}

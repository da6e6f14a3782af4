package dev.boxcar.it.chaos;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a chaos run comes to: jobs accepted and where they ended, the evidence their commands left,
 * and the answers the single submissions got during each fault.
 */
record Report(int accepted, int terminal, int lost, int adopted, int duplicated, int completedWithoutEvidence,
              Map<String, Integer> errorsByCode, Map<String, Integer> statuses,
              Map<String, Map<String, Integer>> answersByPhase, int unexpectedAnswers) {

    private static final List<String> FINAL = List.of("completed", "timed_out", "cancelled", "error");

    static Report of(int accepted, Map<String, String> markers, Map<String, JsonObject> ended,
                     Map<String, Integer> evidence, Map<String, Map<String, Integer>> answers) {
        int terminal = 0;
        int adopted = 0;
        int withoutEvidence = 0;
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Map.Entry<String, JsonObject> job : ended.entrySet()) {
            String status = job.getValue().getString("status");
            statuses.merge(status, 1, Integer::sum);
            if (FINAL.contains(status)) {
                terminal++;
            }
            if (job.getValue().getInt("attempts", 1) > 1) {
                adopted++;
            }
            if ("error".equals(status)) {
                errors.merge(job.getValue().getJsonObject("error").getString("code"), 1, Integer::sum);
            }
            if ("completed".equals(status) && !evidence.containsKey(markers.get(job.getKey()))) {
                withoutEvidence++;
            }
        }
        int duplicated = (int) evidence.values().stream().filter(count -> count > 1).count();
        Map<String, Map<String, Integer>> sortedAnswers = new TreeMap<>();
        answers.forEach((phase, counts) -> sortedAnswers.put(phase, new TreeMap<>(counts)));
        return new Report(accepted, terminal, accepted - terminal, adopted, duplicated, withoutEvidence, errors, statuses,
                sortedAnswers, unexpected(sortedAnswers));
    }

    /**
     * Every answer should be a 202, or a 503 while a dependency is away; a refused connection only
     * while an API instance is down; no 500, no hang past the client's 10 s.
     */
    private static int unexpected(Map<String, Map<String, Integer>> answers) {
        int unexpected = 0;
        for (Map.Entry<String, Map<String, Integer>> phase : answers.entrySet()) {
            for (Map.Entry<String, Integer> answer : phase.getValue().entrySet()) {
                boolean fine = answer.getKey().equals("202") || answer.getKey().equals("503")
                        || (answer.getKey().equals("refused") && phase.getKey().startsWith("api"));
                if (!fine) {
                    unexpected += answer.getValue();
                }
            }
        }
        return unexpected;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("  %-26s %d%n", "accepted", accepted));
        out.append(String.format("  %-26s %d %s%n", "terminal", terminal, statuses));
        out.append(String.format("  %-26s %d%n", "lost", lost));
        out.append(String.format("  %-26s %d%n", "adopted (attempts > 1)", adopted));
        out.append(String.format("  %-26s %d%n", "duplicated (evidence > 1)", duplicated));
        out.append(String.format("  %-26s %d%n", "completed without evidence", completedWithoutEvidence));
        out.append(String.format("  %-26s %s%n", "errors by code", errorsByCode));
        out.append("  answers to single submissions, by fault:\n");
        answersByPhase.forEach((phase, counts) -> out.append(String.format("    %-24s %s%n", phase, counts)));
        out.append(String.format("  %-26s %d", "unexpected answers", unexpectedAnswers));
        return out.toString();
    }
}

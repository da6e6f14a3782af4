package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A worker that adopts a job after the first worker died sends the same request again, marked
// as an adoption. These tests are what it may hear.

func TestASecondRequestForARunningRunAttachesInsteadOfRunningItAgain(t *testing.T) {
	server := NewServer(startJournalIn(t.TempDir()))
	dir := t.TempDir()
	counter := filepath.Join(dir, "count")
	req := func(adopt bool) *ExecRequest {
		return &ExecRequest{Argv: sh("echo run >> " + counter + "; sleep 0.5; echo done"), Cwd: dir, TimeoutMs: 10_000,
			RunID: "job-1", Adoption: Adoption{Adopt: adopt}}
	}
	answers := make([]Response, 2)
	var both sync.WaitGroup
	both.Add(2)
	go func() { defer both.Done(); answers[0] = server.exec(req(false)) }()
	time.Sleep(100 * time.Millisecond)
	go func() { defer both.Done(); answers[1] = server.exec(req(true)) }()
	both.Wait()
	for i, answer := range answers {
		if !answer.OK || string(answer.Exec.Stdout) != "done\n" {
			t.Fatalf("answer %d: %+v", i, answer)
		}
	}
	if runs := strings.Count(readFile(t, counter), "run"); runs != 1 {
		t.Fatalf("the command ran %d times", runs)
	}
	// After its end, the kept result answers too, without a run.
	again := server.exec(req(true))
	if !again.OK || string(again.Exec.Stdout) != "done\n" || strings.Count(readFile(t, counter), "run") != 1 {
		t.Fatalf("the kept result was not given: %+v", again)
	}
}

func TestAnAdoptedRunThatThisContainerStartedButForgotIsLost(t *testing.T) {
	journal := t.TempDir()
	dir := t.TempDir()
	first := NewServer(startJournalIn(journal))
	if answer := first.exec(&ExecRequest{Argv: sh("true"), Cwd: dir, TimeoutMs: 5_000, RunID: "job-2"}); !answer.OK {
		t.Fatalf("first run: %+v", answer)
	}
	// The agent restarts (its container was stopped and started): memory is gone, the journal is not.
	restarted := NewServer(startJournalIn(journal))
	lost := restarted.exec(&ExecRequest{Argv: sh("true"), Cwd: dir, TimeoutMs: 5_000, RunID: "job-2",
		Adoption: Adoption{Adopt: true}})
	if lost.OK || lost.ErrorCode != "run_lost" {
		t.Fatalf("want run_lost, got %+v", lost)
	}
	// A run the container never saw is simply run, adopted or not.
	fresh := restarted.exec(&ExecRequest{Argv: sh("echo fresh"), Cwd: dir, TimeoutMs: 5_000, RunID: "job-3",
		Adoption: Adoption{Adopt: true}})
	if !fresh.OK || string(fresh.Exec.Stdout) != "fresh\n" {
		t.Fatalf("a never-started adopted run must run: %+v", fresh)
	}
}

func TestAProcessIsStartedAtMostOncePerContainer(t *testing.T) {
	journal := t.TempDir()
	first := NewProcesses(startJournalIn(journal))
	if _, err := first.Start(&ProcessStartRequest{ID: "p-1", Argv: sh("sleep 0.1"), Cwd: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	restarted := NewProcesses(startJournalIn(journal))
	if _, err := restarted.Start(&ProcessStartRequest{ID: "p-1", Argv: sh("sleep 0.1"), Cwd: t.TempDir(),
		Adoption: Adoption{Adopt: true}}); err == nil {
		t.Fatal("an adopted start of a process this container already started must be refused")
	}
}

func TestTheJournalRotatesAndStillKnowsThePreviousFile(t *testing.T) {
	journal := startJournalIn(t.TempDir())
	journal.record("early")
	for journal.size < journalRotateBytes {
		journal.record(strings.Repeat("x", 4096))
	}
	journal.record("after-rotation")
	if !journal.everStarted("early") || !journal.everStarted("after-rotation") || journal.everStarted("never") {
		t.Fatal("the journal lost track across one rotation")
	}
}

func TestKeptResultsAreBoundedByBytes(t *testing.T) {
	runs := NewRuns(startJournalIn(t.TempDir()))
	big := make([]byte, 1<<20)
	for i := 0; i < 24; i++ {
		id := "big-" + string(rune('a'+i))
		run, mine, err := runs.open(id, Adoption{})
		if err != nil || !mine {
			t.Fatal(err)
		}
		runs.finish(id, run, &ExecResult{Stdout: big}, nil)
	}
	if runs.kept > keptResultsBytes || len(runs.order) < keptResultsAtLeast {
		t.Fatalf("kept %d bytes of results, more than %d", runs.kept, keptResultsBytes)
	}
	if _, known := runs.ended["big-x"]; !known {
		t.Fatal("the newest result must be kept")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

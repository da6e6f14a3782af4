package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func waitEnded(t *testing.T, ps *Processes, id string) *ProcessState {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		state, err := ps.State(id)
		if err != nil {
			t.Fatal(err)
		}
		if !state.Running {
			return state
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %s did not end", id)
	return nil
}

func TestABackgroundProcessRunsOnAndItsEndAndOutputAreRecorded(t *testing.T) {
	ps := NewProcesses(startJournalIn(t.TempDir()))
	state, err := ps.Start(&ProcessStartRequest{ID: "p1", Argv: sh("echo out; echo err >&2; sleep 0.3; exit 4"), Cwd: t.TempDir()})
	if err != nil || !state.Running || state.PID == 0 {
		t.Fatalf("start: %+v %v", state, err)
	}
	ended := waitEnded(t, ps, "p1")
	if ended.ExitCode == nil || *ended.ExitCode != 4 {
		t.Fatalf("exit code: %+v", ended)
	}
	logs, _ := ps.Logs("p1")
	if string(logs.Stdout) != "out\n" || string(logs.Stderr) != "err\n" {
		t.Fatalf("logs: %q %q", logs.Stdout, logs.Stderr)
	}
}

func TestAProgramThatDoesNotExistCannotBeStarted(t *testing.T) {
	_, err := NewProcesses(startJournalIn(t.TempDir())).Start(&ProcessStartRequest{ID: "p", Argv: []string{"no-such-program-here"}, Cwd: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("err = %v", err)
	}
}

func TestKillWithTermEndsTheWholeTree(t *testing.T) {
	ps := NewProcesses(startJournalIn(t.TempDir()))
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	if _, err := ps.Start(&ProcessStartRequest{ID: "k", Argv: sh("sh -c 'echo $$ > " + pidFile + "; exec sleep 60' & wait"), Cwd: dir}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !fileExists(pidFile) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := ps.Kill(&ProcessKillRequest{ID: "k", Signal: "TERM"}); err != nil {
		t.Fatal(err)
	}
	ended := waitEnded(t, ps, "k")
	if ended.KilledBy != "SIGTERM" || ended.Signal == nil {
		t.Fatalf("state: %+v", ended)
	}
	assertProcessGone(t, pidFile)
}

func TestAProcessThatIgnoresTermGetsKillAfterTheGrace(t *testing.T) {
	ps := NewProcesses(startJournalIn(t.TempDir()))
	if _, err := ps.Start(&ProcessStartRequest{ID: "stubborn", Argv: sh("trap '' TERM; sleep 60 & wait"), Cwd: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	started := time.Now()
	if _, err := ps.Kill(&ProcessKillRequest{ID: "stubborn", Signal: "TERM"}); err != nil {
		t.Fatal(err)
	}
	ended := waitEnded(t, ps, "stubborn")
	if elapsed := time.Since(started); elapsed < killGrace-time.Second {
		t.Fatalf("ended after %v, before the grace", elapsed)
	}
	if ended.Signal == nil || *ended.Signal != "SIGKILL" {
		t.Fatalf("state: %+v", ended)
	}
}

func TestLogsKeepTheNewestMebibyteAndCountEverything(t *testing.T) {
	ps := NewProcesses(startJournalIn(t.TempDir()))
	if _, err := ps.Start(&ProcessStartRequest{ID: "big", Argv: sh("head -c 3145728 /dev/zero; echo END"), Cwd: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	waitEnded(t, ps, "big")
	logs, _ := ps.Logs("big")
	if len(logs.Stdout) != processLogLimit || logs.StdoutTotal != 3145728+4 || !strings.HasSuffix(string(logs.Stdout), "\x00END\n") {
		t.Fatalf("kept %d of %d", len(logs.Stdout), logs.StdoutTotal)
	}
}

func TestFilesAreWrittenWithParentsAndReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "c.bin")
	if _, err := WriteFile(&FileWriteRequest{Path: path, Content: []byte{0, 1, 2, 255}}); err != nil {
		t.Fatal(err)
	}
	read, err := ReadFile(&FileReadRequest{Path: path})
	if err != nil || !read.Found || string(read.Content) != "\x00\x01\x02\xff" {
		t.Fatalf("read: %+v %v", read, err)
	}
	missing, err := ReadFile(&FileReadRequest{Path: path + ".missing"})
	if err != nil || missing.Found {
		t.Fatalf("missing: %+v %v", missing, err)
	}
}

// fileExists is true once the file has content (a shell creates it before it writes to it).
func fileExists(path string) bool {
	read, err := ReadFile(&FileReadRequest{Path: path})
	return err == nil && read.Found && strings.HasSuffix(string(read.Content), "\n")
}

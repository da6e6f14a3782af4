package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func run(t *testing.T, req ExecRequest) *ExecResult {
	t.Helper()
	if req.Cwd == "" {
		req.Cwd = t.TempDir()
	}
	if req.TimeoutMs == 0 {
		req.TimeoutMs = 10_000
	}
	result, err := RunExec(&req, nil)
	if err != nil {
		t.Fatalf("RunExec: %v", err)
	}
	return result
}

func sh(script string) []string { return []string{"/bin/sh", "-c", script} }

func exitCodeOf(t *testing.T, r *ExecResult) int {
	t.Helper()
	if r.ExitCode == nil {
		t.Fatalf("expected an exit code, got signal %v", *r.Signal)
	}
	return *r.ExitCode
}

func TestExitCodeIsReported(t *testing.T) {
	r := run(t, ExecRequest{Argv: sh("exit 3")})
	if got := exitCodeOf(t, r); got != 3 {
		t.Fatalf("exit code = %d, want 3", got)
	}
	if r.Signal != nil {
		t.Fatalf("signal = %v, want nil", *r.Signal)
	}
}

func TestStdoutAndStderrAreKeptSeparately(t *testing.T) {
	r := run(t, ExecRequest{Argv: sh("echo out; echo err >&2; echo out2")})
	if string(r.Stdout) != "out\nout2\n" || string(r.Stderr) != "err\n" {
		t.Fatalf("stdout=%q stderr=%q", r.Stdout, r.Stderr)
	}
}

func TestStdinIsFedThenClosed(t *testing.T) {
	r := run(t, ExecRequest{Argv: []string{"cat"}, Stdin: []byte("line one\nline two\n")})
	if string(r.Stdout) != "line one\nline two\n" {
		t.Fatalf("stdout=%q", r.Stdout)
	}
}

func TestAbsentStdinReadsAsEmpty(t *testing.T) {
	r := run(t, ExecRequest{Argv: []string{"wc", "-c"}})
	if strings.TrimSpace(string(r.Stdout)) != "0" {
		t.Fatalf("stdout=%q", r.Stdout)
	}
}

func TestEnvAndCwdApply(t *testing.T) {
	dir := t.TempDir()
	r := run(t, ExecRequest{Argv: sh("echo $GREETING; pwd"), Cwd: dir, Env: map[string]string{"GREETING": "hi"}})
	if string(r.Stdout) != "hi\n"+dir+"\n" {
		t.Fatalf("stdout=%q", r.Stdout)
	}
}

func TestMissingProgramExitsWith127(t *testing.T) {
	r := run(t, ExecRequest{Argv: []string{"/no/such/program"}})
	if got := exitCodeOf(t, r); got != 127 {
		t.Fatalf("exit code = %d, want 127", got)
	}
	if !strings.Contains(string(r.Stderr), "/no/such/program") {
		t.Fatalf("stderr=%q should name the program", r.Stderr)
	}
}

func TestSignalIsNamedAndExitCodeIsNull(t *testing.T) {
	r := run(t, ExecRequest{Argv: sh("kill -SEGV $$")})
	if r.ExitCode != nil || r.Signal == nil || *r.Signal != "SIGSEGV" {
		t.Fatalf("exitCode=%v signal=%v, want nil/SIGSEGV", r.ExitCode, r.Signal)
	}
}

func TestTimeoutKillsTheWholeProcessTree(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "grandchild.pid")
	// The shell starts a grandchild that would outlive the shell if only the shell were killed.
	script := "sh -c 'echo $$ > " + pidFile + "; exec sleep 60' & wait"
	started := time.Now()
	r := run(t, ExecRequest{Argv: sh(script), Cwd: dir, TimeoutMs: 500})
	if !r.TimedOut {
		t.Fatalf("expected timedOut")
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Fatalf("took %v to time out", elapsed)
	}
	assertProcessGone(t, pidFile)
}

func TestBackgroundLeftoversAreKilledWhenTheCommandExits(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "daemon.pid")
	// setsid leaves the process group: only the tag group can find it.
	script := "setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 60' > /dev/null 2>&1 < /dev/null & sleep 0.2; echo done"
	r := run(t, ExecRequest{Argv: sh(script), Cwd: dir})
	if string(r.Stdout) != "done\n" {
		t.Fatalf("stdout=%q", r.Stdout)
	}
	assertProcessGone(t, pidFile)
}

func TestCommandReturnsEvenWhenABackgroundChildHoldsItsOutput(t *testing.T) {
	started := time.Now()
	r := run(t, ExecRequest{Argv: sh("sleep 60 & echo quick")})
	if string(r.Stdout) != "quick\n" || time.Since(started) > 5*time.Second {
		t.Fatalf("stdout=%q after %v", r.Stdout, time.Since(started))
	}
}

func TestOutputBeyondTheLimitIsCutAndTheTreeKilled(t *testing.T) {
	r := run(t, ExecRequest{Argv: []string{"yes"}, MaxOutputBytes: 4096})
	if len(r.Stdout) != 4096 || !r.StdoutTruncated {
		t.Fatalf("len=%d truncated=%v", len(r.Stdout), r.StdoutTruncated)
	}
	if r.Signal == nil || *r.Signal != "SIGKILL" {
		t.Fatalf("signal=%v, want SIGKILL", r.Signal)
	}
	if r.StderrTruncated || r.TimedOut {
		t.Fatalf("only stdout should be cut")
	}
}

func TestNonUTF8BytesPassThroughUntouched(t *testing.T) {
	r := run(t, ExecRequest{Argv: []string{"printf", `\377\376ok`}})
	if string(r.Stdout) != "\xff\xfeok" {
		t.Fatalf("stdout=%q", r.Stdout)
	}
}

func TestFilesAreWrittenRelativeToCwdWithParentsAndMode(t *testing.T) {
	dir := t.TempDir()
	r := run(t, ExecRequest{
		Argv:  sh("./sub/run.sh"),
		Cwd:   dir,
		Files: []FileSpec{{Path: "sub/run.sh", Content: []byte("#!/bin/sh\necho from-file\n"), Mode: "0755"}},
	})
	if string(r.Stdout) != "from-file\n" {
		t.Fatalf("stdout=%q stderr=%q", r.Stdout, r.Stderr)
	}
	info, err := os.Stat(filepath.Join(dir, "sub/run.sh"))
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Fatalf("mode=%v err=%v", info.Mode(), err)
	}
}

func TestResourceUsageIsMeasured(t *testing.T) {
	r := run(t, ExecRequest{Argv: sh("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done")})
	if r.CPUTimeMs == nil || r.PeakMemoryBytes == nil || *r.PeakMemoryBytes <= 0 {
		t.Fatalf("cpu=%v peak=%v", r.CPUTimeMs, r.PeakMemoryBytes)
	}
}

func assertProcessGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("pid file %q: %v", data, err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d is still alive", pid)
}

// alive reports whether pid exists and is not a zombie waiting for its (test-runner) parent.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

func TestACancelledRunIsKilledWithItsTreeAndSaysSo(t *testing.T) {
	server := NewServer(startJournalIn(t.TempDir()))
	runs := server.runs
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	done := make(chan *ExecResult, 1)
	go func() {
		answer := server.exec(&ExecRequest{Argv: sh("sh -c 'echo $$ > " + pidFile + "; exec sleep 60' & wait"),
			Cwd: dir, TimeoutMs: 30_000, RunID: "run-1"})
		if !answer.OK {
			t.Errorf("exec: %s", answer.Error)
		}
		done <- answer.Exec
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !runs.Cancel("run-1") {
		if time.Now().After(deadline) {
			t.Fatal("the run never became cancellable")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case r := <-done:
		if !r.Cancelled || r.TimedOut {
			t.Fatalf("cancelled=%v timedOut=%v", r.Cancelled, r.TimedOut)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancel did not end the run")
	}
	if runs.Cancel("run-1") {
		t.Fatal("an ended run must not be found")
	}
}

func TestCommandsAreTheOOMKillersFirstChoiceNotTheAgent(t *testing.T) {
	// The agent sets the score right after the start; what the command forks later inherits it.
	r := run(t, ExecRequest{Argv: sh("sleep 0.2; cat /proc/self/oom_score_adj")})
	if string(r.Stdout) != "1000\n" {
		t.Fatalf("oom_score_adj=%q, want 1000", r.Stdout)
	}
}

func TestALeftoverThatLeftItsSessionAndClearedItsEnvironmentIsKilled(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "daemon.pid")
	script := "setsid env -i /bin/sh -c 'echo $$ > " + pidFile + "; exec sleep 60' > /dev/null 2>&1 < /dev/null & " +
		"sh -c '(sleep 61 &) ' ; sleep 0.3; echo done"
	r := run(t, ExecRequest{Argv: sh(script), Cwd: dir})
	if string(r.Stdout) != "done\n" {
		t.Fatalf("stdout=%q stderr=%q", r.Stdout, r.Stderr)
	}
	assertProcessGone(t, pidFile)
}

func TestEveryCommandCarriesATagGroupOfItsOwn(t *testing.T) {
	requireRoot(t)
	first := run(t, ExecRequest{Argv: []string{"id", "-G"}})
	second := run(t, ExecRequest{Argv: []string{"id", "-G"}})
	tagOf := func(r *ExecResult) string {
		for _, g := range strings.Fields(string(r.Stdout)) {
			if n, err := strconv.Atoi(g); err == nil && n >= tagBase && n < tagBase+tagSpan {
				return g
			}
		}
		t.Fatalf("no tag group in %q", r.Stdout)
		return ""
	}
	if tagOf(first) == tagOf(second) {
		t.Fatalf("two runs share the tag %s", tagOf(first))
	}
}

func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("tag groups need setgroups (run as root, as the agent does in its container)")
	}
}

func TestALeftoverWhoseLeaderThreadExitedIsKilledToo(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "zombie-leader.pid")
	// The main thread exits on its own (SYS_exit, 60 on x86-64) while another thread runs on: the
	// kernel shows the process as a zombie, yet it lives. (Debian's python3 by its path: a per-user shim on
	// PATH, such as pyenv's, may not be executable by the command user.)
	leader := "import os,threading,time,ctypes; open('" + pidFile + "','w').write(str(os.getpid())); " +
		"threading.Thread(target=lambda: time.sleep(60)).start(); ctypes.CDLL(None).syscall(60, 0)"
	r := run(t, ExecRequest{Argv: sh("setsid /usr/bin/python3 -c \"" + leader + "\" </dev/null >/dev/null 2>&1 & " +
		"until [ -s " + pidFile + " ]; do sleep 0.05; done; sleep 0.2; echo done"),
		Cwd: dir})
	if string(r.Stdout) != "done\n" {
		t.Fatalf("stdout=%q stderr=%q", r.Stdout, r.Stderr)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	status := "/proc/" + strings.TrimSpace(string(data)) + "/task"
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if tasks, err := os.ReadDir(status); err != nil || len(tasks) <= 1 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the process with an exited leader still runs threads (%s)", status)
}

package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// DefaultMaxOutputBytes is the per-stream cap when the request names none (API.md: 1 MiB).
const DefaultMaxOutputBytes = 1 << 20

// drainGrace bounds how long the agent waits for output pipes to close after the command and
// its process tree were killed: a process that escaped both the group and the marker scan must
// not hang the job.
const drainGrace = 2 * time.Second

// FileSpec is a file written before the command runs.
type FileSpec struct {
	Path    string `json:"path"`
	Content []byte `json:"content"`
	Mode    string `json:"mode,omitempty"`
}

// ExecRequest describes one foreground command.
type ExecRequest struct {
	Argv           []string          `json:"argv"`
	Cwd            string            `json:"cwd,omitempty"`
	Env            map[string]string `json:"env,omitempty"`
	Stdin          []byte            `json:"stdin,omitempty"`
	Files          []FileSpec        `json:"files,omitempty"`
	TimeoutMs      int64             `json:"timeoutMs"`
	MaxOutputBytes int64             `json:"maxOutputBytes,omitempty"`
	// RunID names the run so that a later "cancel" request can kill it, and a repeated request
	// (from a worker that adopted the job) attaches to it instead of running it again; optional.
	RunID string `json:"runId,omitempty"`
	Adoption
}

// ExecResult is what happened. ExitCode is nil when a signal ended the command.
type ExecResult struct {
	ExitCode        *int    `json:"exitCode"`
	Signal          *string `json:"signal"`
	Stdout          []byte  `json:"stdout"`
	Stderr          []byte  `json:"stderr"`
	StdoutTruncated bool    `json:"stdoutTruncated"`
	StderrTruncated bool    `json:"stderrTruncated"`
	TimedOut        bool    `json:"timedOut"`
	Cancelled       bool    `json:"cancelled"`
	OomKilled       bool    `json:"oomKilled"`
	// MemoryLimitHit: the container's memory use met its limit while the command ran.
	MemoryLimitHit  bool   `json:"memoryLimitHit"`
	DurationMs      int64  `json:"durationMs"`
	CPUTimeMs       *int64 `json:"cpuTimeMs"`
	PeakMemoryBytes *int64 `json:"peakMemoryBytes"`
	// Container-wide counters; meaningful for throw-away containers that run one job.
	CgroupCPUTimeMs       *int64 `json:"cgroupCpuTimeMs"`
	CgroupPeakMemoryBytes *int64 `json:"cgroupPeakMemoryBytes"`
}

// RunExec runs one command to its end, enforcing the timeout and output limits on the whole
// process tree, and kills whatever the command left running once it exits. onStart (optional)
// learns the tree and output buffers once the command runs, to cancel or peek at it.
func RunExec(req *ExecRequest, onStart func(*processTree, *cappedBuffer, *cappedBuffer)) (*ExecResult, error) {
	if len(req.Argv) == 0 || req.Argv[0] == "" {
		return nil, errors.New("argv is empty")
	}
	if req.TimeoutMs <= 0 {
		return nil, errors.New("timeoutMs must be positive")
	}
	limit := req.MaxOutputBytes
	if limit <= 0 {
		limit = DefaultMaxOutputBytes
	}
	cwd := req.Cwd
	if cwd == "" {
		cwd = "/workspace"
	}
	// One switch to the command user's file-system identity for the folder and the files.
	prepared := commandUser.do(func() error {
		if err := os.MkdirAll(cwd, 0o755); err != nil {
			return fmt.Errorf("cannot use working directory %s: %v", cwd, err)
		}
		return writeFiles(cwd, req.Files)
	})
	if prepared != nil {
		return startFailure(126, fmt.Sprintf("boxcar: %v\n", prepared)), nil
	}

	tree, err := newProcessTree()
	if err != nil {
		return nil, err
	}
	defer tree.release()
	cmd := exec.Command(req.Argv[0], req.Argv[1:]...)
	cmd.Dir = cwd
	cmd.Env = commandUser.environ(req.Env)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: commandUser.credential(tree.tag)}

	stdout := newCappedBuffer(limit, tree.kill)
	stderr := newCappedBuffer(limit, tree.kill)
	pipes, err := attachPipes(cmd, req.Stdin != nil)
	if err != nil {
		return nil, err
	}
	oomBefore := containerCgroup.OOMKills()
	limitHitsBefore := containerCgroup.MemoryLimitHits()
	cpuBefore := containerCgroup.CPUTimeMs()
	started := time.Now()
	if err := startCommand(cmd); err != nil {
		pipes.closeAll()
		return startFailure(startErrorExitCode(err), fmt.Sprintf("boxcar: %s: %v\n", req.Argv[0], unwrapStartError(err))), nil
	}
	tree.pgid = cmd.Process.Pid
	pipes.closeChildEnds()
	if onStart != nil {
		onStart(tree, stdout, stderr)
	}

	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); stdout.fill(pipes.stdoutRead) }()
	go func() { defer readers.Done(); stderr.fill(pipes.stderrRead) }()
	go feedStdin(pipes.stdinWrite, req.Stdin)

	var timedOut bool
	var timeoutMu sync.Mutex
	timer := time.AfterFunc(time.Duration(req.TimeoutMs)*time.Millisecond, func() {
		timeoutMu.Lock()
		timedOut = true
		timeoutMu.Unlock()
		tree.kill()
	})
	waitErr := cmd.Wait()
	duration := time.Since(started)
	timer.Stop()
	// An exec job leaves nothing behind but files: end whatever the command left running.
	tree.end()
	waitForReaders(&readers, drainGrace, pipes)

	state := cmd.ProcessState
	if state == nil {
		return nil, fmt.Errorf("wait: %v", waitErr)
	}
	result := &ExecResult{
		Stdout:          stdout.bytes(),
		Stderr:          stderr.bytes(),
		StdoutTruncated: stdout.truncated(),
		StderrTruncated: stderr.truncated(),
		DurationMs:      duration.Milliseconds(),
		OomKilled:       containerCgroup.OOMKills() > oomBefore,
		MemoryLimitHit:  containerCgroup.MemoryLimitHits() > limitHitsBefore,
	}
	timeoutMu.Lock()
	result.TimedOut = timedOut
	timeoutMu.Unlock()
	result.Cancelled = tree.wasCancelled()
	setExitStatus(result, state)
	setResourceUsage(result, state, cpuBefore)
	return result, nil
}

// startCommand starts cmd as the command user and makes it the OOM killer's first choice. The
// start holds the sweep off (see starting).
func startCommand(cmd *exec.Cmd) error {
	starting.RLock()
	defer starting.RUnlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	makeOOMVictim(cmd.Process.Pid)
	return nil
}

func startFailure(exitCode int, message string) *ExecResult {
	code := exitCode
	zero := int64(0)
	return &ExecResult{ExitCode: &code, Stdout: []byte{}, Stderr: []byte(message), CPUTimeMs: &zero}
}

// startErrorExitCode follows the shell: 127 when the program does not exist, 126 otherwise.
func startErrorExitCode(err error) int {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return 127
	}
	return 126
}

func unwrapStartError(err error) error {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return errors.New("command not found")
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

func setExitStatus(result *ExecResult, state *os.ProcessState) {
	status, ok := state.Sys().(syscall.WaitStatus)
	if ok && status.Signaled() {
		name := SignalName(status.Signal())
		result.Signal = &name
		return
	}
	code := state.ExitCode()
	result.ExitCode = &code
}

// setResourceUsage reports the command's rusage and the container's cgroup counters; the cgroup
// CPU time is the part used while the command ran (a pre-started container was idle before).
func setResourceUsage(result *ExecResult, state *os.ProcessState, cgroupCPUBefore *int64) {
	if usage, ok := state.SysUsage().(*syscall.Rusage); ok && usage != nil {
		cpu := (usage.Utime.Nano() + usage.Stime.Nano()) / int64(time.Millisecond)
		peak := usage.Maxrss * 1024
		result.CPUTimeMs = &cpu
		result.PeakMemoryBytes = &peak
	}
	result.CgroupCPUTimeMs = containerCgroup.CPUTimeMs()
	if result.CgroupCPUTimeMs != nil && cgroupCPUBefore != nil {
		used := *result.CgroupCPUTimeMs - *cgroupCPUBefore
		result.CgroupCPUTimeMs = &used
	}
	result.CgroupPeakMemoryBytes = containerCgroup.PeakMemoryBytes()
}

func writeFiles(cwd string, files []FileSpec) error {
	for _, f := range files {
		path := f.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(cwd, path)
		}
		mode := os.FileMode(0o644)
		if f.Mode != "" {
			parsed, err := strconv.ParseUint(f.Mode, 8, 32)
			if err != nil {
				return fmt.Errorf("file %s: bad mode %q", f.Path, f.Mode)
			}
			mode = os.FileMode(parsed)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("file %s: %v", f.Path, err)
		}
		if err := writeRegularFile(path, f.Content, mode); err != nil {
			return fmt.Errorf("file %s: %v", f.Path, err)
		}
	}
	return nil
}

// execPipes holds our ends and the child's ends of stdin/stdout/stderr. Using *os.File for the
// child's ends means exec.Cmd starts no copying goroutines, so Wait returns when the process
// exits even if a background child still holds the pipes open.
type execPipes struct {
	stdinRead, stdinWrite   *os.File
	stdoutRead, stdoutWrite *os.File
	stderrRead, stderrWrite *os.File
}

func attachPipes(cmd *exec.Cmd, withStdin bool) (*execPipes, error) {
	p := &execPipes{}
	var err error
	if p.stdoutRead, p.stdoutWrite, err = os.Pipe(); err != nil {
		return nil, err
	}
	if p.stderrRead, p.stderrWrite, err = os.Pipe(); err != nil {
		p.closeAll()
		return nil, err
	}
	if withStdin {
		if p.stdinRead, p.stdinWrite, err = os.Pipe(); err != nil {
			p.closeAll()
			return nil, err
		}
		cmd.Stdin = p.stdinRead
	}
	cmd.Stdout = p.stdoutWrite
	cmd.Stderr = p.stderrWrite
	return p, nil
}

func (p *execPipes) closeChildEnds() {
	for _, f := range []*os.File{p.stdinRead, p.stdoutWrite, p.stderrWrite} {
		if f != nil {
			_ = f.Close()
		}
	}
}

func (p *execPipes) closeAll() {
	p.closeChildEnds()
	for _, f := range []*os.File{p.stdinWrite, p.stdoutRead, p.stderrRead} {
		if f != nil {
			_ = f.Close()
		}
	}
}

func feedStdin(w *os.File, data []byte) {
	if w == nil {
		return
	}
	// A command that exits without reading its input gets EPIPE here; that is not an error.
	_, _ = w.Write(data)
	_ = w.Close()
}

func waitForReaders(readers *sync.WaitGroup, grace time.Duration, pipes *execPipes) {
	done := make(chan struct{})
	go func() { readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		_ = pipes.stdoutRead.Close()
		_ = pipes.stderrRead.Close()
		<-done
	}
	if pipes.stdinWrite != nil {
		_ = pipes.stdinWrite.Close()
	}
}

// cappedBuffer keeps the first `limit` bytes of a stream; past that it marks itself truncated,
// asks for the process tree to be killed, and discards the rest.
type cappedBuffer struct {
	mu        sync.Mutex
	data      []byte
	limit     int64
	cut       bool
	onOverrun func()
}

func newCappedBuffer(limit int64, onOverrun func()) *cappedBuffer {
	return &cappedBuffer{limit: limit, onOverrun: onOverrun, data: make([]byte, 0, 4096)}
}

func (c *cappedBuffer) fill(r io.Reader) {
	chunk := make([]byte, 32<<10)
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			c.append(chunk[:n])
		}
		if err != nil {
			return
		}
	}
}

func (c *cappedBuffer) append(p []byte) {
	c.mu.Lock()
	room := c.limit - int64(len(c.data))
	overrun := false
	if int64(len(p)) > room {
		p = p[:room]
		if !c.cut {
			c.cut = true
			overrun = true
		}
	}
	c.data = append(c.data, p...)
	c.mu.Unlock()
	if overrun {
		c.onOverrun()
	}
}

func (c *cappedBuffer) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.data...)
}

func (c *cappedBuffer) truncated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cut
}

func randomToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Background processes (process.start / status / logs / kill). Each runs in its own process
// group with the environment marker, its output is kept (the newest 1 MiB of each stream), and
// its end is recorded. The worker polls and persists all of it; the agent keeps nothing on disk.

const processLogLimit = 1 << 20

// killGrace is how long a TERM gets before KILL follows (API.md).
const killGrace = 5 * time.Second

// maxEndedProcesses bounds how many ended processes the agent remembers.
const maxEndedProcesses = 200

type ProcessStartRequest struct {
	ID   string            `json:"id"`
	Argv []string          `json:"argv"`
	Cwd  string            `json:"cwd,omitempty"`
	Env  map[string]string `json:"env,omitempty"`
	Adoption
}

type ProcessKillRequest struct {
	ID     string `json:"id"`
	Signal string `json:"signal"`
}

type ProcessRef struct {
	ID string `json:"id"`
}

// ProcessState is what the worker records about a process.
type ProcessState struct {
	ID          string  `json:"id"`
	PID         int     `json:"pid"`
	Running     bool    `json:"running"`
	ExitCode    *int    `json:"exitCode"`
	Signal      *string `json:"signal"`
	KilledBy    string  `json:"killedBy,omitempty"`
	StdoutTotal int64   `json:"stdoutTotal"`
	StderrTotal int64   `json:"stderrTotal"`
}

type ProcessLogs struct {
	Stdout      []byte `json:"stdout"`
	Stderr      []byte `json:"stderr"`
	StdoutTotal int64  `json:"stdoutTotal"`
	StderrTotal int64  `json:"stderrTotal"`
}

type process struct {
	id       string
	pid      int
	tree     *processTree
	stdout   *ringBuffer
	stderr   *ringBuffer
	mu       sync.Mutex
	ended    bool
	endedAt  time.Time
	exitCode *int
	signal   *string
	killedBy string
}

type Processes struct {
	mu      sync.Mutex
	procs   map[string]*process
	journal *startJournal
}

func NewProcesses(journal *startJournal) *Processes {
	return &Processes{procs: map[string]*process{}, journal: journal}
}

// Start starts a background process; an error means it could not be started at all.
func (ps *Processes) Start(req *ProcessStartRequest) (*ProcessState, error) {
	if req.ID == "" || len(req.Argv) == 0 || req.Argv[0] == "" {
		return nil, errors.New("process.start needs an id and an argv")
	}
	ps.mu.Lock()
	if _, exists := ps.procs[req.ID]; exists {
		ps.mu.Unlock()
		return ps.State(req.ID)
	}
	ps.mu.Unlock()
	cwd := req.Cwd
	if cwd == "" {
		cwd = "/workspace"
	}
	if err := commandUser.do(func() error { return os.MkdirAll(cwd, 0o755) }); err != nil {
		return nil, fmt.Errorf("cannot use working directory %s: %v", cwd, err)
	}
	env := commandUser.environ(req.Env)
	if err := lookPathIn(req.Argv[0], env); err != nil {
		return nil, fmt.Errorf("%s: %v", req.Argv[0], err)
	}
	// A process is started at most once per container: an adopter may start it only if this
	// container never did.
	journalID := "process:" + req.ID
	if req.Adopt && ps.journal.everStarted(journalID) {
		return nil, errRunLost{req.ID}
	}
	ps.journal.record(journalID)
	tree, err := newProcessTree()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(req.Argv[0], req.Argv[1:]...)
	cmd.Dir = cwd
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: commandUser.credential(tree.tag)}
	p := &process{id: req.ID, tree: tree, stdout: newRingBuffer(processLogLimit), stderr: newRingBuffer(processLogLimit)}
	outR, outW, err := os.Pipe()
	if err != nil {
		tree.release()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		tree.release()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	if err := startCommand(cmd); err != nil {
		for _, f := range []*os.File{outR, outW, errR, errW} {
			f.Close()
		}
		tree.release()
		return nil, fmt.Errorf("%s: %v", req.Argv[0], unwrapStartError(err))
	}
	outW.Close()
	errW.Close()
	p.pid = cmd.Process.Pid
	tree.pgid = p.pid
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); _, _ = io.Copy(p.stdout, outR) }()
	go func() { defer readers.Done(); _, _ = io.Copy(p.stderr, errR) }()
	go func() {
		_ = cmd.Wait()
		// What the process left running ends with it.
		tree.kill()
		waitForCopies(&readers, outR, errR)
		p.recordEnd(cmd.ProcessState)
		tree.release()
		ps.forgetOldEnded()
	}()
	ps.mu.Lock()
	ps.procs[req.ID] = p
	ps.mu.Unlock()
	return p.state(), nil
}

func waitForCopies(readers *sync.WaitGroup, files ...*os.File) {
	done := make(chan struct{})
	go func() { readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainGrace):
		for _, f := range files {
			f.Close()
		}
		<-done
	}
}

func (p *process) recordEnd(state *os.ProcessState) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = true
	p.endedAt = time.Now()
	if status, ok := state.Sys().(syscall.WaitStatus); ok && status.Signaled() {
		name := SignalName(status.Signal())
		p.signal = &name
	} else {
		code := state.ExitCode()
		p.exitCode = &code
	}
}

func (p *process) state() *ProcessState {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, outTotal := p.stdout.snapshot()
	_, errTotal := p.stderr.snapshot()
	return &ProcessState{ID: p.id, PID: p.pid, Running: !p.ended, ExitCode: p.exitCode, Signal: p.signal,
		KilledBy: p.killedBy, StdoutTotal: outTotal, StderrTotal: errTotal}
}

func (ps *Processes) get(id string) (*process, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p, ok := ps.procs[id]
	if !ok {
		return nil, fmt.Errorf("no process %q in this container", id)
	}
	return p, nil
}

func (ps *Processes) State(id string) (*ProcessState, error) {
	p, err := ps.get(id)
	if err != nil {
		return nil, err
	}
	return p.state(), nil
}

// List gives every process the agent knows (running, and recently ended).
func (ps *Processes) List() []*ProcessState {
	ps.mu.Lock()
	procs := make([]*process, 0, len(ps.procs))
	for _, p := range ps.procs {
		procs = append(procs, p)
	}
	ps.mu.Unlock()
	states := make([]*ProcessState, 0, len(procs))
	for _, p := range procs {
		states = append(states, p.state())
	}
	return states
}

func (ps *Processes) Logs(id string) (*ProcessLogs, error) {
	p, err := ps.get(id)
	if err != nil {
		return nil, err
	}
	out, outTotal := p.stdout.snapshot()
	errBytes, errTotal := p.stderr.snapshot()
	return &ProcessLogs{Stdout: out, Stderr: errBytes, StdoutTotal: outTotal, StderrTotal: errTotal}, nil
}

// Kill signals the whole tree; TERM is followed by KILL after killGrace if it is still alive.
func (ps *Processes) Kill(req *ProcessKillRequest) (*ProcessState, error) {
	p, err := ps.get(req.ID)
	if err != nil {
		return nil, err
	}
	sig := syscall.SIGTERM
	if req.Signal == "KILL" {
		sig = syscall.SIGKILL
	}
	p.mu.Lock()
	if p.ended {
		p.mu.Unlock()
		return p.state(), nil
	}
	p.killedBy = SignalName(sig)
	p.mu.Unlock()
	p.tree.signal(sig)
	if sig == syscall.SIGTERM {
		go func() {
			time.Sleep(killGrace)
			p.mu.Lock()
			ended := p.ended
			p.mu.Unlock()
			if !ended {
				p.tree.kill()
			}
		}()
	}
	return p.state(), nil
}

func (ps *Processes) forgetOldEnded() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.procs) <= maxEndedProcesses {
		return
	}
	var oldest *process
	for _, p := range ps.procs {
		p.mu.Lock()
		if p.ended && (oldest == nil || p.endedAt.Before(oldest.endedAt)) {
			oldest = p
		}
		p.mu.Unlock()
	}
	if oldest != nil {
		delete(ps.procs, oldest.id)
	}
}

// lookPathIn resolves a program with the PATH the process will have, so that a missing
// program fails the start (status "failed") instead of starting a launcher that exits 127.
func lookPathIn(program string, env []string) error {
	if strings.Contains(program, "/") {
		return executable(program)
	}
	path := ""
	for _, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			path = kv[len("PATH="):]
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		if executable(filepath.Join(dir, program)) == nil {
			return nil
		}
	}
	return errors.New("command not found")
}

func executable(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return errors.New("command not found")
	}
	if info.IsDir() || info.Mode()&0o111 == 0 {
		return errors.New("permission denied")
	}
	return nil
}

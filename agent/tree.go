package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
)

// markerVariable is put in the environment of every command the agent starts. Processes that
// leave the command's process group (setsid, daemonising) still inherit it, so the agent can find
// and kill them too: "the whole process tree", not just the group.
const markerVariable = "BOXCAR_RUN"

// processTree identifies everything one command started.
type processTree struct {
	marker    []byte
	pgid      int
	cancelled atomic.Bool
}

func newProcessTree() (*processTree, error) {
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	return &processTree{marker: []byte(markerVariable + "=" + token)}, nil
}

func (t *processTree) environ(extra map[string]string) []string {
	env := os.Environ()
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return append(env, string(t.marker))
}

// kill sends SIGKILL to the command's process group and to every process that carries its
// marker. Safe to call many times and concurrently.
func (t *processTree) kill() {
	t.signal(syscall.SIGKILL)
}

// signal sends sig to the whole tree: the process group and every marked process.
func (t *processTree) signal(sig syscall.Signal) {
	if t.pgid > 0 {
		_ = syscall.Kill(-t.pgid, sig)
	}
	for _, pid := range t.markedProcesses() {
		_ = syscall.Kill(pid, sig)
	}
}

// cancel kills the tree on behalf of a client that no longer wants the result.
func (t *processTree) cancel() {
	t.cancelled.Store(true)
	t.kill()
}

func (t *processTree) wasCancelled() bool {
	return t.cancelled.Load()
}

// Runs are the commands running now, by the RunID the worker gave them, so that a cancellation
// arriving on another connection can find them.
type Runs struct {
	mu    sync.Mutex
	trees map[string]*liveRun
}

// liveRun is one exec in progress: its tree (for cancel) and its output so far (for peek).
type liveRun struct {
	tree   *processTree
	stdout *cappedBuffer
	stderr *cappedBuffer
}

func NewRuns() *Runs {
	return &Runs{trees: map[string]*liveRun{}}
}

func (r *Runs) add(id string, tree *processTree, stdout, stderr *cappedBuffer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trees[id] = &liveRun{tree: tree, stdout: stdout, stderr: stderr}
}

// Peek gives the output a running exec has produced so far; false when no such run is going on.
func (r *Runs) Peek(id string) (*PeekResult, bool) {
	r.mu.Lock()
	current, ok := r.trees[id]
	r.mu.Unlock()
	if !ok {
		return nil, false
	}
	return &PeekResult{Stdout: current.stdout.bytes(), Stderr: current.stderr.bytes()}, true
}

// PeekResult is the output of a running exec so far.
type PeekResult struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
}

func (r *Runs) remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.trees, id)
}

// Cancel kills the run's whole tree; false when no such run is going on (already ended).
func (r *Runs) Cancel(id string) bool {
	r.mu.Lock()
	current, ok := r.trees[id]
	r.mu.Unlock()
	if ok {
		current.tree.cancel()
	}
	return ok
}

func (t *processTree) markedProcesses() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		environ, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, entry := range bytes.Split(environ, []byte{0}) {
			if bytes.Equal(entry, t.marker) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

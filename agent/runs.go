package main

import (
	"sync"
	"time"
)

// Runs are the exec runs of this agent by the RunID the worker gave them: those going on (so
// that a cancellation or a peek arriving on another connection finds them) and, for a while,
// those that ended with their result. A second request for the same RunID, from a worker that
// adopted the job after the first one died, attaches to the run instead of starting it again.
type Runs struct {
	mu      sync.Mutex
	live    map[string]*liveRun
	ended   map[string]*liveRun
	order   []string // ended run ids, oldest first
	kept    int64    // bytes of output the ended runs hold
	journal *startJournal
}

// How long and how much of ended runs' results stay for an adopter: it comes within about 20 s
// of its predecessor's death (the heartbeat timeout), so minutes are plenty; output is bounded
// so that the agent stays small, except that the newest few results always stay (a test suite's
// steps, each with up to a few MiB of output).
const (
	keptResultsFor     = 10 * time.Minute
	keptResultsBytes   = 16 << 20
	keptResultsCount   = 1024
	keptResultsAtLeast = 8
)

// liveRun is one exec: its tree (for cancel) and output so far (for peek) while it runs, then
// its result; done closes when it ended.
type liveRun struct {
	tree    *processTree
	stdout  *cappedBuffer
	stderr  *cappedBuffer
	done    chan struct{}
	result  *ExecResult
	err     error
	endedAt time.Time
}

func NewRuns(journal *startJournal) *Runs {
	return &Runs{live: map[string]*liveRun{}, ended: map[string]*liveRun{}, journal: journal}
}

// open registers a new run under id and returns it with true (the caller runs it), or returns
// the run already known under id with false (the caller waits for it). An adopter's request
// for a run this container started but no longer knows gets errRunLost.
func (r *Runs) open(id string, adoption Adoption) (*liveRun, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if known, ok := r.live[id]; ok {
		return known, false, nil
	}
	if known, ok := r.ended[id]; ok {
		return known, false, nil
	}
	if adoption.Adopt && r.journal.everStarted(id) {
		return nil, false, errRunLost{id}
	}
	run := &liveRun{done: make(chan struct{})}
	r.live[id] = run
	r.journal.record(id)
	return run, true, nil
}

// started makes a run that began cancellable and peekable.
func (r *Runs) started(run *liveRun, tree *processTree, stdout, stderr *cappedBuffer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	run.tree, run.stdout, run.stderr = tree, stdout, stderr
}

// finish records a run's end and keeps its result for adopters.
func (r *Runs) finish(id string, run *liveRun, result *ExecResult, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	run.result, run.err, run.endedAt = result, err, time.Now()
	run.tree, run.stdout, run.stderr = nil, nil, nil
	close(run.done)
	delete(r.live, id)
	r.ended[id] = run
	r.order = append(r.order, id)
	r.kept += resultBytes(result)
	r.forgetLocked()
}

// anyLive: a run has started and not ended.
func (r *Runs) anyLive() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.live) > 0
}

// forgetEnded drops every ended run's result: a throw-away container being reset for another job
// keeps nothing of the last one's output (its job never comes back to this container).
func (r *Runs) forgetEnded() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended = map[string]*liveRun{}
	r.order = nil
	r.kept = 0
}

func (r *Runs) forgetLocked() {
	for len(r.order) > 0 {
		oldest := r.ended[r.order[0]]
		young := oldest != nil && time.Since(oldest.endedAt) < keptResultsFor
		if young && (len(r.order) <= keptResultsAtLeast || (r.kept <= keptResultsBytes && len(r.order) <= keptResultsCount)) {
			return
		}
		if oldest != nil {
			r.kept -= resultBytes(oldest.result)
		}
		delete(r.ended, r.order[0])
		r.order = r.order[1:]
	}
}

func resultBytes(result *ExecResult) int64 {
	if result == nil {
		return 0
	}
	return int64(len(result.Stdout) + len(result.Stderr))
}

// Peek gives the output a running exec has produced so far; false when no such run is going on.
func (r *Runs) Peek(id string) (*PeekResult, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	current, ok := r.live[id]
	if !ok || current.stdout == nil {
		return nil, false
	}
	return &PeekResult{Stdout: current.stdout.bytes(), Stderr: current.stderr.bytes()}, true
}

// PeekResult is the output of a running exec so far.
type PeekResult struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
}

// Cancel kills the run's whole tree; false when no such run is going on (already ended).
func (r *Runs) Cancel(id string) bool {
	r.mu.Lock()
	current, ok := r.live[id]
	var tree *processTree
	if ok {
		tree = current.tree
	}
	r.mu.Unlock()
	if tree != nil {
		tree.cancel()
	}
	return tree != nil
}

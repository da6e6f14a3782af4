package main

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Every command the agent starts gets a tag: a supplementary group of its own (see
// identity.credential). Unlike an environment variable, a session or a process group, a
// supplementary group is inherited by every descendant and cannot be dropped without
// CAP_SETGID, which the command user does not have: setsid, double forks and a cleared
// environment all keep it. So "the whole process tree" of a command is every process that
// carries its tag, wherever it was reparented to.
const (
	tagBase = 50000
	tagSpan = 10000
)

// tags hands out tags and knows which are in use (running execs and background processes).
type tagRegistry struct {
	mu   sync.Mutex
	next uint32
	live map[uint32]bool
}

var tags = &tagRegistry{live: map[uint32]bool{}}

func (r *tagRegistry) acquire() (uint32, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := 0; i < tagSpan; i++ {
		tag := tagBase + r.next%tagSpan
		r.next++
		if !r.live[tag] {
			r.live[tag] = true
			return tag, nil
		}
	}
	return 0, errors.New("every process tag is in use")
}

func (r *tagRegistry) release(tag uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.live, tag)
}

func (r *tagRegistry) isLive(tag uint32) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live[tag]
}

// starting is held (shared) while a command is being started and exclusively by the sweep, so
// that a child between fork and setgroups, which carries no tag yet, is never taken for a stray.
var starting sync.RWMutex

// sweepStrays is on only inside a container (flag -contained): it kills, after each exec, every
// process that carries no live tag. It is what catches a root sandbox's code that dropped its tag.
var sweepStrays = false

// processTree identifies everything one command started.
type processTree struct {
	tag       uint32
	pgid      int
	cancelled atomic.Bool
	released  atomic.Bool
}

func newProcessTree() (*processTree, error) {
	tag, err := tags.acquire()
	if err != nil {
		return nil, err
	}
	return &processTree{tag: tag}, nil
}

// release ends the tree's claim on its tag once nothing carries it any more; only the first call
// counts (the tag may belong to a newer tree by the time of a second one).
func (t *processTree) release() {
	if t.released.CompareAndSwap(false, true) {
		tags.release(t.tag)
	}
}

// kill sends SIGKILL to the command's process group and to every process carrying its tag,
// until none is left. Safe to call many times and concurrently.
func (t *processTree) kill() {
	if t.pgid > 0 {
		_ = syscall.Kill(-t.pgid, syscall.SIGKILL)
	}
	killAll(func(p procInfo) bool { return p.hasGroup(t.tag) })
}

// end kills what the command left running and then gives its tag back. Inside a container one
// sweep does both kills: the ending tag counts as dead, so the tree's processes are strays like any
// untagged one. Should the sweep not get its turn, the tree is killed by its tag as elsewhere.
func (t *processTree) end() {
	if t.pgid > 0 {
		_ = syscall.Kill(-t.pgid, syscall.SIGKILL)
	}
	if !killStrays(t.tag) {
		killAll(func(p procInfo) bool { return p.hasGroup(t.tag) })
	}
	t.release()
}

// signal sends sig once to the whole tree: the process group and every tagged process.
func (t *processTree) signal(sig syscall.Signal) {
	if t.pgid > 0 {
		_ = syscall.Kill(-t.pgid, sig)
	}
	for _, p := range listProcesses() {
		if p.hasGroup(t.tag) {
			_ = syscall.Kill(p.pid, sig)
		}
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

// killStrays ends every process that is neither init, the agent, nor tagged with a live tag other
// than ending;
// false when it did not sweep (outside a container, or starts in progress held it off). It waits
// for starts in progress at most a second: a start that does not finish (a child stopped by the
// sandbox's own code between fork and exec) must not hold every later exec up.
func killStrays(ending uint32) bool {
	if !sweepStrays || !lockWithin(&starting, time.Second) {
		return false
	}
	defer starting.Unlock()
	killUntagged(ending)
	return true
}

// killUntagged is killStrays for a caller that holds starting already.
func killUntagged(ending uint32) {
	killAll(func(p procInfo) bool {
		for _, g := range p.groups {
			if g >= tagBase && g < tagBase+tagSpan && g != ending && tags.isLive(g) {
				return false
			}
		}
		return true
	})
}

func lockWithin(m *sync.RWMutex, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for !m.TryLock() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// killAll SIGKILLs every process that matches, again and again while a scan still finds one (a
// process may fork while the scan runs; a killed one cannot), for at most ten seconds. A zombie
// whose threads still run (its leader thread exited by itself) is killed too, and counts as
// still there; a true zombie waits only for its parent and does not.
func killAll(matches func(procInfo) bool) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		found := false
		for _, p := range listProcesses() {
			if matches(p) {
				_ = syscall.Kill(p.pid, syscall.SIGKILL)
				found = found || !p.zombie || p.threads > 1
			}
		}
		if !found || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

type procInfo struct {
	pid     int
	groups  []uint32
	zombie  bool
	threads int
}

func (p procInfo) hasGroup(g uint32) bool {
	for _, have := range p.groups {
		if have == g {
			return true
		}
	}
	return false
}

// listProcesses gives the processes other than PID 1 and the agent itself, with their
// supplementary groups, from /proc/<pid>/status (readable for every process).
func listProcesses() []procInfo {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var out []procInfo
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self || pid == 1 {
			continue
		}
		if info, ok := readProcInfo(pid); ok {
			out = append(out, info)
		}
	}
	return out
}

func readProcInfo(pid int) (procInfo, bool) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return procInfo{}, false
	}
	defer f.Close()
	info := procInfo{pid: pid}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		switch {
		case strings.HasPrefix(line, "State:"):
			info.zombie = strings.Contains(line, "(zombie)") || strings.Contains(line, "(dead)")
		case strings.HasPrefix(line, "Groups:"):
			for _, field := range strings.Fields(line[len("Groups:"):]) {
				if g, err := strconv.ParseUint(field, 10, 32); err == nil {
					info.groups = append(info.groups, uint32(g))
				}
			}
		case strings.HasPrefix(line, "Threads:"):
			info.threads, _ = strconv.Atoi(strings.TrimSpace(line[len("Threads:"):]))
			return info, true
		}
	}
	return info, true
}

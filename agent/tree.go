package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// markerVariable is put in the environment of every command the agent starts. Processes that
// leave the command's process group (setsid, daemonising) still inherit it, so the agent can find
// and kill them too: "the whole process tree", not just the group.
const markerVariable = "BOXCAR_RUN"

// processTree identifies everything one command started.
type processTree struct {
	marker []byte
	pgid   int
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
	if t.pgid > 0 {
		_ = syscall.Kill(-t.pgid, syscall.SIGKILL)
	}
	for _, pid := range t.markedProcesses() {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
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

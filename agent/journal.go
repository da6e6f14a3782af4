package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
)

// The start journal is how a worker that adopts a job after its first worker died learns what
// this container already did with it. Every exec run and background process is written down
// (by id) before it starts, on the container's own disk, so the record survives an agent
// restart and a container stop/start, and goes with the container when it is removed. An
// adopter then hears one of three things: the run is known in memory (attach to it, or take its
// kept result), it was started but its outcome is gone (the job's fate is unknown), or it was
// never started here (running it now is the first run).
//
// The journal keeps the ids of the current file and the one before it (each up to
// journalRotateBytes, about 25,000 ids), and lives where only container root can write. That is
// far more than one job's lifetime needs: a sandbox's exec jobs run one after the other.

const journalRotateBytes = 1 << 20

// Adoption is what an adopting worker adds to a request: the job may have been handed to this
// agent before, by a worker that died. (A container that replaced the one the job first ran in
// has a journal of its own; the worker tells that case apart by the container's id.)
type Adoption struct {
	Adopt bool `json:"adopt,omitempty"`
}

// errRunLost says the run was started here but nothing about its end survives.
type errRunLost struct{ id string }

func (e errRunLost) Error() string {
	return fmt.Sprintf("run %s was started by this container before, and its outcome is gone", e.id)
}

type startJournal struct {
	mu   sync.Mutex
	dir  string
	file *os.File
	size int64
}

// startJournalIn opens (or starts) the journal in dir; a journal that cannot be opened makes
// adoption conservative: every id counts as started (see everStarted).
func startJournalIn(dir string) *startJournal {
	j := &startJournal{dir: dir}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Printf("boxcar-agent: no start journal (%v): adopted runs will count as lost", err)
		return j
	}
	_ = os.Chmod(dir, 0o700)
	j.open()
	return j
}

func (j *startJournal) open() {
	file, err := os.OpenFile(filepath.Join(j.dir, "started"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	info, err := file.Stat()
	if err == nil {
		j.size = info.Size()
	}
	j.file = file
}

// record writes id down before its run starts.
func (j *startJournal) record(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.file == nil {
		return
	}
	if j.size >= journalRotateBytes {
		j.rotate()
	}
	n, err := j.file.WriteString(id + "\n")
	j.size += int64(n)
	if err != nil {
		// An id that may be missing makes the journal worthless: from now on every adopted run
		// counts as started (lost), never as one to run again.
		log.Printf("boxcar-agent: start journal write failed (%v): adopted runs will count as lost", err)
		_ = j.file.Close()
		j.file = nil
	}
}

func (j *startJournal) rotate() {
	_ = j.file.Close()
	j.file = nil
	if os.Rename(filepath.Join(j.dir, "started"), filepath.Join(j.dir, "started.1")) != nil {
		return
	}
	j.size = 0
	j.open()
}

// everStarted tells whether id may have been started by this container (true when the journal
// is unusable: nobody can tell then).
func (j *startJournal) everStarted(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.file == nil {
		return true
	}
	for _, name := range []string{"started", "started.1"} {
		if fileHasLine(filepath.Join(j.dir, name), id) {
			return true
		}
	}
	return false
}

func fileHasLine(path, line string) bool {
	file, err := os.Open(path)
	if err != nil {
		return false
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		if scanner.Text() == line {
			return true
		}
	}
	return false
}

package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The container's own cgroup is mounted read-only at /sys/fs/cgroup (Docker's private cgroup
// namespace, the default on cgroup v2). Docker reports OOMKilled only for PID 1, so the agent reads
// the kernel's counters itself, from either layout:
//
//	                 cgroup v1 (one hierarchy per controller)    cgroup v2 (one unified tree)
//	OOM kills        memory/memory.oom_control  "oom_kill N"     memory.events  "oom_kill N" (else "oom N")
//	limit hits       memory/memory.failcnt                       memory.events  "max N"
//	CPU time         cpuacct/cpuacct.usage (ns)                  cpu.stat       "usage_usec N"
//	peak memory      memory/memory.max_usage_in_bytes            memory.peak (Linux 5.19+; else unknown)
//	pids limit       pids/pids.max                               pids.max
//
// The layout is detected once: v2 when <root>/cgroup.controllers exists (only the cgroup2 file
// system has it; on a v1 or hybrid host <root> is a tmpfs of per-controller mounts).

// containerCgroup reads the container's own cgroup.
var containerCgroup = newCgroupReader("/sys/fs/cgroup")

type cgroupReader struct {
	root string
	v2   bool
}

func newCgroupReader(root string) *cgroupReader {
	_, err := os.Stat(filepath.Join(root, "cgroup.controllers"))
	return &cgroupReader{root: root, v2: err == nil}
}

func (c *cgroupReader) layout() string {
	if c.v2 {
		return "v2"
	}
	return "v1"
}

// v1 is the first of a controller's directories that holds file: Docker mounts cpu and cpuacct
// together ("cpu,cpuacct", with "cpuacct" a symlink to it, on most hosts, but not on all).
func (c *cgroupReader) v1(file string, dirs ...string) string {
	for _, dir := range dirs {
		path := filepath.Join(c.root, dir, file)
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	return filepath.Join(c.root, dirs[0], file)
}

func (c *cgroupReader) v2file(file string) string { return filepath.Join(c.root, file) }

// OOMKills is how many processes the OOM killer has killed in the cgroup; 0 when unknown. On v2,
// memory.events is hierarchical (Linux 5.2+) and so counts kills in child cgroups a command may have
// made too; memory.events.local would not. Kernels before 4.13 have no oom_kill entry: then the
// "oom" entry (the times the OOM killer was invoked) stands in for it.
func (c *cgroupReader) OOMKills() int64 {
	if !c.v2 {
		v, _ := readKeyedValue(c.v1("memory.oom_control", "memory"), "oom_kill")
		return v
	}
	events := c.v2file("memory.events")
	if v, ok := readKeyedValue(events, "oom_kill"); ok {
		return v
	}
	v, _ := readKeyedValue(events, "oom")
	return v
}

// MemoryLimitHits counts how often the container's memory use met its limit (v1 memory.failcnt,
// v2 the "max" entry of memory.events); 0 when unknown. A command that thrashes at the limit until
// its timeout has no OOM kill to show for it, but this counter grows.
func (c *cgroupReader) MemoryLimitHits() int64 {
	if !c.v2 {
		v, _ := readSingleValue(c.v1("memory.failcnt", "memory"))
		return v
	}
	v, _ := readKeyedValue(c.v2file("memory.events"), "max")
	return v
}

// CPUTimeMs is the CPU time (user + system) the cgroup's processes used so far; nil when unknown.
func (c *cgroupReader) CPUTimeMs() *int64 {
	if !c.v2 {
		ns, ok := readSingleValue(c.v1("cpuacct.usage", "cpuacct", "cpu,cpuacct", "cpuacct,cpu"))
		if !ok {
			return nil
		}
		ms := ns / 1_000_000
		return &ms
	}
	usec, ok := readKeyedValue(c.v2file("cpu.stat"), "usage_usec")
	if !ok {
		return nil
	}
	ms := usec / 1000
	return &ms
}

// PeakMemoryBytes is the cgroup's largest memory use since it was made; nil when unknown. v2 has
// memory.peak only from Linux 5.19 on; before, the peak is unknown rather than guessed: the agent
// does not sample memory.current (a sampler misses short spikes, and memory.current after the
// command ended is no peak at all), and the worker then reports the command's own peak RSS.
func (c *cgroupReader) PeakMemoryBytes() *int64 {
	path := c.v2file("memory.peak")
	if !c.v2 {
		path = c.v1("memory.max_usage_in_bytes", "memory")
	}
	v, ok := readSingleValue(path)
	if !ok {
		return nil
	}
	return &v
}

// PidsMax is the container's pids limit; 0 when unlimited ("max") or unknown.
func (c *cgroupReader) PidsMax() int {
	path := c.v2file("pids.max")
	if !c.v2 {
		path = c.v1("pids.max", "pids")
	}
	v, ok := readSingleValue(path)
	if !ok {
		return 0
	}
	return int(v)
}

func readSingleValue(path string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return v, err == nil
}

func readKeyedValue(path, key string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) == 2 && fields[0] == key {
			v, err := strconv.ParseInt(fields[1], 10, 64)
			return v, err == nil
		}
	}
	return 0, false
}

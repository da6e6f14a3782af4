package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The trees under testdata/ are laid out as the kernel lays out a container's cgroup: cgroup-v1 a
// Docker container on a v1 host (cpu and cpuacct co-mounted, with symlinks), cgroup-v2 one on
// Linux 6.x, cgroup-v2-linux-5.15 one before memory.peak existed, without a pids limit.

func int64Value(p *int64) string {
	if p == nil {
		return "nil"
	}
	return strconv.FormatInt(*p, 10)
}

type cgroupWant struct {
	layout    string
	oomKills  int64
	limitHits int64
	cpuMs     string
	peak      string
	pidsMax   int
}

func checkCgroup(t *testing.T, root string, want cgroupWant) {
	t.Helper()
	c := newCgroupReader(root)
	if got := c.layout(); got != want.layout {
		t.Errorf("layout = %s, want %s", got, want.layout)
	}
	if got := c.OOMKills(); got != want.oomKills {
		t.Errorf("OOMKills = %d, want %d", got, want.oomKills)
	}
	if got := c.MemoryLimitHits(); got != want.limitHits {
		t.Errorf("MemoryLimitHits = %d, want %d", got, want.limitHits)
	}
	if got := int64Value(c.CPUTimeMs()); got != want.cpuMs {
		t.Errorf("CPUTimeMs = %s, want %s", got, want.cpuMs)
	}
	if got := int64Value(c.PeakMemoryBytes()); got != want.peak {
		t.Errorf("PeakMemoryBytes = %s, want %s", got, want.peak)
	}
	if got := c.PidsMax(); got != want.pidsMax {
		t.Errorf("PidsMax = %d, want %d", got, want.pidsMax)
	}
}

func TestCgroupV1(t *testing.T) {
	checkCgroup(t, "testdata/cgroup-v1", cgroupWant{
		layout: "v1", oomKills: 1, limitHits: 12, cpuMs: "1873", peak: "268435456", pidsMax: 256})
}

func TestCgroupV2(t *testing.T) {
	checkCgroup(t, "testdata/cgroup-v2", cgroupWant{
		layout: "v2", oomKills: 1, limitHits: 12, cpuMs: "1873", peak: "268435456", pidsMax: 256})
}

// Before Linux 5.19 v2 has no memory.peak: the peak is unknown (not memory.current), and a
// container without a pids limit reads "max".
func TestCgroupV2BeforeMemoryPeak(t *testing.T) {
	checkCgroup(t, "testdata/cgroup-v2-linux-5.15", cgroupWant{
		layout: "v2", oomKills: 0, limitHits: 0, cpuMs: "52", peak: "nil", pidsMax: 0})
}

// The v2 counters must not be read from memory.events.local (misses child cgroups) or mixed up
// with oom_group_kill; before Linux 4.13 there is no oom_kill entry and "oom" stands in.
func TestCgroupV2OOMEntries(t *testing.T) {
	root := t.TempDir()
	writeCgroupFile(t, root, "cgroup.controllers", "cpu memory pids\n")
	writeCgroupFile(t, root, "memory.events", "low 0\nhigh 0\nmax 40\noom 3\noom_kill 2\noom_group_kill 7\n")
	writeCgroupFile(t, root, "memory.events.local", "low 0\nhigh 0\nmax 1\noom 0\noom_kill 0\noom_group_kill 0\n")
	c := newCgroupReader(root)
	if got := c.OOMKills(); got != 2 {
		t.Errorf("OOMKills = %d, want 2 (memory.events oom_kill)", got)
	}
	if got := c.MemoryLimitHits(); got != 40 {
		t.Errorf("MemoryLimitHits = %d, want 40", got)
	}

	writeCgroupFile(t, root, "memory.events", "low 0\nhigh 0\nmax 5\noom 4\n")
	if got := c.OOMKills(); got != 4 {
		t.Errorf("OOMKills without oom_kill = %d, want 4 (oom)", got)
	}
}

// Counters read before and after a command: the exec reports what changed.
func TestCgroupV2CountersMove(t *testing.T) {
	root := t.TempDir()
	writeCgroupFile(t, root, "cgroup.controllers", "cpu memory pids\n")
	writeCgroupFile(t, root, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n")
	writeCgroupFile(t, root, "cpu.stat", "usage_usec 1000\nuser_usec 800\nsystem_usec 200\n")
	c := newCgroupReader(root)
	oomBefore, hitsBefore, cpuBefore := c.OOMKills(), c.MemoryLimitHits(), c.CPUTimeMs()
	writeCgroupFile(t, root, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
	writeCgroupFile(t, root, "cpu.stat", "usage_usec 251000\nuser_usec 200800\nsystem_usec 50200\n")
	if !(c.OOMKills() > oomBefore) || !(c.MemoryLimitHits() > hitsBefore) {
		t.Errorf("counters did not move: oom %d→%d, max %d→%d", oomBefore, c.OOMKills(), hitsBefore, c.MemoryLimitHits())
	}
	if used := *c.CPUTimeMs() - *cpuBefore; used != 250 {
		t.Errorf("CPU used = %d ms, want 250", used)
	}
}

// cpu and cpuacct co-mounted without the "cpuacct" symlink.
func TestCgroupV1CoMountedWithoutSymlink(t *testing.T) {
	root := t.TempDir()
	writeCgroupFile(t, root, "cpu,cpuacct/cpuacct.usage", "2500000000\n")
	if got := int64Value(newCgroupReader(root).CPUTimeMs()); got != "2500" {
		t.Errorf("CPUTimeMs = %s, want 2500", got)
	}
}

// Missing or unreadable files are unknown (nil or 0), never a panic: an empty root of either
// layout, a v2 root without the memory controller, garbage contents.
func TestCgroupMissingFiles(t *testing.T) {
	empty := cgroupWant{oomKills: 0, limitHits: 0, cpuMs: "nil", peak: "nil", pidsMax: 0}

	v1 := t.TempDir()
	want := empty
	want.layout = "v1"
	checkCgroup(t, v1, want)
	checkCgroup(t, filepath.Join(v1, "does-not-exist"), want)

	v2 := t.TempDir()
	writeCgroupFile(t, v2, "cgroup.controllers", "cpu pids\n")
	want.layout = "v2"
	checkCgroup(t, v2, want)

	writeCgroupFile(t, v2, "memory.events", "low 0\nhigh 0\nmax\noom x\n")
	writeCgroupFile(t, v2, "memory.peak", "a lot\n")
	writeCgroupFile(t, v2, "cpu.stat", "usage_usec\n")
	writeCgroupFile(t, v2, "pids.max", "\n")
	checkCgroup(t, v2, want)
}

// A real cgroup2 mount, read-only: the layout is detected and the root's cpu.stat parses. Skipped
// where there is none. (The root cgroup has no memory.* or pids.max files.)
func TestCgroupV2LiveKernelFiles(t *testing.T) {
	for _, root := range []string{"/sys/fs/cgroup", "/sys/fs/cgroup/unified"} {
		if _, err := os.Stat(filepath.Join(root, "cgroup.controllers")); err != nil {
			continue
		}
		c := newCgroupReader(root)
		if c.layout() != "v2" {
			t.Fatalf("%s: layout %s", root, c.layout())
		}
		cpu := c.CPUTimeMs()
		if cpu == nil || *cpu <= 0 {
			t.Errorf("%s: CPUTimeMs = %s, want > 0", root, int64Value(cpu))
		}
		t.Logf("%s: cgroup v2, cpu %s ms, peak %s, oom kills %d", root, int64Value(cpu),
			int64Value(c.PeakMemoryBytes()), c.OOMKills())
		return
	}
	t.Skip("no cgroup2 mount here")
}

func writeCgroupFile(t *testing.T, root, name, content string) {
	t.Helper()
	path := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// The container's own cgroup is mounted read-only at /sys/fs/cgroup. Docker reports OOMKilled
// only for PID 1, so the agent reads the kernel's oom_kill counter itself (v1 and v2 layouts).

func readOOMKills() int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"} {
		if v, ok := readKeyedValue(path, "oom_kill"); ok {
			return v
		}
	}
	return 0
}

// readMemoryLimitHits counts how often the container's memory use met its limit (v1
// memory.failcnt, v2 the "max" entry of memory.events). A command that thrashes at the limit until
// its timeout has no OOM kill to show for it, but this counter grows.
func readMemoryLimitHits() int64 {
	if v, ok := readSingleValue("/sys/fs/cgroup/memory/memory.failcnt"); ok {
		return v
	}
	if v, ok := readKeyedValue("/sys/fs/cgroup/memory.events", "max"); ok {
		return v
	}
	return 0
}

func readCgroupCPUTimeMs() *int64 {
	if v, ok := readSingleValue("/sys/fs/cgroup/cpuacct/cpuacct.usage"); ok {
		ms := v / 1_000_000
		return &ms
	}
	if v, ok := readKeyedValue("/sys/fs/cgroup/cpu.stat", "usage_usec"); ok {
		ms := v / 1000
		return &ms
	}
	return nil
}

func readCgroupPeakMemory() *int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "/sys/fs/cgroup/memory.peak"} {
		if v, ok := readSingleValue(path); ok {
			return &v
		}
	}
	return nil
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

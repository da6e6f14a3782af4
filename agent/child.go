package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// childFlag makes the agent binary act as the thin launcher of one command: it marks itself as
// the kernel's first choice for the OOM killer (a value any process may raise for itself; its
// children inherit it) and then replaces itself with the command. So a memory hog or fork bomb
// is killed before the agent, whose death would take the whole sandbox down.
const childFlag = "--exec-child"

// launcherArgv wraps argv so that it runs through the launcher.
func launcherArgv(argv []string) (string, []string) {
	self, err := os.Executable()
	if err != nil {
		return argv[0], argv[1:]
	}
	return self, append([]string{childFlag, "--"}, argv...)
}

// runChild is main() for the launcher; it never returns on success.
func runChild(argv []string) {
	if len(argv) == 0 {
		fmt.Fprintln(os.Stderr, "boxcar: nothing to run")
		os.Exit(126)
	}
	_ = os.WriteFile("/proc/self/oom_score_adj", []byte("1000"), 0)
	path, err := exec.LookPath(argv[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "boxcar: %s: command not found\n", argv[0])
		os.Exit(127)
	}
	err = syscall.Exec(path, argv, os.Environ())
	code := 126
	if errors.Is(err, syscall.ENOENT) {
		code = 127
	}
	fmt.Fprintf(os.Stderr, "boxcar: %s: %v\n", argv[0], err)
	os.Exit(code)
}

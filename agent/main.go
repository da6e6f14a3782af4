// Command boxcar-agent is the small control daemon that runs inside every Boxcar sandbox
// container. The worker talks to it over a unix socket in a host folder that the worker locks
// once the agent listens (see README.md for the protocol and the boundary it keeps).
package main

import (
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

func main() {
	socketPath := flag.String("socket", "/run/boxcar/agent.sock", "unix socket to listen on")
	user := flag.Int("user", -1, "uid that commands run as (default: the agent's own)")
	contained := flag.Bool("contained", false, "the agent is a container's only service: sweep stray processes, "+
		"keep itself out of reach")
	reusable := flag.String("reusable", "", "colon-separated folders the command user can write: recorded now, "+
		"so that the reset op can bring them back for the next job")
	flag.Parse()

	if *user >= 0 {
		commandUser = identityOf(uint32(*user))
	}
	if *contained {
		sweepStrays = true
		keepOutOfReach()
	}
	if *reusable != "" {
		recordReusablePlaces(strings.Split(*reusable, ":"))
	}

	_ = os.Remove(*socketPath)
	listener, err := net.Listen("unix", *socketPath)
	if err != nil {
		log.Fatalf("boxcar-agent: listen %s: %v", *socketPath, err)
	}
	if err := os.Chmod(*socketPath, 0o600); err != nil {
		log.Fatalf("boxcar-agent: chmod %s: %v", *socketPath, err)
	}
	server := NewServer(startJournalIn(journalDir))
	pidsMax := containerCgroup.PidsMax()
	warmUpThreads(spareThreads(pidsMax))
	if *contained && commandUser.uid != uint32(os.Getuid()) {
		reservePidsForAgent(pidsMax)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = listener.Close()
		os.Exit(0)
	}()

	for {
		conn, err := listener.Accept()
		if err != nil {
			log.Printf("boxcar-agent: accept: %v", err)
			return
		}
		go server.Handle(conn)
	}
}

// keepOutOfReach makes the agent non-dumpable: only a holder of CAP_SYS_PTRACE (which no
// sandbox has) may trace it or read its memory and environment, even a process with its uid
// (code in a root sandbox).
func keepOutOfReach() {
	const prSetDumpable = 4
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetDumpable, 0, 0); errno != 0 {
		log.Printf("boxcar-agent: PR_SET_DUMPABLE: %v", errno)
	}
}

// spareThreads is how many OS threads the agent creates up front. A fork bomb can exhaust the
// container's pids limit, and the Go runtime dies when it then needs a new thread; threads made
// at start stay parked for reuse, so the agent keeps answering (and can kill the bomb). They count
// against the pids limit too, so a small limit gets fewer (pids 16 must still run commands).
func spareThreads(pidsMax int) int {
	spare := 16
	if pidsMax > 0 && pidsMax/4 < spare {
		spare = pidsMax / 4
	}
	if spare < 2 {
		spare = 2
	}
	return spare
}

func warmUpThreads(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A blocking system call occupies a thread, so the runtime starts another for the rest.
			ts := syscall.Timespec{Nsec: 50 * 1000 * 1000}
			_ = syscall.Nanosleep(&ts, nil)
		}()
	}
	wg.Wait()
}

// reservePidsForAgent caps the processes of the command user (RLIMIT_NPROC, inherited by every
// command and counted per user in the container's user namespace) below the container's pids
// limit, so a fork bomb of the sandbox user always leaves the agent room for threads. The limit
// is set on the agent itself (Go starts no child with a limit of its own), where it also counts
// the agent's own threads (a container's CAP_SYS_RESOURCE does not lift it): under a limit too
// small for both, the agent relies on its spare threads alone.
const rlimitNproc = 6 // RLIMIT_NPROC on Linux; not exported by package syscall

func reservePidsForAgent(pidsMax int) {
	if pidsMax <= 0 {
		return
	}
	own := agentThreads() + 1  /* init */
	limit := pidsMax - own - 2 /* headroom */
	if limit < own+4 {
		return
	}
	rlimit := &syscall.Rlimit{Cur: uint64(limit), Max: uint64(limit)}
	if err := syscall.Setrlimit(rlimitNproc, rlimit); err != nil {
		log.Printf("boxcar-agent: RLIMIT_NPROC: %v", err)
	}
}

func agentThreads() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 16
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "Threads:") {
			if n, err := strconv.Atoi(strings.TrimSpace(line[len("Threads:"):])); err == nil {
				return n
			}
		}
	}
	return 16
}

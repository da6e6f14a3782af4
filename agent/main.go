// Command boxcar-agent is the small control daemon that runs inside every Boxcar sandbox
// container. The worker talks to it over a unix socket in a bind-mounted host folder, so the hot
// path never goes through `docker exec` (see README.md for the protocol).
package main

import (
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == childFlag && os.Args[2] == "--" {
		runChild(os.Args[3:])
		return
	}
	socketPath := flag.String("socket", "/run/boxcar/agent.sock", "unix socket to listen on")
	flag.Parse()

	_ = os.Remove(*socketPath)
	listener, err := net.Listen("unix", *socketPath)
	if err != nil {
		log.Fatalf("boxcar-agent: listen %s: %v", *socketPath, err)
	}
	// Only the container's own user (and root on the host) may talk to the agent.
	if err := os.Chmod(*socketPath, 0o600); err != nil {
		log.Fatalf("boxcar-agent: chmod %s: %v", *socketPath, err)
	}
	server := NewServer()
	warmUpThreads(spareThreads)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = listener.Close()
		_ = os.Remove(*socketPath)
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

// spareThreads is how many OS threads the agent creates up front. A fork bomb can exhaust the
// container's pids limit, and the Go runtime dies when it then needs a new thread; threads made
// at start stay parked for reuse, so the agent keeps answering (and can kill the bomb).
const spareThreads = 16

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

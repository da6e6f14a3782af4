package main

import "os"

func ping() *PingResult {
	return &PingResult{Version: agentVersion, UID: os.Getuid(), PID: os.Getpid()}
}

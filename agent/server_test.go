package main

import (
	"bufio"
	"encoding/json"
	"net"
	"testing"
)

func TestServerAnswersPingAndExecOverAUnixSocket(t *testing.T) {
	socket := serveAgent(t)

	ping := call(t, socket, `{"op":"ping"}`)
	if !ping.OK || ping.Ping == nil || ping.Ping.Version != agentVersion {
		t.Fatalf("ping: %+v", ping)
	}
	exec := call(t, socket, `{"op":"exec","exec":{"argv":["sh","-c","echo hello"],"cwd":"`+t.TempDir()+`","timeoutMs":5000}}`)
	if !exec.OK || exec.Exec == nil || string(exec.Exec.Stdout) != "hello\n" {
		t.Fatalf("exec: %+v", exec)
	}
	bad := call(t, socket, `{"op":"launch-missiles"}`)
	if bad.OK || bad.Error == "" {
		t.Fatalf("unknown op should be an error: %+v", bad)
	}
}

func call(t *testing.T, socket, request string) Response {
	t.Helper()
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(request + "\n")); err != nil {
		t.Fatal(err)
	}
	var resp Response
	if err := json.NewDecoder(bufio.NewReader(conn)).Decode(&resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

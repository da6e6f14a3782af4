package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serveAgent starts a Server on a fresh unix socket and returns the socket's path.
func serveAgent(t *testing.T) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "agent.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	server := NewServer(startJournalIn(t.TempDir()))
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go server.Handle(conn)
		}
	}()
	return socket
}

// upperCaseServer answers each line of a connection upper-cased, and never closes by itself.
func upperCaseServer(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				lines := bufio.NewScanner(conn)
				for lines.Scan() {
					_, _ = conn.Write([]byte(strings.ToUpper(lines.Text()) + "\n"))
				}
			}()
		}
	}()
	return listener.Addr().(*net.TCPAddr).Port
}

func TestPortConnectPipesBytesBothWaysAndTheWorkersEndEndsIt(t *testing.T) {
	socket := serveAgent(t)
	port := upperCaseServer(t)
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, `{"op":"port.connect","portConnect":{"port":%d}}`+"\n", port); err != nil {
		t.Fatal(err)
	}
	reader := bufio.NewReader(conn)
	line, err := reader.ReadBytes('\n')
	if err != nil {
		t.Fatal(err)
	}
	var answer Response
	if err := json.Unmarshal(line, &answer); err != nil || !answer.OK {
		t.Fatalf("answer %q, err %v", line, err)
	}
	for _, word := range []string{"hello", "through the agent"} {
		if _, err := conn.Write([]byte(word + "\n")); err != nil {
			t.Fatal(err)
		}
		got, err := reader.ReadString('\n')
		if err != nil || got != strings.ToUpper(word)+"\n" {
			t.Fatalf("relayed %q, err %v", got, err)
		}
	}
	// The server never closes; the worker's half-close must still end the relay.
	_ = conn.(*net.UnixConn).CloseWrite()
	rest, err := io.ReadAll(reader)
	if err != nil || len(rest) != 0 {
		t.Fatalf("after the worker's end: %q, err %v", rest, err)
	}
}

func TestPortConnectToAPortNobodyListensOnIsPortClosed(t *testing.T) {
	socket := serveAgent(t)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close()
	answer := call(t, socket, fmt.Sprintf(`{"op":"port.connect","portConnect":{"port":%d}}`, port))
	if answer.OK || answer.ErrorCode != errorCodePortClosed {
		t.Fatalf("answer %+v", answer)
	}
	invalid := call(t, socket, `{"op":"port.connect","portConnect":{"port":70000}}`)
	if invalid.OK || invalid.ErrorCode != "" {
		t.Fatalf("port 70000 should be a plain error: %+v", invalid)
	}
}

package main

import (
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// PortConnectRequest asks the agent to dial a port inside the container and turn the connection
// it came on into a byte pipe to it (preview URLs, API.md "Ports"). The dial happens here, in the
// container's own network namespace, so it works with network "none".
type PortConnectRequest struct {
	Port int `json:"port"`
}

const portDialTimeout = 5 * time.Second

// errorCodePortClosed tells the worker that nothing listens on the port (a 502 to the client),
// as opposed to an agent that cannot be talked to.
const errorCodePortClosed = "port_closed"

// connectPort answers the request and, when the dial worked, copies bytes both ways until both
// sides are done. The answer line comes first; the worker sends nothing more before reading it,
// so nothing of the relayed stream can be in the request reader's buffer beyond what it holds.
func connectPort(conn net.Conn, fromClient io.Reader, req *PortConnectRequest) {
	if req == nil || req.Port < 1 || req.Port > 65535 {
		writeResponse(conn, Response{Error: "port.connect needs portConnect.port in 1..65535"})
		return
	}
	target, err := dialLoopback(req.Port)
	if err != nil {
		writeResponse(conn, Response{Error: err.Error(), ErrorCode: errorCodePortClosed})
		return
	}
	defer target.Close()
	writeResponse(conn, Response{OK: true})
	pipe(conn, &afterRequestLine{r: fromClient}, target)
}

// afterRequestLine drops the newline that ends the JSON request line: the relayed bytes start
// after it (the worker always sends it).
type afterRequestLine struct {
	r       io.Reader
	started bool
}

func (a *afterRequestLine) Read(p []byte) (int, error) {
	if !a.started {
		a.started = true
		var first [1]byte
		n, err := io.ReadFull(a.r, first[:])
		if n == 1 && first[0] != '\n' && len(p) > 0 {
			p[0] = first[0]
			return 1, nil
		}
		if err != nil {
			return 0, err
		}
	}
	return a.r.Read(p)
}

// dialLoopback tries IPv4 loopback, then IPv6 (a server listening on "::1" only).
func dialLoopback(port int) (net.Conn, error) {
	var firstErr error
	for _, host := range []string{"127.0.0.1", "::1"} {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, fmt.Sprint(port)), portDialTimeout)
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, fmt.Errorf("nothing listens on port %d in the sandbox: %v", port, firstErr)
}

// pipe copies client→target and target→client. The worker never half-closes: the end of its
// side ends the connection to the port too, whatever the server there does (a server that never
// closes must not hold the relay); the server's end reaches the worker as a half-close.
func pipe(client net.Conn, fromClient io.Reader, target net.Conn) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = io.Copy(target, fromClient)
		_ = target.Close()
	}()
	_, _ = io.Copy(client, target)
	closeWrite(client)
	wg.Wait()
}

func closeWrite(conn net.Conn) {
	if half, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = half.CloseWrite()
		return
	}
	_ = conn.Close()
}

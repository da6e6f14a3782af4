package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
)

// maxRequestBytes bounds one request line: exec requests carry stdin and files (10 MiB API
// bodies, base64-encoded) so the limit is generous.
const maxRequestBytes = 64 << 20

// Request is one line of JSON sent by the worker; Op selects which fields matter.
type Request struct {
	Op           string               `json:"op"`
	Exec         *ExecRequest         `json:"exec,omitempty"`
	Cancel       *CancelRequest       `json:"cancel,omitempty"`
	Peek         *CancelRequest       `json:"peek,omitempty"`
	ProcessStart *ProcessStartRequest `json:"processStart,omitempty"`
	ProcessKill  *ProcessKillRequest  `json:"processKill,omitempty"`
	Process      *ProcessRef          `json:"process,omitempty"`
	FileWrite    *FileWriteRequest    `json:"fileWrite,omitempty"`
	FileRead     *FileReadRequest     `json:"fileRead,omitempty"`
	PortConnect  *PortConnectRequest  `json:"portConnect,omitempty"`
}

// CancelRequest names a running exec (by the RunID it was started with) to kill.
type CancelRequest struct {
	RunID string `json:"runId"`
}

// CancelResult says whether the run was still going on.
type CancelResult struct {
	Found bool `json:"found"`
}

// Response is one line of JSON sent back; exactly one of the payload fields is set.
type Response struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// ErrorCode classifies errors the worker acts on: "run_lost" (an adopted run was started
	// here, and its outcome is gone).
	ErrorCode string          `json:"errorCode,omitempty"`
	Ping      *PingResult     `json:"ping,omitempty"`
	Exec      *ExecResult     `json:"exec,omitempty"`
	Cancel    *CancelResult   `json:"cancel,omitempty"`
	Peek      *PeekResult     `json:"peek,omitempty"`
	Process   *ProcessState   `json:"process,omitempty"`
	Processes []*ProcessState `json:"processes,omitempty"`
	Logs      *ProcessLogs    `json:"logs,omitempty"`
	File      *FileResult     `json:"file,omitempty"`
	Reset     *ResetResult    `json:"reset,omitempty"`
}

// PingResult lets the worker know the agent is up and which user it runs as.
type PingResult struct {
	Version string `json:"version"`
	UID     int    `json:"uid"`
	PID     int    `json:"pid"`
}

const agentVersion = "1"

// Server dispatches requests; one request per connection keeps the protocol trivial to
// implement on the Java side and costs only a unix-socket connect per call.
type Server struct {
	runs      *Runs
	processes *Processes
}

// journalDir holds the start journal (journal.go): on the container's disk, container root only.
const journalDir = "/var/lib/boxcar-agent"

func NewServer(journal *startJournal) *Server {
	return &Server{runs: NewRuns(journal), processes: NewProcesses(journal)}
}

func (s *Server) Handle(conn net.Conn) {
	defer conn.Close()
	reader := bufio.NewReaderSize(conn, 64<<10)
	var req Request
	decoder := json.NewDecoder(&limitedReader{r: reader, left: maxRequestBytes})
	if err := decoder.Decode(&req); err != nil {
		writeResponse(conn, Response{Error: fmt.Sprintf("bad request: %v", err)})
		return
	}
	if req.Op == "port.connect" {
		// The connection stays open as a byte pipe; bytes the decoder read ahead come first.
		connectPort(conn, io.MultiReader(decoder.Buffered(), reader), req.PortConnect)
		return
	}
	writeResponse(conn, s.dispatch(&req))
}

func (s *Server) dispatch(req *Request) Response {
	switch req.Op {
	case "ping":
		return Response{OK: true, Ping: ping()}
	case "exec":
		if req.Exec == nil {
			return Response{Error: "exec request without exec field"}
		}
		return s.exec(req.Exec)
	case "cancel":
		if req.Cancel == nil || req.Cancel.RunID == "" {
			return Response{Error: "cancel request without runId"}
		}
		return Response{OK: true, Cancel: &CancelResult{Found: s.runs.Cancel(req.Cancel.RunID)}}
	case "exec.peek":
		if req.Peek == nil || req.Peek.RunID == "" {
			return Response{Error: "exec.peek needs peek.runId"}
		}
		peek, ok := s.runs.Peek(req.Peek.RunID)
		if !ok {
			return Response{Error: "no such run"}
		}
		return Response{OK: true, Peek: peek}
	case "process.start":
		if req.ProcessStart == nil {
			return Response{Error: "process.start without processStart"}
		}
		state, err := s.processes.Start(req.ProcessStart)
		if lost, ok := err.(errRunLost); ok {
			return Response{Error: lost.Error(), ErrorCode: "run_lost"}
		}
		return answer(state, err)
	case "process.list":
		return Response{OK: true, Processes: s.processes.List()}
	case "process.logs":
		if req.Process == nil {
			return Response{Error: "process.logs without process"}
		}
		logs, err := s.processes.Logs(req.Process.ID)
		if err != nil {
			return Response{Error: err.Error()}
		}
		return Response{OK: true, Logs: logs}
	case "process.kill":
		if req.ProcessKill == nil {
			return Response{Error: "process.kill without processKill"}
		}
		return answer(s.processes.Kill(req.ProcessKill))
	case "file.write":
		if req.FileWrite == nil {
			return Response{Error: "file.write without fileWrite"}
		}
		return fileAnswer(WriteFile(req.FileWrite))
	case "file.read":
		if req.FileRead == nil {
			return Response{Error: "file.read without fileRead"}
		}
		return fileAnswer(ReadFile(req.FileRead))
	case "reset":
		return Response{OK: true, Reset: resetContainer(s.runs)}
	default:
		return Response{Error: fmt.Sprintf("unknown op %q", req.Op)}
	}
}

// exec runs a command, or, for a RunID this agent already knows, waits for that run and gives
// its result: a worker that adopted the job after the first one died never runs it twice.
func (s *Server) exec(req *ExecRequest) Response {
	if req.RunID == "" {
		return execAnswer(RunExec(req, nil))
	}
	run, mine, err := s.runs.open(req.RunID, req.Adoption)
	if err != nil {
		return Response{Error: err.Error(), ErrorCode: "run_lost"}
	}
	if mine {
		result, err := RunExec(req, func(tree *processTree, stdout, stderr *cappedBuffer) {
			s.runs.started(run, tree, stdout, stderr)
		})
		s.runs.finish(req.RunID, run, result, err)
	}
	<-run.done
	return execAnswer(run.result, run.err)
}

func execAnswer(result *ExecResult, err error) Response {
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{OK: true, Exec: result}
}

func writeResponse(conn net.Conn, resp Response) {
	w := bufio.NewWriterSize(conn, 64<<10)
	_ = json.NewEncoder(w).Encode(resp)
	_ = w.Flush()
}

type limitedReader struct {
	r    *bufio.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("request larger than %d bytes", maxRequestBytes)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func answer(state *ProcessState, err error) Response {
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{OK: true, Process: state}
}

func fileAnswer(result *FileResult, err error) Response {
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{OK: true, File: result}
}

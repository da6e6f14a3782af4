package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asNobody runs the test with commands and file operations as uid 65534, as the agent does in
// its container with the sandbox user.
func asNobody(t *testing.T) identity {
	t.Helper()
	requireRoot(t)
	saved := commandUser
	commandUser = identity{uid: 65534, gid: 65534, name: "nobody", home: "/nonexistent"}
	t.Cleanup(func() { commandUser = saved })
	return commandUser
}

func TestFilesAreWrittenAsTheCommandUserWithItsPermissions(t *testing.T) {
	user := asNobody(t)
	open, err := os.MkdirTemp("/tmp", "agent-identity-") // t.TempDir's parent is closed to others
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(open) })
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFile(&FileWriteRequest{Path: filepath.Join(open, "a/b.txt"), Content: []byte("x")}); err != nil {
		t.Fatalf("write into a folder the user may write: %v", err)
	}
	info, err := os.Stat(filepath.Join(open, "a/b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if owner := info.Sys().(*syscall.Stat_t).Uid; owner != user.uid {
		t.Fatalf("owner %d, want %d", owner, user.uid)
	}
	closed := t.TempDir() // 0700, owned by root
	if _, err := WriteFile(&FileWriteRequest{Path: filepath.Join(closed, "x"), Content: []byte("x")}); err == nil {
		t.Fatal("the command user wrote into root's private folder")
	}
	secret := filepath.Join(closed, "secret")
	if err := os.WriteFile(secret, []byte("s"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(&FileReadRequest{Path: secret}); err == nil {
		t.Fatal("the command user read root's private file")
	}
	// The agent's own threads are themselves again afterwards.
	if _, err := os.ReadFile(secret); err != nil {
		t.Fatalf("agent lost its own access: %v", err)
	}
}

func TestCommandsRunAsTheCommandUserNotAsTheAgent(t *testing.T) {
	asNobody(t)
	r := run(t, ExecRequest{Argv: sh("id -u; echo $HOME"), Cwd: "/tmp"})
	if lines := strings.Fields(string(r.Stdout)); len(lines) != 2 || lines[0] != "65534" || lines[1] != "/nonexistent" {
		t.Fatalf("stdout=%q stderr=%q", r.Stdout, r.Stderr)
	}
}

func TestAFifoIsNotReadButRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(&FileReadRequest{Path: fifo}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err=%v", err)
	}
}

func TestAFifoPlantedWhereAFileIsWrittenIsRefusedNotWaitedFor(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "main.py"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, ExecRequest{Argv: sh("echo ran"), Cwd: dir, Files: []FileSpec{{Path: "main.py", Content: []byte("x")}}})
	if r.ExitCode == nil || *r.ExitCode != 126 || !strings.Contains(string(r.Stderr), "main.py") {
		t.Fatalf("exit=%v stderr=%q", r.ExitCode, r.Stderr)
	}
}

func TestALinkToTheAgentsOwnProcFilesIsNotRead(t *testing.T) {
	link := filepath.Join(t.TempDir(), "env")
	if err := os.Symlink("/proc/self/environ", link); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(&FileReadRequest{Path: link}); err == nil {
		t.Fatal("the agent's environment was read through a link")
	}
}

package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// identity is who commands run as. The agent itself runs as container root (an unprivileged
// host uid under user-namespace remapping) so that code running as the sandbox user cannot
// signal, trace, connect to or replace it; it drops to this identity for every command it
// starts and for every file it reads or writes on the client's behalf.
type identity struct {
	uid, gid uint32
	name     string
	home     string
}

// commandUser is set once by main (flag -user); tests keep the agent's own identity.
var commandUser = currentIdentity()

func currentIdentity() identity {
	id := identity{uid: uint32(os.Getuid()), gid: uint32(os.Getgid())}
	id.name, id.home = passwdEntry(id.uid)
	return id
}

func identityOf(uid uint32) identity {
	id := identity{uid: uid, gid: uid}
	id.name, id.home = passwdEntry(uid)
	if gid, ok := passwdGroup(uid); ok {
		id.gid = gid
	}
	return id
}

// canTag: only a process that may call setgroups can give each command its tag group.
func canTag() bool { return os.Geteuid() == 0 }

// credential is what a started command runs as: the command user, with the run's tag as its only
// supplementary group. Without CAP_SETGID the command cannot drop that group again, which is
// what lets the agent find everything a command started (see tree.go).
func (id identity) credential(tag uint32) *syscall.Credential {
	if !canTag() {
		return nil
	}
	return &syscall.Credential{Uid: id.uid, Gid: id.gid, Groups: []uint32{tag}}
}

// environ adds the user's HOME/USER/LOGNAME (the container's are root's) and the job's env.
func (id identity) environ(extra map[string]string) []string {
	env := os.Environ()
	if id.uid != uint32(os.Getuid()) {
		env = append(env, "HOME="+id.home, "USER="+id.name, "LOGNAME="+id.name)
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// do runs fn with the file-system identity of the command user, so that files are created as
// that user and its permissions apply. setfsuid/setfsgid/setgroups issued as raw system calls
// change only the calling OS thread, so fn runs on a locked thread that is given back to the
// runtime only once restored; a thread that cannot be restored dies with its goroutine.
func (id identity) do(fn func() error) error {
	if id.uid == uint32(os.Geteuid()) {
		return fn()
	}
	return onSwitchedThread(id.enterThread, restoreThread, fn)
}

// onSwitchedThread runs fn on a locked OS thread switched by enter and switched back by restore;
// a thread that cannot be restored is never given back to the runtime (it dies with its goroutine).
func onSwitchedThread(enter, restore func() error, fn func() error) error {
	result := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		err := enter()
		if err == nil {
			err = fn()
		}
		if restore() == nil {
			runtime.UnlockOSThread()
		}
		result <- err
	}()
	return <-result
}

func (id identity) enterThread() error {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETGROUPS, 0, 0, 0); errno != 0 {
		return fmt.Errorf("setgroups: %v", errno)
	}
	syscall.RawSyscall(syscall.SYS_SETFSGID, uintptr(id.gid), 0, 0)
	syscall.RawSyscall(syscall.SYS_SETFSUID, uintptr(id.uid), 0, 0)
	// setfs[ug]id report the previous value, never an error: ask again to be sure both took.
	if fsgid, _, _ := syscall.RawSyscall(syscall.SYS_SETFSGID, ^uintptr(0), 0, 0); uint32(fsgid) != id.gid {
		return fmt.Errorf("setfsgid(%d) did not take", id.gid)
	}
	if fsuid, _, _ := syscall.RawSyscall(syscall.SYS_SETFSUID, ^uintptr(0), 0, 0); uint32(fsuid) != id.uid {
		return fmt.Errorf("setfsuid(%d) did not take", id.uid)
	}
	return nil
}

// agentGroups are the agent's own supplementary groups, given back to a thread after do().
var agentGroups = currentGroups()

func currentGroups() []uint32 {
	groups, _ := syscall.Getgroups()
	out := make([]uint32, len(groups))
	for i, g := range groups {
		out[i] = uint32(g)
	}
	return out
}

func restoreThread() error {
	uid, gid := os.Geteuid(), os.Getegid()
	var list uintptr
	if len(agentGroups) > 0 {
		list = uintptr(unsafe.Pointer(&agentGroups[0]))
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETGROUPS, uintptr(len(agentGroups)), list, 0); errno != 0 {
		return fmt.Errorf("setgroups: %v", errno)
	}
	syscall.RawSyscall(syscall.SYS_SETFSUID, uintptr(uid), 0, 0)
	syscall.RawSyscall(syscall.SYS_SETFSGID, uintptr(gid), 0, 0)
	if fsuid, _, _ := syscall.RawSyscall(syscall.SYS_SETFSUID, ^uintptr(0), 0, 0); int(fsuid) != uid {
		return fmt.Errorf("fsuid not restored")
	}
	return nil
}

// passwdEntry reads the user's name and home from the image's /etc/passwd.
func passwdEntry(uid uint32) (name, home string) {
	name, home = strconv.Itoa(int(uid)), "/"
	forPasswdLine(uid, func(fields []string) {
		name, home = fields[0], fields[5]
	})
	return name, home
}

func passwdGroup(uid uint32) (uint32, bool) {
	var gid uint32
	found := false
	forPasswdLine(uid, func(fields []string) {
		if g, err := strconv.ParseUint(fields[3], 10, 32); err == nil {
			gid, found = uint32(g), true
		}
	})
	return gid, found
}

func forPasswdLine(uid uint32, fn func([]string)) {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Split(scanner.Text(), ":")
		if len(fields) >= 7 && fields[2] == strconv.Itoa(int(uid)) {
			fn(fields)
			return
		}
	}
}

// makeOOMVictim makes a started command the OOM killer's first choice, so a memory hog dies
// before the agent (whose death would take the sandbox down). Set right after the start: the
// command itself is never started through a launcher (one process start per command).
func makeOOMVictim(pid int) {
	_ = os.WriteFile("/proc/"+strconv.Itoa(pid)+"/oom_score_adj", []byte("1000"), 0)
}

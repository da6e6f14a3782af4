package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// A throw-away container may serve another job that asked for it only once everything the last
// job could leave behind is gone (README "Reusing throw-away containers"). Its root file system
// is read-only; the places the command user can write are the container's own volumes (and
// Docker's /dev/shm), named to the agent with -reusable. The agent records what they hold before
// any job runs, and the reset op brings them back to that, removes every System V and POSIX IPC
// object, and checks that no process and no socket but its own is left. Any step that fails or any
// check that finds something says "not reusable" (it fails closed): the worker then removes the
// container, as it does with every other one.

// ResetResult says whether the container is as it was before its first job.
type ResetResult struct {
	Reusable bool   `json:"reusable"`
	Reason   string `json:"reason,omitempty"`
	Millis   int64  `json:"millis"`
}

// resetLimits bound what a reset restores and removes: a job that left more than this is not worth
// cleaning up after (the container is removed instead).
const (
	maxBaselineEntries = 1000
	maxBaselineBytes   = 1 << 20
	maxRemovedEntries  = 20000
)

// entry is one thing a writable place held before the first job: a directory, regular file or
// symbolic link, owned by the command user.
type entry struct {
	rel     string
	mode    os.FileMode
	content []byte // a regular file's bytes
	target  string // a symbolic link's target
}

// writablePlace is one folder the command user can write, as it was when the agent started: the
// folder's own mode, owner, times, inode flags and extended attributes, and what it held.
type writablePlace struct {
	path         string
	mode         os.FileMode
	uid, gid     uint32
	atime, mtime syscall.Timespec
	flags        int64
	xattrs       map[string]string
	entries      []entry
}

// resetBaseline is nil when the agent was started without -reusable, or when what the places held
// could not be recorded; a reset then always answers "not reusable".
var resetBaseline []writablePlace
var resetBaselineProblem = "the agent was started without -reusable"

// recordReusablePlaces reads what the places hold now, before any job ran.
func recordReusablePlaces(paths []string) {
	var places []writablePlace
	for _, path := range paths {
		place, err := recordPlace(path)
		if err != nil {
			resetBaselineProblem = err.Error()
			return
		}
		places = append(places, place)
	}
	resetBaseline = places
	resetBaselineProblem = ""
}

func recordPlace(path string) (writablePlace, error) {
	info, err := os.Lstat(path)
	if err != nil || !info.IsDir() {
		return writablePlace{}, fmt.Errorf("%s is not a directory", path)
	}
	st := info.Sys().(*syscall.Stat_t)
	place := writablePlace{path: path, mode: info.Mode(), uid: st.Uid, gid: st.Gid, atime: st.Atim, mtime: st.Mtim}
	if place.flags, err = inodeFlags(path); err != nil {
		return writablePlace{}, err
	}
	if place.xattrs, err = readXattrs(path); err != nil {
		return writablePlace{}, err
	}
	total := 0
	err = filepath.Walk(path, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if p == path {
			return nil
		}
		if fi.Sys().(*syscall.Stat_t).Uid != commandUser.uid {
			return fmt.Errorf("%s does not belong to the command user", p)
		}
		rel, _ := filepath.Rel(path, p)
		e := entry{rel: rel, mode: fi.Mode()}
		switch {
		case fi.Mode().IsRegular():
			if e.content, err = os.ReadFile(p); err != nil {
				return err
			}
		case fi.Mode()&os.ModeSymlink != 0:
			if e.target, err = os.Readlink(p); err != nil {
				return err
			}
		case !fi.IsDir():
			return fmt.Errorf("%s is neither a file, a directory nor a link", p)
		}
		total += len(e.content) + len(e.target)
		place.entries = append(place.entries, e)
		if len(place.entries) > maxBaselineEntries || total > maxBaselineBytes {
			return fmt.Errorf("%s holds too much to restore", path)
		}
		return nil
	})
	return place, err
}

// resetContainer brings the container back to how it was before its first job, or says why not;
// the results of ended runs are forgotten (nothing of the last job's output stays in the agent).
func resetContainer(runs *Runs) *ResetResult {
	started := time.Now()
	err := reset(runs)
	result := &ResetResult{Reusable: err == nil, Millis: time.Since(started).Milliseconds()}
	if err != nil {
		result.Reason = err.Error()
	}
	return result
}

func reset(runs *Runs) error {
	if resetBaseline == nil {
		return fmt.Errorf("no record of the writable places: %s", resetBaselineProblem)
	}
	if !sweepStrays {
		return fmt.Errorf("the agent does not sweep processes (not -contained)")
	}
	// No command starts while the container is being reset (starts hold this shared).
	if !lockWithin(&starting, time.Second) {
		return fmt.Errorf("a command start held off the reset")
	}
	defer starting.Unlock()
	if err := endEveryProcess(); err != nil {
		return err
	}
	if runs.anyLive() {
		return fmt.Errorf("a command is still running")
	}
	runs.forgetEnded()
	started := time.Now()
	if err := checkKeyringsRefused(); err != nil {
		return err
	}
	if err := commandUser.become(func() error {
		for _, place := range resetBaseline {
			if err := place.restore(); err != nil {
				return err
			}
		}
		return removeIPC()
	}); err != nil {
		return err
	}
	if err := touchSharedFolders(); err != nil {
		return err
	}
	for _, place := range resetBaseline {
		if err := place.check(started); err != nil {
			return err
		}
	}
	if err := checkIPCEmpty(); err != nil {
		return err
	}
	return checkNoForeignSockets()
}

// endEveryProcess kills whatever still runs besides init and the agent (an exec already did; this
// is the check) and waits for init to reap it. The caller holds starting.
func endEveryProcess() error {
	deadline := time.Now().Add(2 * time.Second)
	for {
		killUntagged(0)
		left, err := otherProcesses()
		if err != nil {
			return err
		}
		if left == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d processes are left after the sweep", left)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// otherProcesses counts the processes besides init and the agent; unlike listProcesses it fails
// when /proc cannot be read (a reset must not take "cannot tell" for "none").
func otherProcesses() (int, error) {
	names, err := readNames("/proc")
	if err != nil {
		return 0, err
	}
	count := 0
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid == 1 || pid == os.Getpid() {
			continue
		}
		if _, err := os.Stat("/proc/" + name + "/status"); err == nil {
			count++
		} else if !os.IsNotExist(err) {
			return 0, err
		}
	}
	return count, nil
}

// checkKeyringsRefused: kernel keyrings live per user (and user namespace), beyond any container;
// only the seccomp profile keeps a job from leaving a key there. add_key with a key type that does
// not exist creates nothing: ENODEV says the call got through, EPERM (or ENOSYS) that it is
// refused.
func checkKeyringsRefused() error {
	const sysAddKey = 248 // x86-64
	if runtime.GOARCH != "amd64" {
		return fmt.Errorf("the keyring check knows only x86-64")
	}
	keyType := []byte("boxcar-no-such-key-type\x00")
	description := []byte("probe\x00")
	_, _, errno := syscall.RawSyscall6(sysAddKey, uintptr(unsafe.Pointer(&keyType[0])),
		uintptr(unsafe.Pointer(&description[0])), 0, 0, ^uintptr(3) /* KEY_SPEC_USER_KEYRING (-4) */, 0)
	if errno == syscall.EPERM || errno == syscall.ENOSYS {
		return nil
	}
	return fmt.Errorf("add_key is not refused (%v): keyrings could carry data between jobs", errno)
}

// restore empties the place and writes back what it held; it runs as the command user, who owns
// everything a job could have written there.
func (w writablePlace) restore() error {
	if err := w.restoreRoot(); err != nil {
		return err
	}
	budget := maxRemovedEntries
	names, err := readNames(w.path)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := removeTree(filepath.Join(w.path, name), &budget); err != nil {
			return err
		}
	}
	for _, e := range w.entries {
		if err := e.writeUnder(w.path); err != nil {
			return fmt.Errorf("cannot restore %s: %v", filepath.Join(w.path, e.rel), err)
		}
	}
	// Modes last and deepest first: a directory that was read-only must first take its entries.
	for i := len(w.entries) - 1; i >= 0; i-- {
		if e := w.entries[i]; e.mode&os.ModeSymlink == 0 {
			if err := os.Chmod(filepath.Join(w.path, e.rel), e.mode.Perm()|unixSpecialBits(e.mode)); err != nil {
				return err
			}
		}
	}
	return w.restoreTimes()
}

// restoreRoot gives the mount point back its mode (when the command user owns it, a job could
// have changed it) and removes the extended attributes a job could have set on it.
func (w writablePlace) restoreRoot() error {
	info, err := os.Lstat(w.path)
	if err != nil {
		return err
	}
	if info.Mode() != w.mode && info.Sys().(*syscall.Stat_t).Uid == commandUser.uid {
		if err := os.Chmod(w.path, w.mode.Perm()|unixSpecialBits(w.mode)); err != nil {
			return err
		}
	}
	if flags, err := inodeFlags(w.path); err != nil {
		return err
	} else if flags != w.flags {
		if err := setInodeFlags(w.path, w.flags); err != nil {
			return fmt.Errorf("cannot give %s back its inode flags: %v", w.path, err)
		}
	}
	attrs, err := readXattrs(w.path)
	if err != nil {
		return err
	}
	for name, value := range attrs {
		if was, ok := w.xattrs[name]; ok && was == value {
			continue
		}
		if err := syscall.Removexattr(w.path, name); err != nil {
			return fmt.Errorf("cannot remove attribute %s of %s: %v", name, w.path, err)
		}
	}
	return nil
}

// restoreTimes, last: emptying and refilling the folder changed its times, and a job that owns it
// could have set them (a few bits for the next job to read).
func (w writablePlace) restoreTimes() error {
	info, err := os.Lstat(w.path)
	if err != nil {
		return err
	}
	if info.Sys().(*syscall.Stat_t).Uid != commandUser.uid {
		return nil
	}
	return syscall.UtimesNano(w.path, []syscall.Timespec{w.atime, w.mtime})
}

// touchSharedFolders sets the times of the folders the command user can write but does not own
// (/tmp, /dev/shm, /dev/mqueue...) to now: a job cannot set them, but creating and removing a file
// at a moment of its choosing leaves that moment there, to the nanosecond. The agent may (it can
// write there).
func touchSharedFolders() error {
	folders := []string{posixQueues}
	for _, place := range resetBaseline {
		if place.uid != commandUser.uid {
			folders = append(folders, place.path)
		}
	}
	for _, folder := range folders {
		path, err := syscall.BytePtrFromString(folder)
		if err != nil {
			return err
		}
		const atFdcwd = -100
		fd := atFdcwd
		// utimensat(AT_FDCWD, path, NULL, 0): both times to now.
		if _, _, errno := syscall.Syscall6(syscall.SYS_UTIMENSAT, uintptr(fd), uintptr(unsafe.Pointer(path)), 0, 0, 0, 0); errno != 0 {
			return fmt.Errorf("cannot set the times of %s: %v", folder, errno)
		}
	}
	return nil
}

// check (as the agent) that the place is exactly as recorded; a folder the command user does not
// own must have been touched by this reset (started) or later.
func (w writablePlace) check(started time.Time) error {
	info, err := os.Lstat(w.path)
	if err != nil {
		return err
	}
	st := info.Sys().(*syscall.Stat_t)
	if info.Mode() != w.mode || st.Uid != w.uid || st.Gid != w.gid {
		return fmt.Errorf("%s is %v %d:%d, was %v %d:%d", w.path, info.Mode(), st.Uid, st.Gid, w.mode, w.uid, w.gid)
	}
	if attrs, err := readXattrs(w.path); err != nil || !sameAttributes(attrs, w.xattrs) {
		return fmt.Errorf("%s has extended attributes %v, had %v (%v)", w.path, attrs, w.xattrs, err)
	}
	if flags, err := inodeFlags(w.path); err != nil || flags != w.flags {
		return fmt.Errorf("%s has inode flags %x, had %x (%v)", w.path, flags, w.flags, err)
	}
	if st.Uid == commandUser.uid && st.Mtim != w.mtime {
		return fmt.Errorf("%s has another modification time than before the first job", w.path)
	}
	// File times come from the kernel's coarse clock, a tick behind time.Now at most.
	if st.Uid != commandUser.uid && time.Unix(st.Mtim.Unix()).Before(started.Add(-100*time.Millisecond)) {
		return fmt.Errorf("%s keeps a modification time from before the reset", w.path)
	}
	now, err := recordPlace(w.path)
	if err != nil {
		return err
	}
	if len(now.entries) != len(w.entries) {
		return fmt.Errorf("%s holds %d entries, had %d", w.path, len(now.entries), len(w.entries))
	}
	for i, e := range now.entries {
		was := w.entries[i]
		if e.rel != was.rel || e.mode != was.mode || string(e.content) != string(was.content) || e.target != was.target {
			return fmt.Errorf("%s differs from before the first job", filepath.Join(w.path, e.rel))
		}
	}
	return nil
}

func unixSpecialBits(mode os.FileMode) os.FileMode {
	return mode & (os.ModeSticky | os.ModeSetuid | os.ModeSetgid)
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// removeTree removes a file or a whole directory without following links; a directory its owner
// made unreadable is opened up first. More than budget entries: the reset gives up.
func removeTree(path string, budget *int) error {
	*budget--
	if *budget < 0 {
		return fmt.Errorf("the job left more than %d files", maxRemovedEntries)
	}
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.IsDir() {
		if info.Mode().Perm()&0o700 != 0o700 {
			if err := os.Chmod(path, 0o700); err != nil {
				return err
			}
		}
		names, err := readNames(path)
		if err != nil {
			return err
		}
		for _, name := range names {
			if err := removeTree(filepath.Join(path, name), budget); err != nil {
				return err
			}
		}
	}
	return os.Remove(path)
}

func (e entry) writeUnder(root string) error {
	path := filepath.Join(root, e.rel)
	switch {
	case e.mode.IsDir():
		return os.Mkdir(path, 0o700)
	case e.mode&os.ModeSymlink != 0:
		return os.Symlink(e.target, path)
	default:
		return os.WriteFile(path, e.content, 0o600)
	}
}

func readXattrs(path string) (map[string]string, error) {
	names, err := listXattrs(path)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{}
	for _, name := range names {
		buf := make([]byte, 64<<10)
		n, err := syscall.Getxattr(path, name, buf)
		if err != nil {
			return nil, err
		}
		attrs[name] = string(buf[:n])
	}
	return attrs, nil
}

func sameAttributes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for name, value := range a {
		if was, ok := b[name]; !ok || was != value {
			return false
		}
	}
	return true
}

// Inode flags (chattr): an owner may set some on its folder (synchronous writes, no atime...),
// and new files inherit several of them. File systems without flags (tmpfs) have none to keep.
const (
	fsIocGetFlags = 0x80086601
	fsIocSetFlags = 0x40086602
)

func inodeFlags(path string) (int64, error) {
	var flags int64
	err := withDirectory(path, func(fd uintptr) syscall.Errno {
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, fsIocGetFlags, uintptr(unsafe.Pointer(&flags)))
		return errno
	})
	if err == syscall.ENOTTY || err == syscall.EOPNOTSUPP || err == syscall.EINVAL {
		return 0, nil
	}
	return flags, err
}

func setInodeFlags(path string, flags int64) error {
	return withDirectory(path, func(fd uintptr) syscall.Errno {
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, fsIocSetFlags, uintptr(unsafe.Pointer(&flags)))
		return errno
	})
}

// withDirectory calls fn with a descriptor of the folder itself (never of what a link points to).
func withDirectory(path string, fn func(fd uintptr) syscall.Errno) error {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	if errno := fn(uintptr(fd)); errno != 0 {
		return errno
	}
	return nil
}

func listXattrs(path string) ([]string, error) {
	buf := make([]byte, 4096)
	n, err := syscall.Listxattr(path, buf)
	if err == syscall.ENOTSUP {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range strings.Split(string(buf[:n]), "\x00") {
		if name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// System V IPC objects outlive their processes; ids are read from /proc/sysvipc (second column).
var sysvipc = []struct {
	file string
	rmid func(id int) syscall.Errno
}{
	{"/proc/sysvipc/shm", func(id int) syscall.Errno { return ipcRemove(syscall.SYS_SHMCTL, id) }},
	{"/proc/sysvipc/sem", func(id int) syscall.Errno { return ipcRemove(syscall.SYS_SEMCTL, id) }},
	{"/proc/sysvipc/msg", func(id int) syscall.Errno { return ipcRemove(syscall.SYS_MSGCTL, id) }},
}

const ipcRMID = 0

func ipcRemove(call uintptr, id int) syscall.Errno {
	var errno syscall.Errno
	if call == syscall.SYS_SEMCTL {
		_, _, errno = syscall.RawSyscall6(call, uintptr(id), 0, ipcRMID, 0, 0, 0)
	} else {
		_, _, errno = syscall.RawSyscall(call, uintptr(id), ipcRMID, 0)
	}
	return errno
}

// posixQueues is where POSIX message queues live (Docker mounts the mqueue file system there).
const posixQueues = "/dev/mqueue"

// removeIPC runs as the command user: only an object's owner (or CAP_SYS_ADMIN) may remove it.
func removeIPC() error {
	for _, kind := range sysvipc {
		ids, err := ipcIds(kind.file)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if errno := kind.rmid(id); errno != 0 && errno != syscall.EINVAL && errno != syscall.EIDRM {
				return fmt.Errorf("cannot remove IPC object %d (%s): %v", id, kind.file, errno)
			}
		}
	}
	names, err := readNames(posixQueues)
	if err != nil {
		return fmt.Errorf("cannot list POSIX queues: %v", err)
	}
	for _, name := range names {
		if err := os.Remove(filepath.Join(posixQueues, name)); err != nil {
			return err
		}
	}
	return nil
}

func checkIPCEmpty() error {
	for _, kind := range sysvipc {
		ids, err := ipcIds(kind.file)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			return fmt.Errorf("%d IPC objects are left in %s", len(ids), kind.file)
		}
	}
	names, err := readNames(posixQueues)
	if err != nil || len(names) > 0 {
		return fmt.Errorf("%d POSIX message queues are left (%v)", len(names), err)
	}
	return nil
}

func ipcIds(file string) ([]int, error) {
	var ids []int
	err := forTableRows(file, func(fields []string) {
		if len(fields) > 1 {
			if id, err := strconv.Atoi(fields[1]); err == nil {
				ids = append(ids, id)
			}
		}
	})
	return ids, err
}

// forTableRows calls fn with the fields of every line of a /proc table but its header.
func forTableRows(file string, fn func([]string)) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for first := true; scanner.Scan(); first = false {
		if !first {
			fn(strings.Fields(scanner.Text()))
		}
	}
	return scanner.Err()
}

// checkNoForeignSockets: with network none a socket lives only as long as a process holds it (a
// TCP connection in TIME_WAIT a little longer); the agent's own are the only ones allowed.
func checkNoForeignSockets() error {
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6"} {
		rows := 0
		err := forTableRows("/proc/net/"+table, func([]string) { rows++ })
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if rows > 0 {
			return fmt.Errorf("%d %s sockets are left", rows, table)
		}
	}
	own := ownSocketInodes()
	foreign := 0
	err := forTableRows("/proc/net/unix", func(fields []string) {
		if len(fields) > 6 && !own[fields[6]] {
			foreign++
		}
	})
	if err != nil {
		return err
	}
	if foreign > 0 {
		return fmt.Errorf("%d unix sockets are left", foreign)
	}
	return nil
}

func ownSocketInodes() map[string]bool {
	own := map[string]bool{}
	fds, _ := readNames("/proc/self/fd")
	for _, fd := range fds {
		link, err := os.Readlink("/proc/self/fd/" + fd)
		if err == nil && strings.HasPrefix(link, "socket:[") {
			own[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	return own
}

// become runs fn on a locked OS thread whose effective user and group are the identity's (System
// V IPC checks the effective uid, not the file-system one), with no supplementary group and so no
// capability. Raw system calls change only the calling thread; the saved uid stays the agent's,
// which is what lets the thread switch back. A thread that cannot switch back dies with its
// goroutine.
func (id identity) become(fn func() error) error {
	return onSwitchedThread(func() error { return enterEffective(id) }, restoreEffective, fn)
}

func enterEffective(id identity) error {
	keep := ^uintptr(0)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETGROUPS, 0, 0, 0); errno != 0 {
		return fmt.Errorf("setgroups: %v", errno)
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESGID, keep, uintptr(id.gid), keep); errno != 0 {
		return fmt.Errorf("setresgid: %v", errno)
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESUID, keep, uintptr(id.uid), keep); errno != 0 {
		return fmt.Errorf("setresuid: %v", errno)
	}
	return nil
}

func restoreEffective() error {
	keep := ^uintptr(0)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESUID, keep, uintptr(os.Getuid()), keep); errno != 0 {
		return fmt.Errorf("setresuid: %v", errno)
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESGID, keep, uintptr(os.Getgid()), keep); errno != 0 {
		return fmt.Errorf("setresgid: %v", errno)
	}
	var list uintptr
	if len(agentGroups) > 0 {
		list = uintptr(unsafe.Pointer(&agentGroups[0]))
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SETGROUPS, uintptr(len(agentGroups)), list, 0); errno != 0 {
		return fmt.Errorf("setgroups: %v", errno)
	}
	if uid, _, _ := syscall.RawSyscall(syscall.SYS_GETEUID, 0, 0, 0); int(uid) != os.Getuid() {
		return fmt.Errorf("euid not restored")
	}
	return nil
}

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A writable place brought back by restore: what a job added is gone, what it changed or removed
// of the first state is back, and check() finds it as recorded.
func TestRestoreBringsAPlaceBackToItsRecord(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, ".config/app"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, ".profile"), []byte("export A=1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(root, ".config/app/settings"), []byte("x"), 0o600))
	must(t, os.Symlink(".profile", filepath.Join(root, ".bashrc")))
	must(t, os.Chmod(filepath.Join(root, ".config/app"), 0o555))
	place, err := recordPlace(root)
	must(t, err)

	// What a job could do: add files and unreadable folders, change and remove recorded ones.
	must(t, os.Chmod(filepath.Join(root, ".config/app"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, ".profile"), []byte("export SECRET=1\n"), 0o644))
	must(t, os.Remove(filepath.Join(root, ".config/app/settings")))
	must(t, os.MkdirAll(filepath.Join(root, "deep/er/still"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "deep/er/still/answer"), []byte("42"), 0o644))
	must(t, os.Chmod(filepath.Join(root, "deep/er"), 0o000))
	must(t, os.Chmod(filepath.Join(root, "deep"), 0o000))
	must(t, os.Symlink("/etc/passwd", filepath.Join(root, "link")))
	must(t, os.Chmod(root, 0o700))

	if err := place.check(time.Time{}); err == nil {
		t.Fatal("check found nothing wrong with a changed place")
	}
	must(t, place.restore())
	must(t, place.check(time.Time{}))
	if data, _ := os.ReadFile(filepath.Join(root, ".profile")); string(data) != "export A=1\n" {
		t.Fatalf(".profile not restored: %q", data)
	}
	if _, err := os.Lstat(filepath.Join(root, "deep")); !os.IsNotExist(err) {
		t.Fatalf("what the job added is still there: %v", err)
	}
	if info, _ := os.Lstat(filepath.Join(root, ".config/app")); info.Mode().Perm() != 0o555 {
		t.Fatalf("a folder's mode is not restored: %v", info.Mode())
	}
	// A link is written back as a link, never followed.
	if target, _ := os.Readlink(filepath.Join(root, ".bashrc")); target != ".profile" {
		t.Fatalf("link not restored: %q", target)
	}
}

func TestRestoreGivesUpOnTooManyFiles(t *testing.T) {
	root := t.TempDir()
	place, err := recordPlace(root)
	must(t, err)
	for i := 0; i < maxRemovedEntries+1; i++ {
		must(t, os.WriteFile(filepath.Join(root, "f"+strconv.Itoa(i)), nil, 0o644))
	}
	if err := place.restore(); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("restore did not give up: %v", err)
	}
}

func TestAResetWithoutARecordIsNeverReusable(t *testing.T) {
	saved := resetBaseline
	resetBaseline = nil
	defer func() { resetBaseline = saved }()
	if result := resetContainer(NewRuns(nil)); result.Reusable || result.Reason == "" {
		t.Fatalf("reset without a record said %+v", result)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

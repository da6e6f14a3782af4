package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// maxFileBytes bounds a file read through the agent (API bodies are 10 MiB by default).
const maxFileBytes = 64 << 20

type FileWriteRequest struct {
	Path    string `json:"path"`
	Content []byte `json:"content"`
	Mode    string `json:"mode,omitempty"`
}

type FileReadRequest struct {
	Path string `json:"path"`
	// MaxBytes is the largest file the caller takes (at most maxFileBytes; 0: maxFileBytes).
	MaxBytes int64 `json:"maxBytes,omitempty"`
}

// FileResult answers both file ops; Found is false when the file to read does not exist.
type FileResult struct {
	Found   bool   `json:"found"`
	Size    int64  `json:"size"`
	Content []byte `json:"content,omitempty"`
}

// WriteFile writes bytes (parents created) as the agent's user, so the sandbox user's
// permissions apply.
func WriteFile(req *FileWriteRequest) (*FileResult, error) {
	if !filepath.IsAbs(req.Path) {
		return nil, errors.New("path must be absolute")
	}
	mode := os.FileMode(0o644)
	if req.Mode != "" {
		parsed, err := strconv.ParseUint(req.Mode, 8, 32)
		if err != nil {
			return nil, fmt.Errorf("bad mode %q", req.Mode)
		}
		mode = os.FileMode(parsed)
	}
	err := commandUser.do(func() error {
		if err := os.MkdirAll(filepath.Dir(req.Path), 0o755); err != nil {
			return err
		}
		return writeRegularFile(req.Path, req.Content, mode)
	})
	if err != nil {
		return nil, err
	}
	return &FileResult{Found: true, Size: int64(len(req.Content))}, nil
}

func ReadFile(req *FileReadRequest) (*FileResult, error) {
	if !filepath.IsAbs(req.Path) {
		return nil, errors.New("path must be absolute")
	}
	var result *FileResult
	err := commandUser.do(func() (err error) {
		result, err = readAsUser(req.Path, readLimit(req.MaxBytes))
		return err
	})
	return result, err
}

// readAsUser reads a regular file only: a FIFO or a device could block the read (or never
// end), so it is opened without blocking and refused unless fstat says it is a regular file.
func readAsUser(path string, limit int64) (*FileResult, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return &FileResult{Found: false}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if err := requireUserFile(f, info, path); err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return &FileResult{Found: true, Size: int64(len(data)), Content: data}, nil
}

func readLimit(asked int64) int64 {
	if asked <= 0 || asked > maxFileBytes {
		return maxFileBytes
	}
	return asked
}

// writeRegularFile writes content to path, a regular file only: a FIFO or a device planted at
// the path would block the write or send it elsewhere, so the file is opened without blocking and
// refused unless it is a regular file of an ordinary file system.
func writeRegularFile(path string, content []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|syscall.O_NONBLOCK, mode)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if err := requireUserFile(f, info, path); err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		return err
	}
	// The mode of an existing file and the umask would win otherwise.
	return f.Chmod(mode)
}

const (
	procSuperMagic = 0x9fa0
	sysfsMagic     = 0x62656572
)

// requireUserFile refuses what is not a regular file, and files of /proc and /sys: there
// /proc/self is the agent, and a link planted by the sandbox must not read or write the agent's
// own files. Checked on the open file, so a swap after a check by name changes nothing.
func requireUserFile(f *os.File, info os.FileInfo, path string) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	var fs syscall.Statfs_t
	if err := syscall.Fstatfs(int(f.Fd()), &fs); err != nil {
		return err
	}
	if fs.Type == procSuperMagic || fs.Type == sysfsMagic {
		return fmt.Errorf("%s is a kernel file, not a file of the sandbox", path)
	}
	return nil
}

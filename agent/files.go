package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
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
	if err := os.MkdirAll(filepath.Dir(req.Path), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(req.Path, req.Content, mode); err != nil {
		return nil, err
	}
	return &FileResult{Found: true, Size: int64(len(req.Content))}, nil
}

func ReadFile(req *FileReadRequest) (*FileResult, error) {
	if !filepath.IsAbs(req.Path) {
		return nil, errors.New("path must be absolute")
	}
	info, err := os.Stat(req.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return &FileResult{Found: false}, nil
	}
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory", req.Path)
	}
	if info.Size() > maxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes", req.Path, maxFileBytes)
	}
	data, err := os.ReadFile(req.Path)
	if err != nil {
		return nil, err
	}
	return &FileResult{Found: true, Size: int64(len(data)), Content: data}, nil
}

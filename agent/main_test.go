package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary act as the command launcher too, as the real agent binary does.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == childFlag && os.Args[2] == "--" {
		runChild(os.Args[3:])
		return
	}
	os.Exit(m.Run())
}

package main

import "sync"

// ringBuffer keeps the newest `limit` bytes of a stream and counts every byte written, so that
// readers can tell how much was cut and resume from an offset.
type ringBuffer struct {
	mu    sync.Mutex
	data  []byte
	limit int
	total int64
}

func newRingBuffer(limit int) *ringBuffer {
	return &ringBuffer{limit: limit}
}

func (r *ringBuffer) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.total += int64(len(p))
	r.data = append(r.data, p...)
	if over := len(r.data) - r.limit; over > 0 {
		// Compact rarely: only once the buffer holds twice the limit.
		if len(r.data) >= 2*r.limit {
			r.data = append([]byte(nil), r.data[over:]...)
		}
	}
	return len(p), nil
}

// snapshot returns the retained bytes (at most limit) and the total written.
func (r *ringBuffer) snapshot() ([]byte, int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	data := r.data
	if len(data) > r.limit {
		data = data[len(data)-r.limit:]
	}
	return append([]byte(nil), data...), r.total
}

package views

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestDrainWaitsForQueuedSaves: closing the window must not drop a save
// still in the queue. The saves wait on a channel the test opens, so the
// queue is known to be busy without sleeping.
func TestDrainWaitsForQueuedSaves(t *testing.T) {
	r := newLiveRunner()
	var saved atomic.Int32
	gate := make(chan struct{})
	for i := 0; i < 5; i++ {
		r.Serial(func() { <-gate; saved.Add(1) }, nil)
	}
	if r.Drain(50 * time.Millisecond) {
		t.Fatal("drain reported an empty queue while a save was running")
	}
	close(gate)
	if !r.Drain(5 * time.Second) {
		t.Fatal("drain timed out")
	}
	if n := saved.Load(); n != 5 {
		t.Fatalf("closed with %d of 5 saves done", n)
	}
}

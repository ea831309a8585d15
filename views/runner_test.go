package views

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestDrainWaitsForQueuedSaves: closing the window must not drop a save
// still in the queue.
func TestDrainWaitsForQueuedSaves(t *testing.T) {
	r := newLiveRunner()
	var saved atomic.Int32
	for i := 0; i < 5; i++ {
		r.Serial(func() { time.Sleep(20 * time.Millisecond); saved.Add(1) }, nil)
	}
	if !r.Drain(5 * time.Second) {
		t.Fatal("drain timed out")
	}
	if n := saved.Load(); n != 5 {
		t.Fatalf("closed with %d of 5 saves done", n)
	}
	r.Serial(func() { time.Sleep(time.Second) }, nil)
	if r.Drain(50 * time.Millisecond) {
		t.Fatal("drain reported an empty queue while a save was running")
	}
}

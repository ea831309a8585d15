package desktop

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// TestWindowUserManagement goes through the window's adapters over a real
// store: the administrator adds and removes a user from File → Users…, the
// removed user cannot unlock the window, and the records are there for
// the others after the master key changed.
func TestWindowUserManagement(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	opt := &storage.Options{KDF: storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}
	w := newWiring(workstation.Config{DataDir: dir, StoreOptions: opt})
	deps := w.deps()
	s, err := deps.Vault.CreateUser("ines", "tuesday lighthouse 42")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Records().Create(app.Record{Patient: app.Patient{MRN: "W-2", Name: "Windowson, Ada", Sex: app.Female},
		Encounter: app.Encounter{Type: app.Office, Service: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	admin, ok := s.(views.UserAdmin)
	if !ok {
		t.Fatal("the window's session offers no user management")
	}
	if role, _ := admin.Role(); role != app.Administrator {
		t.Errorf("the first user's role %q", role)
	}
	for _, n := range []string{"alice", "bob"} {
		if err := admin.AddUser(n, n+"'s passphrase"); err != nil {
			t.Fatal(err)
		}
	}
	if err := admin.AddUser("ＡＬＩＣＥ", "another passphrase"); !errors.Is(err, storage.ErrExists) {
		t.Errorf("a confusable name: %v", err)
	}
	if err := admin.RemoveUser("alice"); err != nil {
		t.Fatal(err)
	}
	// The window goes on under the new key.
	if _, err := s.Records().Record(rec.ID); err != nil {
		t.Fatalf("record after the removal: %v", err)
	}
	s.Close()
	if _, err := deps.Vault.Unlock("alice", "alice's passphrase"); !errors.Is(err, storage.ErrWrongPassphrase) {
		t.Errorf("removed alice: %v", err)
	}
	b, err := deps.Vault.Unlock("bob", "bob's passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Records().Record(rec.ID); err != nil {
		t.Errorf("bob reads the record: %v", err)
	}
	if err := b.(views.UserAdmin).RemoveUser("ines"); !errors.Is(err, storage.ErrNotAdmin) {
		t.Errorf("a coder removing the administrator: %v", err)
	}
}

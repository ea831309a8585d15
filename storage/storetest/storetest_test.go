package storetest_test

import (
	"io"
	"testing"

	"github.com/codebench/codebench/internal/testenv/testpg"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/postgres"
	"github.com/codebench/codebench/storage/storetest"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// TestBadger runs the suite on the Badger store in a temporary data folder.
func TestBadger(t *testing.T) {
	storetest.Run(t, storetest.Harness{New: func(t *testing.T) (storage.Backend, func(string, string) (storage.Backend, error)) {
		dir := t.TempDir()
		opt := &storage.Options{KDF: storetest.KDF, Log: io.Discard}
		s, err := storage.Create(dir, storetest.FirstUser, storetest.Passphrase, opt)
		if err != nil {
			t.Fatal(err)
		}
		// One process opens a data folder at a time.
		return s, func(user, pass string) (storage.Backend, error) {
			s.Close()
			o, err := storage.Open(dir, user, pass, opt)
			if err != nil {
				return nil, err
			}
			return o, nil
		}
	}})
}

// TestPostgres runs the suite on the shared store in a fresh database of
// the test cluster (internal/testenv/testpg).
func TestPostgres(t *testing.T) {
	storetest.Run(t, storetest.Harness{New: func(t *testing.T) (storage.Backend, func(string, string) (storage.Backend, error)) {
		dsn := testpg.DB(t)
		opt := &postgres.Options{KDF: storetest.KDF}
		s, err := postgres.Create(dsn, storetest.FirstUser, storetest.Passphrase, opt)
		if err != nil {
			t.Fatal(err)
		}
		return s, func(user, pass string) (storage.Backend, error) {
			o, err := postgres.Open(dsn, user, pass, opt)
			if err != nil {
				return nil, err
			}
			return o, nil
		}
	}})
}

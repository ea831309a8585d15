package storage

import (
	badger "github.com/dgraph-io/badger/v4"
)

// Test-only hooks: they reach under the audit chain the way someone
// editing the database files would.

// rawAuditValue returns the stored bytes of audit entry seq.
func (s *Store) rawAuditValue(seq uint64) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(auditKey(seq))
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	return out, err
}

// tamperAudit overwrites (v != nil) or deletes (v == nil) audit entry seq
// without touching the chain.
func (s *Store) tamperAudit(seq uint64, v []byte) error {
	return s.db.Update(func(txn *badger.Txn) error {
		if v == nil {
			return txn.Delete(auditKey(seq))
		}
		return txn.Set(auditKey(seq), v)
	})
}

// TamperAuditEntry is tamperAudit for the external tests that drive the
// command line: it opens the database in dir, rewrites (v != nil) or
// deletes audit entry seq behind the chain's back, and closes it.
func TamperAuditEntry(dir, user, passphrase string, seq uint64, edit func(old []byte) []byte) error {
	s, err := Open(dir, user, passphrase, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	old, err := s.rawAuditValue(seq)
	if err != nil {
		return err
	}
	return s.tamperAudit(seq, edit(old))
}

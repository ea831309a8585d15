package storage

// Test-only hooks: they reach under the audit chain the way someone
// editing the database with the master key in hand would (the values'
// seals hold; only the chain can notice).

// rawAuditValue returns the stored (opened) value of audit entry seq.
func (s *Store) rawAuditValue(seq uint64) ([]byte, error) {
	var out []byte
	err := s.view(func(txn *tx) error {
		var err error
		out, err = txn.get(auditKey(seq))
		return err
	})
	return out, err
}

// tamperAudit overwrites (v != nil) or deletes (v == nil) audit entry seq
// without touching the chain; v is sealed for its key.
func (s *Store) tamperAudit(seq uint64, v []byte) error {
	return s.rawSet(auditKey(seq), v)
}

// rawSet writes (v != nil) or deletes the value under key, sealed, with
// no index, count or audit entry.
func (s *Store) rawSet(key, v []byte) error {
	txn := s.newTx()
	defer txn.Discard()
	var err error
	if v == nil {
		err = txn.Delete(key)
	} else {
		err = txn.set(key, v)
	}
	if err != nil {
		return err
	}
	return txn.Commit()
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

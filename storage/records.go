package storage

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// Record loads one record.
func (s *Store) Record(id string) (*app.Record, error) {
	var r *app.Record
	err := s.view(func(txn *tx) error {
		var err error
		r, err = getRecord(txn, id)
		return err
	})
	return r, err
}

func getRecord(txn *tx, id string) (*app.Record, error) {
	v, err := txn.get(recordKey(id))
	if err != nil {
		return nil, notFound(err, "record "+id)
	}
	r, err := decodeRecord(v)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return r, nil
}

// SaveRecord writes rec (new or changed), its worklist indexes and the
// audit events in one synced transaction.
func (s *Store) SaveRecord(rec *app.Record, events ...app.AuditEvent) error {
	if rec.ID == "" {
		return errors.New("save record: no id")
	}
	base := rec.Version
	err := s.update(func(txn *tx) error {
		old, err := getRecord(txn, rec.ID)
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			return err
		}
		if err := putRecord(txn, rec); err != nil {
			return err
		}
		return rememberAssigned(txn, s.user, old, rec)
	}, events...)
	if err != nil {
		rec.Version = base
	}
	return err
}

// putRecord writes rec over the stored one, refusing it with
// app.ErrStale unless rec.Version is the stored version; rec.Version then
// becomes the next one, which is what is written.
func putRecord(txn *tx, rec *app.Record) error {
	old, err := getRecord(txn, rec.ID)
	switch {
	case errors.Is(err, app.ErrNotFound):
		old = nil
	case err != nil:
		return err
	}
	var stored uint64
	if old != nil {
		stored = old.Version
	}
	if rec.Version != stored {
		return fmt.Errorf("record %s (yours is version %d, the saved one %d): %w", rec.ID, rec.Version, stored, app.ErrStale)
	}
	rec.Version = stored + 1
	sets, err := recordEntries(rec)
	if err != nil {
		return err
	}
	if old != nil {
		if err := deleteIndexes(txn, old); err != nil {
			return err
		}
		if err := addCount(txn, old.Status, -1); err != nil {
			return err
		}
	}
	for _, kv := range sets {
		if err := txn.set(kv.k, kv.v); err != nil {
			return err
		}
	}
	return addCount(txn, rec.Status, 1)
}

type keyValue struct{ k, v []byte }

// recordEntries are the keys a record is stored under: the record, its
// worklist row and its indexes. The search index's keys get a sealed
// empty value: a changed key does not open.
func recordEntries(rec *app.Record) ([]keyValue, error) {
	if rec.Status == "" {
		rec.Status = app.ToCode
	}
	sum := rec.Summary()
	sumV, err := encode(&sum)
	if err != nil {
		return nil, err
	}
	recV, err := encodeRecord(rec)
	if err != nil {
		return nil, err
	}
	sets := []keyValue{
		{recordKey(rec.ID), recV},
		{summaryKey(rec.ID), sumV},
		{statusIndexKey(sum.Status, sum.Service, rec.ID), sumV},
		{dateIndexKey(sum.Service, rec.ID), sumV},
	}
	for _, k := range searchKeys(rec) {
		sets = append(sets, keyValue{k, nil})
	}
	return sets, nil
}

func deleteIndexes(txn *tx, old *app.Record) error {
	st := old.Status
	if st == "" {
		st = app.ToCode
	}
	keys := append(searchKeys(old), statusIndexKey(st, old.Encounter.Service, old.ID), dateIndexKey(old.Encounter.Service, old.ID))
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func addCount(txn *tx, st app.Status, d int64) error {
	var n uint64
	v, err := txn.get(countKey(st))
	switch {
	case err == nil:
		if n, err = readCounter(v, countKey(st)); err != nil {
			return err
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return err
	}
	if d < 0 && n < uint64(-d) {
		n = 0
	} else {
		n = uint64(int64(n) + d)
	}
	return txn.set(countKey(st), uint64Value(n))
}

// counts reads the per-status counters.
func counts(txn *tx) (map[app.Status]int, error) {
	c := make(map[app.Status]int, len(app.Statuses))
	for _, st := range app.Statuses {
		v, err := txn.get(countKey(st))
		if errors.Is(err, badger.ErrKeyNotFound) {
			c[st] = 0
			continue
		}
		if err != nil {
			return nil, err
		}
		n, err := readCounter(v, countKey(st))
		if err != nil {
			return nil, err
		}
		c[st] = int(n)
	}
	return c, nil
}

// List answers the worklist. Without a query it walks the status or date
// index in date order and stops at the limit; with one it looks each word
// up in the MRN, account and name indexes (and as a record id) and
// intersects the matches.
func (s *Store) List(f app.ListFilter) (app.Worklist, error) {
	var wl app.Worklist
	err := s.view(func(txn *tx) error {
		words := app.SearchWords(f.Query)
		if len(words) == 0 {
			return listIndex(txn, f, &wl)
		}
		return listQuery(txn, f, words, &wl)
	})
	return wl, err
}

func listIndex(txn *tx, f app.ListFilter, wl *app.Worklist) error {
	c, err := counts(txn)
	if err != nil {
		return err
	}
	wl.Counts = c
	prefix := []byte(prefixDate)
	if f.Status != "" {
		prefix = []byte(prefixStatus + string(f.Status) + "\x00")
		wl.Total = c[f.Status]
	} else {
		for _, n := range c {
			wl.Total += n
		}
	}
	size := 100
	if f.Limit > 0 && f.Limit < size {
		size = f.Limit
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: !f.Oldest, PrefetchValues: true, PrefetchSize: size})
	defer it.Close()
	if f.Oldest {
		it.Rewind()
	} else {
		it.Seek(append(bytes.Clone(prefix), 0xff))
	}
	for ; it.Valid(); it.Next() {
		if f.Limit > 0 && len(wl.Records) >= f.Limit {
			break
		}
		// The row is the sealed copy under the index key; the seal binds
		// it to that key, and the key's id must be the row's.
		item := it.Item()
		v, err := txn.open(item)
		if err != nil {
			return err
		}
		var r app.RecordSummary
		if err := decode(v, &r); err != nil {
			return err
		}
		if r.ID != idFromIndexKey(item.Key()) {
			return damaged(item.Key())
		}
		wl.Records = append(wl.Records, r)
	}
	return nil
}

func listQuery(txn *tx, f app.ListFilter, words []string, wl *app.Worklist) error {
	var ids map[string]bool
	for _, w := range words {
		found := map[string]bool{}
		for _, p := range []string{prefixName, prefixMRN, prefixAcct} {
			if err := scanIDs(txn, []byte(p+term(w)), found); err != nil {
				return err
			}
		}
		// A record id typed in full finds that record.
		if id := strings.ToUpper(w); len(id) > 1 && id[0] == 'R' {
			if _, err := txn.Get(summaryKey(id)); err == nil {
				found[id] = true
			}
		}
		if ids == nil {
			ids = found
		} else {
			for id := range ids {
				if !found[id] {
					delete(ids, id)
				}
			}
		}
		if len(ids) == 0 {
			break
		}
	}
	wl.Counts = make(map[app.Status]int, len(app.Statuses))
	for _, st := range app.Statuses {
		wl.Counts[st] = 0
	}
	// Every row comes from the record's own sealed summary, not from the
	// search index, whose keys only say which records to read.
	for id := range ids {
		v, err := txn.get(summaryKey(id))
		if err != nil {
			return notFound(err, "worklist row "+id)
		}
		var r app.RecordSummary
		if err := decode(v, &r); err != nil {
			return err
		}
		if r.ID != id {
			return damaged(summaryKey(id))
		}
		wl.Counts[r.Status]++
		if f.Status == "" || r.Status == f.Status {
			wl.Records = append(wl.Records, r)
		}
	}
	sortSummaries(wl.Records, f.Oldest)
	wl.Total = len(wl.Records)
	if f.Limit > 0 && len(wl.Records) > f.Limit {
		wl.Records = wl.Records[:f.Limit]
	}
	return nil
}

// sortSummaries orders rows as the index does: by date of service, then id.
func sortSummaries(rs []app.RecordSummary, oldest bool) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		ka, kb := dateTerm(a.Service)+"\x00"+a.ID, dateTerm(b.Service)+"\x00"+b.ID
		if oldest {
			return ka < kb
		}
		return ka > kb
	})
}

// scanIDs adds the record ids of the search index entries under prefix.
// Each entry's sealed empty value is opened: a key changed on disk (a
// different name word or id) does not open and is reported, never
// followed.
func scanIDs(txn *tx, prefix []byte, into map[string]bool) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if _, err := txn.open(it.Item()); err != nil {
			return err
		}
		into[idFromIndexKey(it.Item().Key())] = true
	}
	return nil
}

// scanAll is the worklist without indexes: decode every record and
// filter. It is the baseline the index benchmarks compare against, and
// the check that the indexes agree with the records.
func (s *Store) scanAll(f app.ListFilter) ([]app.RecordSummary, error) {
	words := app.SearchWords(f.Query)
	var out []app.RecordSummary
	err := s.view(func(txn *tx) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixRecord), PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := txn.open(it.Item())
			if err != nil {
				return err
			}
			r, err := decodeRecord(v)
			if err != nil {
				return err
			}
			if f.Status != "" && r.Status != f.Status {
				continue
			}
			if !matchesAll(r, words) {
				continue
			}
			out = append(out, r.Summary())
		}
		return nil
	})
	sortSummaries(out, f.Oldest)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, err
}

func matchesAll(r *app.Record, words []string) bool {
	for _, w := range words {
		w = term(w)
		ok := strings.HasPrefix(term(r.Patient.MRN), w) || (r.Encounter.Account != "" && strings.HasPrefix(term(r.Encounter.Account), w)) ||
			strings.EqualFold(r.ID, w)
		for _, nw := range app.SearchWords(r.Patient.Name) {
			if strings.HasPrefix(nw, w) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// ScanList answers a worklist query without the blind index: every
// worklist row is fetched and opened on the workstation and matched
// there. It is the design the blind index is measured against.
func (s *Store) ScanList(f app.ListFilter) (app.Worklist, error) {
	var wl app.Worklist
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, version, summary FROM records")
		if err != nil {
			return err
		}
		all, err := s.collectSummaries(rows)
		if err != nil {
			return err
		}
		wl = storage.WorklistOf(all, f)
		return nil
	})
	return wl, err
}

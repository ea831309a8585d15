package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"
)

// checkTables reads every table of the database in dbDir and checks the
// checksum of every block before Badger opens it.
//
// Badger can check them itself when it opens a table (OnTableRead), but
// a damaged block there crashes the program instead of failing the open:
// Table.VerifyChecksum formats its error with the nil block its failed
// read returned (table.go:711 in v4.9.6), and a garbled block trailer
// indexes out of range. Both happen in goroutines of Badger's own, which
// no caller can recover. Here they happen in this goroutine, and a damaged
// table is an error. Badger then checks each block again as it reads it
// (OnBlockRead), which it does without that fault.
//
// A folder without a manifest (a new database) or whose key registry does
// not open with master has nothing to check here: badger.Open reports it.
func checkTables(dbDir string, master []byte, bo badger.Options) error {
	mf, err := os.Open(filepath.Join(dbDir, badger.ManifestFilename))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	man, _, err := badger.ReplayManifestFile(mf, bo.ExternalMagicVersion, bo)
	mf.Close()
	if err != nil {
		return errTablesDamaged
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dbDir, ReadOnly: true, EncryptionKey: master,
		EncryptionKeyRotationDuration: bo.EncryptionKeyRotationDuration})
	if err != nil {
		return nil
	}
	defer kr.Close()
	index, err := ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1 << 10, MaxCost: 4 << 20, BufferItems: 64})
	if err != nil {
		return err
	}
	defer index.Close()
	for id, tm := range man.Tables {
		if err := checkTable(table.NewFilename(id, dbDir), tm, kr, index, bo.BlockSize); err != nil {
			return err
		}
	}
	return nil
}

// errTablesDamaged is what checkTables returns for any damage; openLocked
// reports it as the database being damaged.
var errTablesDamaged = errors.New("a table of the database is damaged")

func checkTable(name string, tm badger.TableManifest, kr *badger.KeyRegistry, index *ristretto.Cache[uint64, *fb.TableIndex], blockSize int) (err error) {
	dk, err := kr.DataKey(tm.KeyID)
	if err != nil {
		return errTablesDamaged
	}
	mf, err := z.OpenMmapFile(name, os.O_RDONLY, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: a table is missing", errTablesDamaged)
		}
		return err
	}
	opened := false
	defer func() {
		if r := recover(); r != nil {
			err = errTablesDamaged
			if !opened {
				mf.Close(-1)
			}
		}
	}()
	// OnTableRead: OpenTable reads every block and checks its checksum;
	// blocks are decrypted and parsed in this goroutine.
	t, err := table.OpenTable(mf, table.Options{ChkMode: options.OnTableRead, DataKey: dk, BlockSize: blockSize,
		Compression: tm.Compression, IndexCache: index, ReadOnly: true})
	if err != nil {
		return errTablesDamaged // OpenTable closed mf
	}
	opened = true
	// Not t.DecrRef: at zero references it deletes the file.
	return t.MmapFile.Close(-1)
}

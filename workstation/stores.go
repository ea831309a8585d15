package workstation

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/codebench/codebench/storage"
)

// EnvStore names the shared database the window and the command line use
// instead of the data folder's own store, e.g.
// postgres://coder@db.practice.lan/codebench?sslmode=verify-full.
const EnvStore = "CODEBENCH_STORE"

// StoreDriver opens a shared store named by a connection string. The
// PostgreSQL store registers one (storage/postgres), so this package and
// the faces never import its driver.
type StoreDriver struct {
	// Users lists the store's users in the order they were added, without
	// signing in; none for a database Codebench has not set up yet.
	Users func(dsn string) ([]string, error)
	// Create sets up an empty database with its first user and signs in.
	Create func(dsn, user, passphrase string, opt *storage.Options) (storage.Backend, error)
	// Open signs user in.
	Open func(dsn, user, passphrase string, opt *storage.Options) (storage.Backend, error)
	// Import makes an empty store, encrypted with master, for a store
	// copy to fill; a database that holds data is refused unless force.
	Import func(dsn string, master []byte, force bool, opt *storage.Options) (storage.Importer, error)
}

var (
	driversMu sync.Mutex
	drivers   = map[string]StoreDriver{}
)

// ErrNoDriver means the connection string names a kind of store this
// Codebench was built without.
var ErrNoDriver = errors.New("this Codebench cannot open that kind of shared database")

// RegisterStore makes the driver open connection strings whose scheme is
// scheme ("postgres", "postgresql").
func RegisterStore(scheme string, d StoreDriver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	drivers[strings.ToLower(scheme)] = d
}

// IsShared reports whether location names a shared database (a URL such
// as postgres://…) rather than a data folder.
func IsShared(location string) bool {
	i := strings.Index(location, "://")
	if i <= 0 {
		return false
	}
	for _, c := range location[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// driverFor returns the driver of a shared store's connection string.
func driverFor(dsn string) (StoreDriver, error) {
	scheme, _, _ := strings.Cut(dsn, "://")
	driversMu.Lock()
	d, ok := drivers[strings.ToLower(scheme)]
	driversMu.Unlock()
	if !ok {
		return StoreDriver{}, fmt.Errorf("%w (%s://…): use postgres://", ErrNoDriver, scheme)
	}
	return d, nil
}

// Redact is a connection string fit to show and log: its password is
// replaced by "xxxxx".
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		// Not a URL: show only the scheme rather than risk a password.
		scheme, _, _ := strings.Cut(dsn, "://")
		return scheme + "://…"
	}
	return u.Redacted()
}

// Location is where the store is: the shared database (password
// redacted) or the data folder.
func (w *Workstation) Location() string {
	if w.Shared() {
		return Redact(w.cfg.Store)
	}
	return w.cfg.DataDir
}

// Shared reports whether the workstation uses a shared database.
func (w *Workstation) Shared() bool { return w.cfg.Store != "" }

// OpenStore opens the store at location (a data folder or a shared
// database's connection string) as user, for commands that work on a
// store other than the workstation's own (store copy).
func OpenStore(location, user, passphrase string, opt *storage.Options) (storage.Backend, error) {
	if IsShared(location) {
		d, err := driverFor(location)
		if err != nil {
			return nil, err
		}
		return d.Open(location, user, passphrase, opt)
	}
	return storage.Open(location, user, passphrase, opt)
}

// StoreUsers lists the users of the store at location.
func StoreUsers(location string) ([]string, error) {
	if IsShared(location) {
		d, err := driverFor(location)
		if err != nil {
			return nil, err
		}
		return d.Users(location)
	}
	return storage.Users(location)
}

// NewImport makes an empty store at location for a store copy.
func NewImport(location string, master []byte, force bool, opt *storage.Options) (storage.Importer, error) {
	if IsShared(location) {
		d, err := driverFor(location)
		if err != nil {
			return nil, err
		}
		return d.Import(location, master, force, opt)
	}
	return storage.NewImport(location, master, force, opt)
}

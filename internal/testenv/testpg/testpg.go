// Package testpg gives tests a real PostgreSQL: a fresh, empty database per
// test on a throwaway cluster. The cluster is the one named by
// CODEBENCH_TEST_POSTGRES (scripts/pgtest.sh starts one for `make test` and
// exports it), or, when that is unset, one this package starts itself from
// Debian's postgresql package in a temporary folder, listening only on a
// unix socket there, and removes when the package's tests end. Tests never
// skip for want of a server: a machine without PostgreSQL fails them with
// what to install.
//
// A package that uses it runs its tests through Main:
//
//	func TestMain(m *testing.M) { testpg.Main(m) }
package testpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable holding the connection string of a
// running test cluster whose role may create databases.
const EnvDSN = "CODEBENCH_TEST_POSTGRES"

// ErrNoPostgres means neither a test cluster nor PostgreSQL's server
// programs were found.
var ErrNoPostgres = errors.New("PostgreSQL's server programs (initdb, pg_ctl) are missing: install Debian's postgresql package (`make deps` does), or set " + EnvDSN + " to a test cluster's connection string")

var (
	mu       sync.Mutex
	inMain   bool
	adminDSN string // cluster connection string, database "postgres"
	cluster  *Cluster
	startErr error
	started  bool
	dbSeq    int
)

// Main runs the package's tests and then stops the cluster it started, if
// it started one. It does not return.
func Main(m *testing.M) {
	mu.Lock()
	inMain = true
	mu.Unlock()
	code := m.Run()
	mu.Lock()
	c := cluster
	mu.Unlock()
	if c != nil {
		if err := c.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "testpg:", err)
		}
	}
	os.Exit(code)
}

// admin returns the connection string of the cluster, starting one on
// first use when EnvDSN is unset.
func admin(tb testing.TB) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		if dsn := os.Getenv(EnvDSN); dsn != "" {
			adminDSN = dsn
		} else if !inMain {
			startErr = errors.New("testpg: " + EnvDSN + " is unset and the package's tests do not run through testpg.Main, which would start and stop a cluster: add `func TestMain(m *testing.M) { testpg.Main(m) }`")
		} else {
			t0 := time.Now()
			cluster, startErr = Start()
			if startErr == nil {
				adminDSN = cluster.DSN("postgres")
				fmt.Fprintf(os.Stderr, "testpg: started PostgreSQL in %s (%v)\n", cluster.Dir, time.Since(t0).Round(time.Millisecond))
			}
		}
	}
	if startErr != nil {
		tb.Fatal(startErr)
	}
	return adminDSN
}

// DB creates an empty database for this test and returns its connection
// string; the database is dropped when the test ends.
func DB(tb testing.TB) string {
	tb.Helper()
	adm := admin(tb)
	mu.Lock()
	dbSeq++
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	name := fmt.Sprintf("cbtest_%d_%d_%s", os.Getpid(), dbSeq, hex.EncodeToString(rnd[:]))
	mu.Unlock()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, adm)
	if err != nil {
		tb.Fatalf("testpg: connect to the test cluster (%s): %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("testpg: create a test database: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, adm)
		if err != nil {
			tb.Errorf("testpg: drop the test database: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("testpg: drop the test database: %v", err)
		}
	})
	dsn, err := WithDatabase(adm, name)
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// WithDatabase returns dsn (a URL or keyword/value connection string)
// naming database db instead.
func WithDatabase(dsn, db string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("testpg: %s is not a connection string: %w", EnvDSN, err)
		}
		u.Path = "/" + db
		return u.String(), nil
	}
	// In a keyword/value string the last setting of a keyword wins.
	return dsn + " dbname=" + db, nil
}

// Cluster is a PostgreSQL cluster in a temporary folder, reached through a
// unix socket in that folder.
type Cluster struct {
	Dir    string // holds data/, the socket and the server log
	BinDir string // the server programs
	Port   int    // names the socket file; nothing listens on TCP
	User   string // the superuser role tests connect as
	asPG   bool   // the programs run as the postgres user (we are root)
}

// BinDir returns the folder of PostgreSQL's server programs, the newest of
// Debian's /usr/lib/postgresql/N/bin or the folder of initdb on PATH.
func BinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(r), nil
		}
		return filepath.Dir(p), nil
	}
	return "", ErrNoPostgres
}

// Start initialises and starts a cluster in a new temporary folder. As
// root (PostgreSQL refuses to run as root) the folder is given to the
// postgres user and the programs run through runuser.
func Start() (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "codebench-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, BinDir: bin, Port: 5432, User: "codebench", asPG: os.Geteuid() == 0}
	fail := func(err error) (*Cluster, error) {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if c.asPG {
		pg, err := user.Lookup("postgres")
		if err != nil {
			return fail(fmt.Errorf("testpg: running as root, and there is no postgres user to run PostgreSQL as: %w", err))
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return fail(err)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", c.User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"); err != nil {
		return fail(fmt.Errorf("testpg: initdb: %v\n%s", err, out))
	}
	opts := fmt.Sprintf("-k %s -p %d -c listen_addresses='' -c max_connections=200", dir, c.Port)
	if out, err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return fail(fmt.Errorf("testpg: start PostgreSQL: %v\n%s\n%s", err, out, log))
	}
	return c, nil
}

func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(c.BinDir, prog)
	var cmd *exec.Cmd
	if c.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.Dir
	return cmd.CombinedOutput()
}

// DSN is the connection string of database db on the cluster.
func (c *Cluster) DSN(db string) string {
	u := url.URL{Scheme: "postgres", User: url.User(c.User), Path: "/" + db,
		RawQuery: url.Values{"host": {c.Dir}, "port": {strconv.Itoa(c.Port)}, "sslmode": {"disable"}}.Encode()}
	return u.String()
}

// Restart stops and starts the server (fast shutdown), as `pg_ctl
// restart` does; connections are cut.
func (c *Cluster) Restart() error {
	data := filepath.Join(c.Dir, "data")
	// The log file keeps the new server off our output pipe, which
	// would otherwise stay open (and run wait forever) while it runs.
	if out, err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(c.Dir, "server.log"), "-m", "fast", "-w", "restart"); err != nil {
		return fmt.Errorf("testpg: restart PostgreSQL: %v\n%s", err, out)
	}
	return nil
}

// Stop stops the server and removes its folder.
func (c *Cluster) Stop() error {
	out, err := c.run("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop")
	if rerr := os.RemoveAll(c.Dir); err == nil && rerr != nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("testpg: stop PostgreSQL: %v\n%s", err, out)
	}
	return nil
}

// Shared returns the cluster this package started, or nil when the tests
// use one named by EnvDSN (whose server they cannot restart).
func Shared(tb testing.TB) *Cluster {
	tb.Helper()
	admin(tb)
	mu.Lock()
	defer mu.Unlock()
	return cluster
}

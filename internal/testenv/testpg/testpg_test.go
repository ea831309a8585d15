package testpg

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// TestDB checks that two tests' databases are separate and usable.
func TestDB(t *testing.T) {
	ctx := context.Background()
	var names []string
	for range 2 {
		conn, err := pgx.Connect(ctx, DB(t))
		if err != nil {
			t.Fatal(err)
		}
		var db string
		if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
		names = append(names, db)
	}
	if names[0] == names[1] || names[0] == "postgres" {
		t.Fatalf("databases %v: want two fresh ones", names)
	}
}

func TestWithDatabase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u@/postgres?host=%2Ftmp%2Fx&port=5432", "postgres://u@/db1?host=%2Ftmp%2Fx&port=5432"},
		{"host=/tmp/x user=u dbname=postgres", "host=/tmp/x user=u dbname=postgres dbname=db1"},
	} {
		got, err := WithDatabase(c.in, "db1")
		if err != nil || got != c.want {
			t.Errorf("WithDatabase(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

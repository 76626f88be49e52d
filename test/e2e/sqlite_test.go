package e2e

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

// checkIntegrity runs SQLite's integrity check on a closed wallet file.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatal(err)
	}
	if res != "ok" {
		t.Fatalf("wallet file %s: integrity_check says %s", path, res)
	}
}

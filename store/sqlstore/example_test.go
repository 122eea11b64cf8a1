package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

// A CRM keeps its own customers table in SQLite and adds cem's tables
// beside it, under the prefix "cx_". cem creates and uses only its own
// tables; the host's table and rows are left exactly as they were.
func Example_embedding() {
	dir, err := os.MkdirTemp("", "crm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// The host's database, with the host's own table and data.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "crm.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO customers VALUES ('c-42', 'Ada O''Brien')`); err != nil {
		log.Fatal(err)
	}

	// cem's backend over the same *sql.DB.
	backend, err := sqlstore.Open(db, sqlstore.Options{Prefix: "cx_"})
	if err != nil {
		log.Fatal(err)
	}
	defer backend.Close()
	shop, err := backend.Tenant("shop-1")
	if err != nil {
		log.Fatal(err)
	}

	price, _ := touchpoint.NewMoney("19.99", "EUR")
	visit := time.Date(2025, 3, 3, 9, 30, 0, 0, time.UTC)
	err = shop.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{
		{ID: touchpoint.IDFromKey("pos", "r-1"), CustomerID: "c-42", Time: visit, Channel: touchpoint.Web, Stage: touchpoint.Browse},
		{ID: touchpoint.IDFromKey("pos", "r-2"), CustomerID: "c-42", Time: visit.Add(time.Hour), Channel: touchpoint.Store, Stage: touchpoint.Purchase, Value: price},
	}})
	if err != nil {
		log.Fatal(err)
	}
	j, err := shop.Journey(ctx, "c-42", store.Window{})
	if err != nil {
		log.Fatal(err)
	}
	for _, tp := range j.Touchpoints() {
		fmt.Printf("%s %s %s value=%q\n", tp.Time.Format(time.DateTime), tp.Channel, tp.Stage, tp.Value)
	}

	// The host's table is untouched, and cem's tables carry the prefix.
	var name string
	if err := db.QueryRow(`SELECT name FROM customers WHERE id = 'c-42'`).Scan(&name); err != nil {
		log.Fatal(err)
	}
	fmt.Println("host customer:", name)
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			log.Fatal(err)
		}
		fmt.Println("table:", table)
	}
	// Output:
	// 2025-03-03 09:30:00 web browse value=""
	// 2025-03-03 10:30:00 store purchase value="19.99 EUR"
	// host customer: Ada O'Brien
	// table: customers
	// table: cx_aliases
	// table: cx_events
	// table: cx_migrations
	// table: cx_snapshots
}

package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/store/storetest"
)

// BenchmarkStore runs the shared store benchmarks on each dialect.
func BenchmarkStore(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		storetest.Benchmark(b, func(b *testing.B) store.Backend { return openSQLite(b, sqlstore.Options{}) })
	})
	for _, s := range []server{postgres, mysql} {
		b.Run(string(s.dialect), func(b *testing.B) {
			db := s.db(b)
			storetest.Benchmark(b, func(b *testing.B) store.Backend {
				return openOn(b, db, sqlstore.Options{Dialect: s.dialect})
			})
		})
	}
}

// ingestBatch is the size of one bulk append in BenchmarkIngest.
const ingestCustomers, ingestEach = 100, 10

// floor inserts rows into the events table of prefix the fastest plain
// way the dialect offers, with no validation and no conflict handling.
type floor func(ctx context.Context, prefix string, rows [][]any) error

// BenchmarkIngest measures the adapter's bulk Append against the raw floor
// on the same schema and data (storetest.BenchData, 1000 touchpoints per
// batch): SQLite, one transaction with a prepared INSERT; PostgreSQL, pgx
// CopyFrom; MySQL, multi-row INSERTs in one transaction. Each iteration
// times one batch of each, so both meet the same table size; on the
// servers they alternate into the same table, on SQLite each writes its
// own database file created by the same migrations, because writers that
// share a file share its write-ahead log, and the checkpoint that copies
// the log into the database (10–17 ms here, after every ~1000 pages) is
// paid by whichever commit crosses the threshold, in long runs on the same
// side. The floor includes encoding the rows, as any loader must. The two
// tenants' names have the same length. It reports both throughputs and
// their ratio (adapter / floor).
func BenchmarkIngest(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		floorBE := openSQLite(b, sqlstore.Options{})
		benchIngest(b, openSQLite(b, sqlstore.Options{}), floorBE.Prefix(), sqliteFloor(rawDB(b, floorBE)))
	})
	b.Run("postgres", func(b *testing.B) {
		db := postgres.db(b)
		conn, err := pgx.Connect(b.Context(), os.Getenv(postgres.env))
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(context.Background())
		be := openOn(b, db, sqlstore.Options{Dialect: sqlstore.Postgres})
		benchIngest(b, be, be.Prefix(), copyFloor(conn))
	})
	b.Run("mysql", func(b *testing.B) {
		db := mysql.db(b)
		be := openOn(b, db, sqlstore.Options{Dialect: sqlstore.MySQL})
		benchIngest(b, be, be.Prefix(), multiRowFloor(db))
	})
}

// benchIngest times be's Append against insert into the events table of
// floorPrefix.
func benchIngest(b *testing.B, be *sqlstore.Backend, floorPrefix string, insert floor) {
	s := tenantOf(b, be, "ingest-a")
	var adapter, raw time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		data := storetest.BenchData(2*i, ingestCustomers, ingestEach)
		rows := storetest.BenchData(2*i+1, ingestCustomers, ingestEach)
		b.StartTimer()
		t0 := time.Now()
		if err := s.Append(b.Context(), data); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := insert(b.Context(), floorPrefix, sqlstore.FloorRows("ingest-f", rows)); err != nil {
			b.Fatal(err)
		}
		adapter, raw = adapter+t1.Sub(t0), raw+time.Since(t1)
	}
	n := float64(b.N * ingestCustomers * ingestEach)
	b.ReportMetric(n/adapter.Seconds(), "adapter-tp/s")
	b.ReportMetric(n/raw.Seconds(), "floor-tp/s")
	b.ReportMetric(raw.Seconds()/adapter.Seconds(), "ratio")
}

func insertSQL(prefix string, rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", strings.Count(sqlstore.EventColumns, ",")+1), ", ") + ")"
	return "INSERT INTO " + prefix + "events (" + sqlstore.EventColumns + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

func sqliteFloor(db *sql.DB) floor {
	return func(ctx context.Context, prefix string, rows [][]any) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		stmt, err := tx.PrepareContext(ctx, insertSQL(prefix, 1))
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r...); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
}

func multiRowFloor(db *sql.DB) floor {
	return func(ctx context.Context, prefix string, rows [][]any) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for start := 0; start < len(rows); start += 500 {
			end := min(start+500, len(rows))
			var args []any
			for _, r := range rows[start:end] {
				args = append(args, r...)
			}
			if _, err := tx.ExecContext(ctx, insertSQL(prefix, end-start), args...); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
}

func copyFloor(conn *pgx.Conn) floor {
	return func(ctx context.Context, prefix string, rows [][]any) error {
		for _, r := range rows {
			for i, v := range r {
				if s, ok := v.(string); ok && i == 13 { // amount: exact text to numeric
					var n pgtype.Numeric
					if err := n.Scan(s); err != nil {
						return err
					}
					r[i] = n
				}
			}
		}
		cols := strings.Split(sqlstore.EventColumns, ", ")
		n, err := conn.CopyFrom(ctx, pgx.Identifier{prefix + "events"}, cols, pgx.CopyFromRows(rows))
		if err == nil && n != int64(len(rows)) {
			err = fmt.Errorf("copied %d rows of %d", n, len(rows))
		}
		return err
	}
}

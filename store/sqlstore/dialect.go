package sqlstore

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/cemkit/cem/touchpoint"
)

// Dialect names the SQL database a [Backend] talks to. The SQL the
// adapter writes is portable except where a dialect offers a faster or
// safer form, and the schema of each dialect lives in its own migrations.
type Dialect string

// The supported dialects.
const (
	// SQLite is modernc.org/sqlite (driver "sqlite"), the embedded default.
	SQLite Dialect = "sqlite"
	// Postgres is PostgreSQL through github.com/jackc/pgx/v5/stdlib
	// (driver "pgx").
	Postgres Dialect = "postgres"
	// MySQL is MySQL or MariaDB through github.com/go-sql-driver/mysql.
	MySQL Dialect = "mysql"
)

// valid reports whether d is one of the supported dialects.
func (d Dialect) valid() bool { return d == SQLite || d == Postgres || d == MySQL }

// detectDialect guesses the dialect from the type of db's driver, so a
// host passing its own *sql.DB rarely needs to name it.
func detectDialect(db *sql.DB) (Dialect, error) {
	name := strings.ToLower(fmt.Sprintf("%T", db.Driver()))
	switch {
	case strings.Contains(name, "sqlite"):
		return SQLite, nil
	case strings.Contains(name, "stdlib") || strings.Contains(name, "pgx") || strings.Contains(name, "pq."):
		return Postgres, nil
	case strings.Contains(name, "mysql"):
		return MySQL, nil
	}
	return "", touchpoint.Invalid("sqlstore", "dialect", name, "cannot tell the dialect from the driver; set Options.Dialect")
}

// rebind turns the '?' placeholders the adapter writes into the dialect's
// own: PostgreSQL numbers them ($1, $2, ...). The adapter's SQL never holds
// a '?' inside a literal, so a plain scan is enough.
func (d Dialect) rebind(q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ignoreDuplicates returns the clause that makes an INSERT skip rows whose
// primary key is taken, so that concurrent re-sends wait for each other
// instead of failing; the adapter compares the skipped rows afterwards.
func (d Dialect) ignoreDuplicates(key string) string {
	if d == MySQL {
		// INSERT IGNORE would also swallow truncation and other errors.
		first, _, _ := strings.Cut(key, ",")
		return " ON DUPLICATE KEY UPDATE " + first + " = " + first
	}
	return " ON CONFLICT (" + key + ") DO NOTHING"
}

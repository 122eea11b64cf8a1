package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrationFS holds the schema of each dialect as numbered SQL files,
// migrations/<dialect>/NNN_name.sql, applied in order. The token {prefix}
// stands for [Options.Prefix].
//
//go:embed migrations
var migrationFS embed.FS

// migration is one schema step.
type migration struct {
	version    int
	name       string
	statements []string
}

// tables lists the tables the migrations create, without the prefix; they
// are the only tables the adapter ever touches.
var tables = [...]string{"events", "snapshots", "aliases", "migrations"}

// loadMigrations reads the dialect's migrations from fsys in version
// order.
func loadMigrations(fsys fs.FS, d Dialect, prefix string) ([]migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("sqlstore: migration file %q is not NNN_name.sql", e.Name())
		}
		text, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: migrations: %w", err)
		}
		ms = append(ms, migration{version: v, name: name, statements: splitStatements(string(text), prefix)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	return ms, nil
}

// splitStatements cuts a migration file into statements, one per ';' at
// the end of a line, dropping comment lines, so that no driver needs a
// multi-statement mode.
func splitStatements(text, prefix string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		cur.WriteString(line)
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			stmt := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			out = append(out, strings.ReplaceAll(stmt, "{prefix}", prefix))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, strings.ReplaceAll(s, "{prefix}", prefix))
	}
	return out
}

// migrate brings the schema up to date: it creates the migrations table,
// then applies every migration not recorded there, each in one transaction
// together with its record. MySQL commits DDL implicitly, so there a
// migration's statements run one by one before the record is written; a
// failure part-way is reported and the next Open resumes with the same
// migration, whose statements must then be repaired by hand.
//
// Concurrent Opens serialise on a lock (SQLite: the write lock; PostgreSQL:
// an advisory transaction lock; MySQL: GET_LOCK), so a migration is never
// applied twice.
func (b *Backend) migrate(ctx context.Context) error {
	ms, err := loadMigrations(b.migrations, b.dialect, b.prefix)
	if err != nil {
		return err
	}
	create := "CREATE TABLE IF NOT EXISTS " + b.table("migrations") +
		" (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_ns BIGINT NOT NULL)"
	if _, err := b.db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("sqlstore: create migrations table: %w", err)
	}
	for _, m := range ms {
		if err := b.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration unless it is recorded already.
func (b *Backend) apply(ctx context.Context, m migration) error {
	if b.dialect == MySQL {
		return b.applyMySQL(ctx, m)
	}
	return wrap("migrate", b.write(ctx, func(q querier) error {
		if b.dialect == Postgres {
			if _, err := q.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", b.table("migrations")); err != nil {
				return err
			}
		}
		done, err := b.applied(ctx, q, m.version)
		if done || err != nil {
			return err
		}
		if err := execAll(ctx, q, m.statements); err != nil {
			return fmt.Errorf("sqlstore: migration %03d_%s: %w", m.version, m.name, err)
		}
		return b.record(ctx, q, m)
	}))
}

// applyMySQL runs a migration on MySQL under a named lock held by one
// connection.
func (b *Backend) applyMySQL(ctx context.Context, m migration) (err error) {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer conn.Close()
	lock := b.table("migrations")
	var got sql.NullInt64
	wait := max(1, int(b.migrateWait/time.Second))
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", lock, wait).Scan(&got); err != nil {
		return fmt.Errorf("sqlstore: migrate: take lock %q: %w", lock, err)
	}
	switch {
	case !got.Valid:
		return fmt.Errorf("sqlstore: migrate: take lock %q: GET_LOCK returned NULL", lock)
	case got.Int64 != 1:
		return fmt.Errorf("sqlstore: migrate: lock %q after %d s: %w", lock, wait, ErrLockTimeout)
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", lock)
	}()
	done, err := b.applied(ctx, conn, m.version)
	if done || err != nil {
		return err
	}
	if err := execAll(ctx, conn, m.statements); err != nil {
		return fmt.Errorf("sqlstore: migration %03d_%s: %w", m.version, m.name, err)
	}
	return b.record(ctx, conn, m)
}

func (b *Backend) applied(ctx context.Context, q querier, version int) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, b.dialect.rebind("SELECT COUNT(*) FROM "+b.table("migrations")+" WHERE version = ?"), version).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlstore: read migrations: %w", err)
	}
	return n > 0, nil
}

func (b *Backend) record(ctx context.Context, q querier, m migration) error {
	_, err := q.ExecContext(ctx, b.dialect.rebind("INSERT INTO "+b.table("migrations")+" (version, name, applied_ns) VALUES (?, ?, ?)"),
		m.version, m.name, time.Now().UnixNano())
	if err != nil {
		return fmt.Errorf("sqlstore: record migration %03d_%s: %w", m.version, m.name, err)
	}
	if b.logger != nil {
		b.logger.InfoContext(ctx, "sqlstore: applied migration", "version", m.version, "name", m.name, "prefix", b.prefix)
	}
	return nil
}

func execAll(ctx context.Context, q querier, stmts []string) error {
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

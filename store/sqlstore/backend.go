package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"regexp"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // the embedded default, driver "sqlite"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// DefaultPrefix is the table prefix used when [Options.Prefix] is empty.
const DefaultPrefix = "cem_"

// maxMySQLIDLen is the width of MySQL's customer id columns.
const maxMySQLIDLen = 512

var prefixRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// Options configure [Open]. The zero value detects the dialect, uses the
// prefix "cem_" and the default touchpoint.Limits, and logs nothing.
type Options struct {
	// Dialect is the database's dialect; empty means detect it from the
	// driver.
	Dialect Dialect
	// Prefix starts the name of every table the backend creates, so that
	// the tables sit beside the host's own: 1 to 31 characters of a-z, 0-9
	// and '_', starting with a letter. Empty means [DefaultPrefix].
	Prefix string
	// Limits bound what Append and PutSnapshots accept. Reads never apply
	// the future-time bound, so stored data always loads.
	Limits touchpoint.Limits
	// Logger, if set, receives one message per migration applied.
	Logger *slog.Logger
}

// Backend is a SQL database holding the data of many tenants. It is safe
// for concurrent use; see [Open] and [OpenSQLite].
type Backend struct {
	db      *sql.DB
	owned   bool
	dialect Dialect
	prefix  string
	limits  touchpoint.Limits
	read    touchpoint.Limits
	logger  *slog.Logger
	closed  atomic.Bool
	// writer holds a token while a SQLite write transaction runs.
	writer chan struct{}
	// migrations is migrationFS; tests substitute their own.
	migrations fs.FS
	// lockWait and migrateWait bound the waits for a MySQL customer lock
	// and for the migration lock; tests shorten them.
	lockWait, migrateWait time.Duration
	// exactCounts says that an INSERT that skips taken keys reports only
	// the rows it inserted; see detectCounts.
	exactCounts bool
}

var _ store.Backend = (*Backend)(nil)

// Open returns a backend over the host's db. It creates or upgrades the
// adapter's tables (names starting with opts.Prefix) with the embedded,
// versioned migrations and touches no other table. Close does not close
// db: the host owns it.
//
// On SQLite every write transaction starts with BEGIN IMMEDIATE, so
// concurrent writers queue on the busy timeout instead of failing with
// "database is locked"; give the host's DSN a busy timeout (see
// [OpenSQLite] for the recommended settings).
//
// Errors: a *touchpoint.ValidationError for bad options, [ErrLockTimeout]
// when another Open held the migration lock too long, or a wrapped driver
// error from the migrations.
func Open(db *sql.DB, opts Options) (*Backend, error) {
	b, err := newBackend(db, opts)
	if err != nil {
		return nil, err
	}
	if err := b.setUp(context.Background()); err != nil {
		return nil, err
	}
	return b, nil
}

// setUp migrates the schema and learns how the database counts rows.
func (b *Backend) setUp(ctx context.Context) error {
	if err := b.migrate(ctx); err != nil {
		return err
	}
	return b.detectCounts(ctx)
}

// detectCounts sets exactCounts. SQLite and PostgreSQL count only the
// rows an INSERT inserted. MySQL also counts a row its ON DUPLICATE KEY
// UPDATE left unchanged when the connection asked for found rows (the
// DSN's clientFoundRows), so on MySQL an upsert that changes nothing is
// tried on the migrations table's first record: 0 rows affected means
// exact counts. Until then, and if the DSN asks for found rows, appends
// and snapshot writes compare every row with what is stored.
func (b *Backend) detectCounts(ctx context.Context) error {
	if b.dialect != MySQL {
		b.exactCounts = true
		return nil
	}
	migrations := b.table("migrations")
	var version int
	if err := b.db.QueryRowContext(ctx, "SELECT MIN(version) FROM "+migrations).Scan(&version); err != nil {
		return fmt.Errorf("sqlstore: detect row counts: %w", err)
	}
	n, err := affected(b.db.ExecContext(ctx, "INSERT INTO "+migrations+" (version, name, applied_ns) VALUES (?, '', 0)"+
		" ON DUPLICATE KEY UPDATE version = version", version))
	if err != nil {
		return fmt.Errorf("sqlstore: detect row counts: %w", err)
	}
	b.exactCounts = n == 0
	return nil
}

// OpenSQLite opens (creating it if needed) the SQLite database file at
// path with modernc.org/sqlite and returns a backend that owns it: Close
// closes the database. The connection runs in WAL mode (readers never
// block the writer) with a 10 s busy timeout, foreign keys on,
// synchronous=NORMAL, a 64 MiB page cache per connection and up to 1 GiB
// of the file memory-mapped (reads of a hot file then make no system
// calls): the usual settings for an embedded database that several
// goroutines read and write. opts.Dialect is ignored.
//
// The mapped pages of the file count in the process's resident set size,
// so RSS grows with the data read, up to the file's size or 1 GiB; they are
// the kernel's page cache, reclaimable under memory pressure, not heap.
// A host that watches RSS, or wants other settings, opens the database
// itself and passes it to [Open].
//
// Errors: as [Open], plus the driver's error for a path it cannot open.
func OpenSQLite(path string, opts Options) (*Backend, error) {
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %q: %w", path, err)
	}
	opts.Dialect = SQLite
	b, err := Open(db, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	b.owned = true
	return b, nil
}

// sqliteDSN builds the modernc DSN for a file path.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)",
		"cache_size(-65536)", "mmap_size(1073741824)", "secure_delete(ON)"} {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

func newBackend(db *sql.DB, opts Options) (*Backend, error) {
	if db == nil {
		return nil, touchpoint.Invalid("sqlstore", "db", "nil", "must be an open *sql.DB")
	}
	b := &Backend{db: db, dialect: opts.Dialect, prefix: opts.Prefix, limits: opts.Limits, logger: opts.Logger,
		writer: make(chan struct{}, 1), migrations: migrationFS, lockWait: 30 * time.Second, migrateWait: time.Minute}
	if b.prefix == "" {
		b.prefix = DefaultPrefix
	}
	if !prefixRE.MatchString(b.prefix) {
		return nil, touchpoint.Invalid("sqlstore", "prefix", b.prefix, "must be 1-31 characters of a-z, 0-9, '_' starting with a letter")
	}
	if b.dialect == "" {
		d, err := detectDialect(db)
		if err != nil {
			return nil, err
		}
		b.dialect = d
	}
	if !b.dialect.valid() {
		return nil, touchpoint.Invalid("sqlstore", "dialect", string(b.dialect), "must be sqlite, postgres or mysql")
	}
	if b.dialect == MySQL && b.limits.MaxIDLen > maxMySQLIDLen {
		return nil, touchpoint.Invalid("sqlstore", "limits.max_id_len", fmt.Sprint(b.limits.MaxIDLen), "must be at most 512 on MySQL")
	}
	b.read = b.limits
	b.read.Now = touchpoint.MaxTime
	return b, nil
}

// Dialect returns the backend's dialect.
func (b *Backend) Dialect() Dialect { return b.dialect }

// Prefix returns the prefix of the backend's tables.
func (b *Backend) Prefix() string { return b.prefix }

// Tenant implements [store.Backend]: it returns the store of one tenant.
// Errors: a *touchpoint.ValidationError for a malformed id,
// [store.ErrClosed] after Close.
func (b *Backend) Tenant(id string) (store.Store, error) {
	if b.closed.Load() {
		return nil, store.ErrClosed
	}
	if err := store.ValidateTenant(id); err != nil {
		return nil, err
	}
	return &Store{b: b, tenant: id}, nil
}

// Close implements [store.Backend]. Stores taken from b return
// [store.ErrClosed] afterwards. It closes the database only when the
// backend opened it ([OpenSQLite]); closing twice is harmless.
func (b *Backend) Close() error {
	if b.closed.Swap(true) || !b.owned {
		return nil
	}
	if err := b.db.Close(); err != nil {
		return fmt.Errorf("sqlstore: close: %w", err)
	}
	return nil
}

// table returns the full name of one of the adapter's tables.
func (b *Backend) table(name string) string { return b.prefix + name }

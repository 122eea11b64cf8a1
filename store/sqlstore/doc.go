// Package sqlstore keeps cem's data in a SQL database through
// database/sql: SQLite (modernc.org/sqlite, pure Go, the embedded
// default), PostgreSQL (github.com/jackc/pgx/v5/stdlib) and MySQL or
// MariaDB (github.com/go-sql-driver/mysql). It implements [store.Backend]
// and [store.Store] and passes store/storetest on all three databases.
//
// # Embedding
//
// A CRM already has a database. [Open] takes the host's *sql.DB, creates
// the adapter's tables under a prefix (default "cem_") and touches no other
// table; [Backend.Close] leaves the host's handle open. [OpenSQLite] is
// the one-liner for an embedded file: WAL mode, a busy timeout, and the
// database closed with the backend.
//
// # Schema and migrations
//
// The schema of each dialect is a series of numbered SQL files embedded in
// the binary (migrations/<dialect>/NNN_name.sql). Open applies those not
// yet recorded in <prefix>migrations, in order, each in one transaction
// with its record (MySQL commits DDL implicitly, so there only the record
// is transactional), under a lock so that concurrent Opens apply each
// migration once.
//
// Four tables: <prefix>events holds touchpoints, failures and recoveries
// in one table keyed by (tenant, id), which makes event IDs unique per
// tenant across kinds, lets a journey load with one range scan of the
// (tenant, customer_id, window_ns) index, and makes a merge or an erasure
// one statement. window_ns is the time a read window tests: an event's
// own time, or for a recovery the time of its failure (a recovery is in
// a window when its failure is). <prefix>snapshots is keyed by (tenant,
// customer_id, name, time_ns) with a second index by name for
// [Store.Latest] and [Store.Transitions]; <prefix>aliases maps merged
// customers to the surviving ones.
//
// Values are stored exactly: times as int64 Unix nanoseconds (touchpoint
// validation bounds them to 1900–2262, which fits), money as decimal text
// on SQLite and NUMERIC(23,8) elsewhere (validation bounds amounts to 15
// integer and 8 fraction digits), never as floats. Ids and customer ids
// compare byte-wise on every database (SQLite's BINARY collation,
// PostgreSQL's COLLATE "C", MySQL's binary columns), which is the order
// [store.Query] promises.
//
// # Writing
//
// Appends validate outside the database, then run in one transaction:
// resolve merged customers, check recoveries against their failures with
// journey's own rules, insert with the dialect's bulk path (SQLite: one
// prepared single-row INSERT; MySQL: prepared multi-row INSERTs;
// PostgreSQL: COPY straight into the
// events table under a savepoint when the driver exposes its pgx
// connection, as github.com/jackc/pgx/v5/stdlib does, else, or when an ID
// is taken, one INSERT from unnest'ed column arrays), skipping IDs
// already taken, and compare the skipped rows with the batch to tell re-sends from
// conflicts. SQLite write transactions start with BEGIN IMMEDIATE, so
// concurrent writers wait instead of failing with "database is locked";
// PostgreSQL and MySQL write at READ COMMITTED, lock the customers a
// transaction touches (advisory locks; named locks) so merges and appends
// never interleave, and retry transactions chosen as deadlock victims.
//
// On a merge, a snapshot of the merged customer whose (name, time) key the
// surviving customer already has is dropped: the survivor's value wins.
// Snapshots put for a merged customer are stored under the survivor, like
// events.
package sqlstore

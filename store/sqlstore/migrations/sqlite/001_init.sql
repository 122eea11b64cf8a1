-- One table holds every event kind, so that an event ID is unique per
-- tenant across touchpoints, failures and recoveries, and a journey loads
-- with one index range scan. window_ns is the time a read window tests: the
-- event's own time, or for a recovery the time of its failure.
CREATE TABLE {prefix}events (
	tenant       TEXT    NOT NULL,
	id           BLOB    NOT NULL,
	kind         INTEGER NOT NULL,
	customer_id  TEXT    NOT NULL,
	time_ns      INTEGER NOT NULL,
	window_ns    INTEGER NOT NULL,
	channel      TEXT    NOT NULL,
	stage        TEXT    NOT NULL DEFAULT '',
	outcome      INTEGER NOT NULL DEFAULT 0,
	csat         REAL,
	nps          REAL,
	ces          REAL,
	sentiment    REAL,
	amount       TEXT,
	currency     TEXT    NOT NULL DEFAULT '',
	duration_ns  INTEGER NOT NULL DEFAULT 0,
	wait_ns      INTEGER NOT NULL DEFAULT 0,
	attributes   TEXT,
	failure_kind TEXT    NOT NULL DEFAULT '',
	severity     INTEGER NOT NULL DEFAULT 0,
	ref_id       BLOB,
	note         TEXT    NOT NULL DEFAULT '',
	resolved_ns  INTEGER,
	actions      INTEGER NOT NULL DEFAULT 0,
	initiative   INTEGER NOT NULL DEFAULT 0,
	contacts     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX {prefix}events_customer ON {prefix}events (tenant, customer_id, window_ns);
CREATE TABLE {prefix}snapshots (
	tenant      TEXT    NOT NULL,
	customer_id TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	time_ns     INTEGER NOT NULL,
	value       REAL    NOT NULL,
	stage       TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, customer_id, name, time_ns)
);
CREATE INDEX {prefix}snapshots_name ON {prefix}snapshots (tenant, name, customer_id, time_ns);
CREATE TABLE {prefix}aliases (
	tenant      TEXT NOT NULL,
	alias       TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	PRIMARY KEY (tenant, alias)
);
CREATE INDEX {prefix}aliases_customer ON {prefix}aliases (tenant, customer_id);

-- One table holds every event kind, so that an event ID is unique per
-- tenant across touchpoints, failures and recoveries, and a journey loads
-- with one index range scan. window_ns is the time a read window tests: the
-- event's own time, or for a recovery the time of its failure. Ids sort
-- byte-wise (COLLATE "C") as the store contract requires.
CREATE TABLE {prefix}events (
	tenant       TEXT COLLATE "C" NOT NULL,
	id           BYTEA    NOT NULL,
	kind         SMALLINT NOT NULL,
	customer_id  TEXT COLLATE "C" NOT NULL,
	time_ns      BIGINT   NOT NULL,
	window_ns    BIGINT   NOT NULL,
	channel      TEXT     NOT NULL,
	stage        TEXT     NOT NULL DEFAULT '',
	outcome      SMALLINT NOT NULL DEFAULT 0,
	csat         DOUBLE PRECISION,
	nps          DOUBLE PRECISION,
	ces          DOUBLE PRECISION,
	sentiment    DOUBLE PRECISION,
	amount       NUMERIC(23,8),
	currency     TEXT     NOT NULL DEFAULT '',
	duration_ns  BIGINT   NOT NULL DEFAULT 0,
	wait_ns      BIGINT   NOT NULL DEFAULT 0,
	attributes   TEXT,
	failure_kind TEXT     NOT NULL DEFAULT '',
	severity     SMALLINT NOT NULL DEFAULT 0,
	ref_id       BYTEA,
	note         TEXT     NOT NULL DEFAULT '',
	resolved_ns  BIGINT,
	actions      INTEGER  NOT NULL DEFAULT 0,
	initiative   SMALLINT NOT NULL DEFAULT 0,
	contacts     INTEGER  NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX {prefix}events_customer ON {prefix}events (tenant, customer_id, window_ns);
CREATE TABLE {prefix}snapshots (
	tenant      TEXT COLLATE "C" NOT NULL,
	customer_id TEXT COLLATE "C" NOT NULL,
	name        TEXT COLLATE "C" NOT NULL,
	time_ns     BIGINT NOT NULL,
	value       DOUBLE PRECISION NOT NULL,
	stage       TEXT COLLATE "C" NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, customer_id, name, time_ns)
);
CREATE INDEX {prefix}snapshots_name ON {prefix}snapshots (tenant, name, customer_id, time_ns);
CREATE TABLE {prefix}aliases (
	tenant      TEXT COLLATE "C" NOT NULL,
	alias       TEXT COLLATE "C" NOT NULL,
	customer_id TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (tenant, alias)
);
CREATE INDEX {prefix}aliases_customer ON {prefix}aliases (tenant, customer_id);

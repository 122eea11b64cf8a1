-- One table holds every event kind, so that an event ID is unique per
-- tenant across touchpoints, failures and recoveries, and a journey loads
-- with one index range scan. window_ns is the time a read window tests: the
-- event's own time, or for a recovery the time of its failure. Strings are
-- binary columns: comparisons are byte-wise and case-sensitive, trailing
-- spaces count (no PAD SPACE), and text comes back byte for byte whatever
-- the connection's character set (validation already guarantees UTF-8).
CREATE TABLE {prefix}events (
	tenant       VARBINARY(64)  NOT NULL,
	id           BINARY(16)     NOT NULL,
	kind         TINYINT        NOT NULL,
	customer_id  VARBINARY(512) NOT NULL,
	time_ns      BIGINT         NOT NULL,
	window_ns    BIGINT         NOT NULL,
	channel      VARBINARY(64)  NOT NULL,
	stage        VARBINARY(64)  NOT NULL DEFAULT '',
	outcome      TINYINT        NOT NULL DEFAULT 0,
	csat         DOUBLE,
	nps          DOUBLE,
	ces          DOUBLE,
	sentiment    DOUBLE,
	amount       DECIMAL(23,8),
	currency     VARBINARY(3)   NOT NULL DEFAULT '',
	duration_ns  BIGINT         NOT NULL DEFAULT 0,
	wait_ns      BIGINT         NOT NULL DEFAULT 0,
	attributes   MEDIUMBLOB,
	failure_kind VARBINARY(64)  NOT NULL DEFAULT '',
	severity     TINYINT        NOT NULL DEFAULT 0,
	ref_id       BINARY(16),
	note         BLOB           NOT NULL,
	resolved_ns  BIGINT,
	actions      INT            NOT NULL DEFAULT 0,
	initiative   TINYINT        NOT NULL DEFAULT 0,
	contacts     INT            NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id),
	INDEX {prefix}events_customer (tenant, customer_id, window_ns)
) ENGINE=InnoDB;
CREATE TABLE {prefix}snapshots (
	tenant      VARBINARY(64)  NOT NULL,
	customer_id VARBINARY(512) NOT NULL,
	name        VARBINARY(64)  NOT NULL,
	time_ns     BIGINT         NOT NULL,
	value       DOUBLE         NOT NULL,
	stage       VARBINARY(64)  NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, customer_id, name, time_ns),
	INDEX {prefix}snapshots_name (tenant, name, customer_id, time_ns)
) ENGINE=InnoDB;
CREATE TABLE {prefix}aliases (
	tenant      VARBINARY(64)  NOT NULL,
	alias       VARBINARY(512) NOT NULL,
	customer_id VARBINARY(512) NOT NULL,
	PRIMARY KEY (tenant, alias),
	INDEX {prefix}aliases_customer (tenant, customer_id)
) ENGINE=InnoDB;

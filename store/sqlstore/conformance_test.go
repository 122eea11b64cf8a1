package sqlstore_test

import (
	"testing"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/store/storetest"
)

func TestConformanceSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Backend { return openSQLite(t, sqlstore.Options{}) })
}

func TestConformancePostgres(t *testing.T) {
	t.Parallel()
	db := postgres.db(t)
	storetest.Run(t, func(t *testing.T) store.Backend {
		return openOn(t, db, sqlstore.Options{Dialect: sqlstore.Postgres})
	})
}

func TestConformanceMySQL(t *testing.T) {
	t.Parallel()
	db := mysql.db(t)
	storetest.Run(t, func(t *testing.T) store.Backend {
		return openOn(t, db, sqlstore.Options{Dialect: sqlstore.MySQL})
	})
}

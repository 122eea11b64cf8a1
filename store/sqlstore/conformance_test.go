package sqlstore_test

import (
	"testing"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/store/storetest"
)

func TestConformanceSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend { return openSQLite(t, sqlstore.Options{}) })
}

func TestConformancePostgres(t *testing.T) {
	db := postgres.db(t)
	storetest.Run(t, func(t *testing.T) store.Backend {
		return openOn(t, db, sqlstore.Options{Dialect: sqlstore.Postgres})
	})
}

func TestConformanceMySQL(t *testing.T) {
	db := mysql.db(t)
	storetest.Run(t, func(t *testing.T) store.Backend {
		return openOn(t, db, sqlstore.Options{Dialect: sqlstore.MySQL})
	})
}

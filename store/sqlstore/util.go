package sqlstore

import "database/sql"

// closeRows closes rows and returns the error that ended the iteration.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// affected returns how many rows the statement that returned res and err
// changed, or its error.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// scanAliases reads (alias, customer_id) rows into to; the caller closes
// rows. Both *sql.Rows and pgx.Rows have these methods.
func scanAliases(rows interface {
	Next() bool
	Scan(...any) error
}, to map[string]string) error {
	for rows.Next() {
		var alias, into string
		if err := rows.Scan(&alias, &into); err != nil {
			return err
		}
		to[alias] = into
	}
	return nil
}

package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

type queryOptions struct {
	store  storeOptions
	format string
	limit  int
}

func (o *queryOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	fs.StringVarP(&o.format, "format", "f", "table", "output: table, csv or json (one object a line)")
	fs.IntVar(&o.limit, "max-width", 60, "table output: cut cells longer than this many characters (0 for no limit)")
}

func queryCommand() command {
	return command{
		name:    "query",
		summary: "read-only SQL over the store, printed as a table, CSV or JSON",
		usage:   "query [--db FILE] [--format table|csv|json] SQL",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &queryOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usagef("give one SQL statement (quote it)")
				}
				switch o.format {
				case "table", "csv", "json":
				default:
					return usagef("--format must be table, csv or json, not %q", o.format)
				}
				st, err := o.store.open(ctx, true)
				if err != nil {
					return err
				}
				defer st.Close()
				rows, err := st.DB.QueryContext(ctx, args[0])
				if err != nil {
					return err
				}
				defer rows.Close()
				return printRows(e.stdout, rows, o.format, o.limit)
			}
		},
	}
}

// printRows writes a result set as a table, CSV or JSON lines.
func printRows(w io.Writer, rows *sql.Rows, format string, maxWidth int) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var tw *tabwriter.Writer
	var cw *csv.Writer
	enc := json.NewEncoder(w)
	switch format {
	case "table":
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	case "csv":
		cw = csv.NewWriter(w)
		if err := cw.Write(cols); err != nil {
			return err
		}
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		n++
		switch format {
		case "json":
			obj := make(map[string]any, len(cols))
			for i, c := range cols {
				obj[c] = jsonValue(vals[i])
			}
			if err := enc.Encode(obj); err != nil {
				return err
			}
		default:
			cells := make([]string, len(cols))
			for i := range vals {
				cells[i] = textValue(vals[i])
				if tw != nil {
					cells[i] = sanitize(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(cells[i]))
					if maxWidth > 0 && utf8.RuneCountInString(cells[i]) > maxWidth {
						cells[i] = string([]rune(cells[i])[:maxWidth-1]) + "…"
					}
				}
			}
			if tw != nil {
				fmt.Fprintln(tw, strings.Join(cells, "\t"))
			} else if err := cw.Write(cells); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if tw != nil {
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "(%d rows)\n", n)
	}
	if cw != nil {
		cw.Flush()
		return cw.Error()
	}
	return nil
}

func textValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Nanosecond() == 0 {
			return x.UTC().Format("2006-01-02 15:04:05")
		}
		return x.UTC().Format("2006-01-02 15:04:05.000000")
	case []byte:
		return string(x)
	case string:
		return x
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	default:
		return x
	}
}

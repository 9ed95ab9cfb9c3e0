package gen

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// writer writes one format's files under dir.
type writer struct {
	t     *Tenant
	dir   string
	paths []string
	open  []*outFile
}

// outFile is a file being written through a buffer. Write errors stick in the buffer and
// come back from close.
type outFile struct {
	f    *os.File
	w    *bufio.Writer
	path string
}

const utf8BOM = "\xEF\xBB\xBF"

func (w *writer) create(rel string) (*outFile, error) {
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	o := &outFile{f: f, w: bufio.NewWriterSize(f, 1<<20), path: p}
	w.paths = append(w.paths, p)
	w.open = append(w.open, o)
	return o, nil
}

func (o *outFile) write(b []byte)       { _, _ = o.w.Write(b) }
func (o *outFile) writeString(s string) { _, _ = o.w.WriteString(s) }

func (o *outFile) close() error {
	if o.f == nil {
		return nil
	}
	err := o.w.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	o.f = nil
	return err
}

// finish closes every file still open and returns the first error.
func (w *writer) finish(err error) error {
	for _, o := range w.open {
		if cerr := o.close(); err == nil {
			err = cerr
		}
	}
	w.open = nil
	return err
}

// rotator keeps one file open per key (a day, a week): a new key closes the file of the
// old one and opens the next.
type rotator struct {
	w      *writer
	name   func(key string) string
	start  func(f *outFile) // writes the file's opening (BOM, header)
	end    func(f *outFile) // writes its closing
	cur    *outFile
	curKey string
}

func (r *rotator) file(key string) (*outFile, error) {
	if r.cur != nil && key == r.curKey {
		return r.cur, nil
	}
	if err := r.close(); err != nil {
		return nil, err
	}
	f, err := r.w.create(r.name(key))
	if err != nil {
		return nil, err
	}
	r.cur, r.curKey = f, key
	if r.start != nil {
		r.start(f)
	}
	return f, nil
}

func (r *rotator) close() error {
	if r.cur == nil {
		return nil
	}
	if r.end != nil {
		r.end(r.cur)
	}
	err := r.cur.close()
	r.cur = nil
	return err
}

// pager writes records as Graph pages of up to 1000, one page a line, in files by key.
type pager struct {
	rot     rotator
	context string
	link    string
	page    []byte
	n       int
	pages   int
	opened  bool
}

const pageSize = 1000

func newPager(w *writer, context, link string, name func(string) string) *pager {
	return &pager{rot: rotator{w: w, name: name}, context: context, link: link}
}

func (p *pager) add(key string, rec []byte) error {
	if p.opened && key != p.rot.curKey {
		if err := p.flush(false); err != nil {
			return err
		}
	}
	if p.n == pageSize {
		if err := p.flush(true); err != nil {
			return err
		}
	}
	if _, err := p.rot.file(key); err != nil {
		return err
	}
	p.opened = true
	if p.n > 0 {
		p.page = append(p.page, ',')
	}
	p.page = append(p.page, rec...)
	p.n++
	return nil
}

// flush writes the page; more says another page of the same file follows.
func (p *pager) flush(more bool) error {
	f := p.rot.cur
	if f == nil {
		return nil
	}
	p.pages++
	f.writeString(`{"@odata.context":`)
	f.write(appendJSONString(nil, p.context, false))
	f.writeString(`,"value":[`)
	f.write(p.page)
	f.writeString("]")
	if more {
		f.writeString(`,"@odata.nextLink":`)
		token := strconv.FormatUint(splitmix(uint64(p.pages)*0x51)^splitmix(uint64(len(p.context))), 16)
		f.write(appendJSONString(nil, p.link+"&$skiptoken="+token, false))
	}
	f.writeString("}\n")
	p.page, p.n = p.page[:0], 0
	return nil
}

// done writes the last page (an empty one when there were no records at all).
func (p *pager) done(emptyKey string) error {
	if !p.opened {
		if _, err := p.rot.file(emptyKey); err != nil {
			return err
		}
	}
	if err := p.flush(false); err != nil {
		return err
	}
	return p.rot.close()
}

func (t *Tenant) span() string {
	return dayOf(t.Options.Start) + "_" + dayOf(t.end)
}

// graphPages writes Graph API responses: signIns (v1.0 for interactive, beta filtered on
// signInEventTypes for non-interactive), directoryAudits, riskDetections and riskyUsers.
func (w *writer) graphPages() error {
	t := w.t
	inter := newPager(w, "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
		"https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=1000&$orderby=createdDateTime",
		func(day string) string { return "signIns_interactive_" + day + ".json" })
	non := newPager(w, "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
		"https://graph.microsoft.com/beta/auditLogs/signIns?$top=1000&$orderby=createdDateTime&$filter=signInEventTypes/any(t:+t+eq+'nonInteractiveUser')",
		func(day string) string { return "signIns_nonInteractive_" + day + ".json" })
	var e jenc
	ws := w.workloadSinks(GraphPages)
	err := t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		e.reset()
		if s.Interactive() {
			encodeSignIn(&e, &s, siStyle{})
			return inter.add(dayOf(s.CreatedAt), e.b)
		}
		encodeSignIn(&e, &s, siStyle{beta: true})
		return non.add(dayOf(s.CreatedAt), e.b)
	})
	if err == nil {
		err = ws.close()
	}
	if err == nil {
		err = inter.done(dayOf(t.Options.Start))
	}
	if err == nil {
		err = non.done(dayOf(t.Options.Start))
	}
	if err == nil {
		err = w.graphAuditPages()
	}
	if err == nil {
		err = w.riskPages(false)
	}
	return w.finish(err)
}

func (w *writer) graphAuditPages() error {
	t := w.t
	p := newPager(w, "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
		"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=1000",
		func(string) string { return "directoryAudits_" + t.span() + ".json" })
	var e jenc
	for i := range t.Audits {
		e.reset()
		encodeAudit(&e, &t.Audits[i], false)
		if err := p.add("", e.b); err != nil {
			return err
		}
	}
	return p.done("")
}

// riskPages writes identityProtection riskDetections and riskyUsers pages.
func (w *writer) riskPages(odataType bool) error {
	t := w.t
	p := newPager(w, "https://graph.microsoft.com/v1.0/$metadata#identityProtection/riskDetections",
		"https://graph.microsoft.com/v1.0/identityProtection/riskDetections?$top=1000",
		func(string) string { return "riskDetections.json" })
	var e jenc
	for i := range t.RiskDetections {
		e.reset()
		encodeRiskDetection(&e, &t.RiskDetections[i], odataType)
		if err := p.add("", e.b); err != nil {
			return err
		}
	}
	if err := p.done(""); err != nil {
		return err
	}
	q := newPager(w, "https://graph.microsoft.com/v1.0/$metadata#identityProtection/riskyUsers",
		"https://graph.microsoft.com/v1.0/identityProtection/riskyUsers?$top=1000",
		func(string) string { return "riskyUsers.json" })
	for i := range t.RiskyUsers {
		e.reset()
		encodeRiskyUser(&e, &t.RiskyUsers[i])
		if err := q.add("", e.b); err != nil {
			return err
		}
	}
	return q.done("")
}

// riskJSON writes the Identity Protection pages alone, as the docs' examples show them.
func (w *writer) riskJSON() error { return w.finish(w.riskPages(true)) }

// graphNDJSON writes the Graph records one a line.
func (w *writer) graphNDJSON() error {
	t := w.t
	inter := &rotator{w: w, name: func(day string) string { return "signIns_interactive_" + day + ".ndjson" }}
	non := &rotator{w: w, name: func(day string) string { return "signIns_nonInteractive_" + day + ".ndjson" }}
	var e jenc
	ws := w.workloadSinks(GraphNDJSON)
	err := t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		e.reset()
		r := inter
		if s.Interactive() {
			encodeSignIn(&e, &s, siStyle{})
		} else {
			r = non
			encodeSignIn(&e, &s, siStyle{beta: true})
		}
		f, err := r.file(dayOf(s.CreatedAt))
		if err != nil {
			return err
		}
		e.b = append(e.b, '\n')
		f.write(e.b)
		return nil
	})
	if err == nil {
		err = errors.Join(inter.close(), non.close(), ws.close())
	}
	lines := func(name string, n int, enc func(i int)) error {
		f, err := w.create(name)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			e.reset()
			enc(i)
			e.b = append(e.b, '\n')
			f.write(e.b)
		}
		return f.close()
	}
	if err == nil {
		err = lines("directoryAudits_"+t.span()+".ndjson", len(t.Audits), func(i int) { encodeAudit(&e, &t.Audits[i], false) })
	}
	if err == nil {
		err = lines("riskDetections.ndjson", len(t.RiskDetections), func(i int) { encodeRiskDetection(&e, &t.RiskDetections[i], false) })
	}
	if err == nil {
		err = lines("riskyUsers.ndjson", len(t.RiskyUsers), func(i int) { encodeRiskyUser(&e, &t.RiskyUsers[i]) })
	}
	return w.finish(err)
}

// psArray streams a JSON array as Windows PowerShell 5.1 writes it; perArray > 0 starts a
// new array every perArray records, as a script appending one array per page does.
type psArray struct {
	f        *outFile
	perArray int
	n, inArr int
	e        jenc
}

func (a *psArray) add(enc func(e *jenc)) {
	if a.inArr == 0 {
		a.f.writeString("[")
	}
	a.e.reset()
	a.e.ps = true
	a.e.stack = append(a.e.stack, jframe{n: a.inArr})
	enc(&a.e)
	a.f.write(a.e.b)
	a.n++
	a.inArr++
	if a.perArray > 0 && a.inArr == a.perArray {
		a.f.writeString("\r\n]\r\n")
		a.inArr = 0
	}
}

func (a *psArray) end() error {
	if a.inArr > 0 || a.n == 0 {
		if a.n == 0 {
			a.f.writeString("[")
		}
		a.f.writeString("\r\n]\r\n")
	}
	return a.f.close()
}

// graphPowerShell writes what Get-MgAuditLogSignIn, Get-MgBetaAuditLogSignIn and
// Get-MgAuditLogDirectoryAudit piped to ConvertTo-Json -Depth 10 | Out-File write under
// Windows PowerShell 5.1. The non-interactive file holds one array per page.
func (w *writer) graphPowerShell() error {
	t := w.t
	open := func(name string, per int) (*psArray, error) {
		f, err := w.create(name)
		if err != nil {
			return nil, err
		}
		f.writeString(utf8BOM)
		return &psArray{f: f, perArray: per}, nil
	}
	inter, err := open("SignIns_"+t.span()+".json", 0)
	if err != nil {
		return w.finish(err)
	}
	non, err := open("NonInteractiveSignIns_"+t.span()+".json", pageSize)
	if err != nil {
		return w.finish(err)
	}
	ws := w.workloadSinks(GraphPowerShell)
	err = t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		if s.Interactive() {
			inter.add(func(e *jenc) { encodeSignIn(e, &s, siStyle{ps: true}) })
		} else {
			non.add(func(e *jenc) { encodeSignIn(e, &s, siStyle{ps: true, beta: true}) })
		}
		return nil
	})
	if err == nil {
		err = errors.Join(inter.end(), non.end(), ws.close())
	}
	if err == nil {
		var au *psArray
		au, err = open("DirectoryAudits_"+t.span()+".json", 0)
		if err == nil {
			for i := range t.Audits {
				au.add(func(e *jenc) { encodeAudit(e, &t.Audits[i], false) })
			}
			err = au.end()
		}
	}
	return w.finish(err)
}

// WriteThreatIntel writes the threat-intelligence list: comment lines, then one address
// or CIDR block a line.
func (t *Tenant) WriteThreatIntel(path string) error {
	var b strings.Builder
	b.WriteString("# Threat intelligence: addresses and networks seen in attacks on other tenants\n")
	b.WriteString("# one IP address or CIDR block a line\n")
	for _, ip := range t.ThreatIntelIPs {
		b.WriteString(ip)
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

package gen

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"time"
)

// Azure Monitor diagnostic settings archive to a storage account: one container per
// category, one JSON Lines blob (CRLF) per hour of ingestion. The envelope's time is when
// Azure ingested the record, seconds to minutes after it happened; about 3.5 % of records
// are delivered more than once, in the same blob or the next hour's.

// idHash is a stable hash of a record id, for choices that must not consume randomness.
func idHash(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return splitmix(h.Sum64())
}

// ingestDelay is how long after it happened Azure ingested a record.
func ingestDelay(h uint64) time.Duration {
	ms := 4000 + h%180000 // 4 s to 3 min
	if h>>40%20 == 0 {
		ms += h >> 20 % 600000 // some take up to 10 more minutes
	}
	return time.Duration(ms) * time.Millisecond
}

// copies is how many times a record is delivered, and where the repeats go (0: the same
// blob, 1: the next hour's).
func copies(h uint64) (n int, next bool) {
	if h == 0 || h>>8%1000 >= 35 {
		return 1, false
	}
	return 2 + int(h>>16%3), h>>24%2 == 1
}

// hourBlobs keeps the open hourly blobs of one category.
type hourBlobs struct {
	w         *writer
	container string
	open      map[int64]*outFile
}

func (w *writer) hourBlobs(container string) *hourBlobs {
	return &hourBlobs{w: w, container: container, open: map[int64]*outFile{}}
}

func (b *hourBlobs) blob(hour time.Time) (*outFile, error) {
	k := hour.Unix()
	if f := b.open[k]; f != nil {
		return f, nil
	}
	name := fmt.Sprintf("%s/resourceId=/tenants/%s/providers/Microsoft.aadiam/y=%04d/m=%02d/d=%02d/h=%02d/m=00/PT1H.json",
		b.container, b.w.t.TenantID, hour.Year(), int(hour.Month()), hour.Day(), hour.Hour())
	f, err := b.w.create(name)
	if err != nil {
		return nil, err
	}
	b.open[k] = f
	return f, nil
}

// closeBefore closes the blobs of hours before t.
func (b *hourBlobs) closeBefore(t time.Time) error {
	for k, f := range b.open {
		if k < t.Unix() {
			if err := f.close(); err != nil {
				return err
			}
			delete(b.open, k)
		}
	}
	return nil
}

// put writes a record line (without its line end) ingested at ingested, with its repeats.
func (b *hourBlobs) put(line []byte, ingested time.Time, h uint64) error {
	hour := ingested.Truncate(time.Hour)
	f, err := b.blob(hour)
	if err != nil {
		return err
	}
	f.write(line)
	f.writeString("\r\n")
	n, next := copies(h)
	for i := 1; i < n; i++ {
		g := f
		if next {
			if g, err = b.blob(hour.Add(time.Hour)); err != nil {
				return err
			}
		}
		g.write(line)
		g.writeString("\r\n")
	}
	return nil
}

func (w *writer) azureMonitor() error {
	t := w.t
	resource := "/tenants/" + t.TenantID + "/providers/Microsoft.aadiam"
	inter := w.hourBlobs("insights-logs-signinlogs")
	non := w.hourBlobs("insights-logs-noninteractiveusersigninlogs")
	var e jenc
	ws := w.workloadSinks(AzureMonitor)
	err := t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		b, category := inter, "SignInLogs"
		if !s.Interactive() {
			b, category = non, "NonInteractiveUserSignInLogs"
		}
		return w.azureSignIn(&e, b, &s, category, s.UserDisplayName)
	})
	if err == nil {
		err = ws.close()
	}
	if err == nil {
		err = w.azureAudits(resource)
	}
	if err == nil {
		err = w.azureRisk(resource)
	}
	return w.finish(err)
}

// azureSignIn writes a sign-in into its category's hourly blob: the envelope (ingestion time,
// result, caller, identity) around the record, whose times carry an offset now and then.
func (w *writer) azureSignIn(e *jenc, b *hourBlobs, s *SignIn, category, identity string) error {
	t := w.t
	h := idHash(s.ID)
	if err := b.closeBefore(s.CreatedAt.Truncate(time.Hour)); err != nil {
		return err
	}
	ingested := s.CreatedAt.Add(ingestDelay(h))
	azureHead(e, ingested, t.resourceID, "Sign-in activity", category, t.TenantID)
	e.k("resultType")
	e.str(itoa(s.ErrorCode))
	e.k("resultSignature")
	e.str("None")
	if s.ErrorCode != 0 {
		e.k("resultDescription")
		e.str(s.FailureReason)
	}
	e.k("durationMs")
	e.int(0)
	e.k("callerIpAddress")
	e.str(s.IPAddress)
	e.k("correlationId")
	e.str(s.CorrelationID)
	e.k("identity")
	e.str(identity)
	e.k("Level")
	e.int(4)
	e.k("location")
	e.str(s.Country)
	e.k("properties")
	e.times = timeGraph
	if h>>32%10 < 3 {
		e.times = timeOffset
	}
	encodeSignIn(e, s, siStyle{azure: true})
	e.times = timeGraph
	e.endObj()
	return b.put(e.b, ingested, h)
}

// azureHead starts an envelope: the ingestion time, resource, operation, category, tenant.
func azureHead(e *jenc, ingested time.Time, resource, operation, category, tenant string) {
	e.reset()
	e.obj()
	e.k("time")
	e.timeAs(ingested, timeGraph)
	e.k("resourceId")
	e.str(resource)
	e.k("operationName")
	e.str(operation)
	e.k("operationVersion")
	e.str("1.0")
	e.k("category")
	e.str(category)
	e.k("tenantId")
	e.str(tenant)
}

func (w *writer) azureAudits(resource string) error {
	t := w.t
	b := w.hourBlobs("insights-logs-auditlogs")
	var e jenc
	for i := range t.Audits {
		a := &t.Audits[i]
		h := idHash(a.ID)
		if err := b.closeBefore(a.ActivityAt.Truncate(time.Hour)); err != nil {
			return err
		}
		ingested := a.ActivityAt.Add(ingestDelay(h))
		azureHead(&e, ingested, resource, a.Activity, "AuditLogs", t.TenantID)
		e.k("resultSignature")
		e.str("None")
		e.k("durationMs")
		e.int(0)
		e.k("callerIpAddress")
		if a.Actor.IPAddress != "" {
			e.str(a.Actor.IPAddress)
		} else {
			e.str("<null>")
		}
		e.k("correlationId")
		e.str(a.CorrelationID)
		e.k("identity")
		if a.Actor.IsUser() {
			e.str(a.Actor.DisplayName)
		} else {
			e.str(a.Actor.AppName)
		}
		e.k("level")
		e.str("Informational")
		e.k("properties")
		e.times = timeOffset
		encodeAudit(&e, a, true)
		e.times = timeGraph
		e.endObj()
		if err := b.put(e.b, ingested, h); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) azureRisk(resource string) error {
	t := w.t
	var e jenc
	events := w.hourBlobs("insights-logs-userriskevents")
	for i := range t.RiskDetections {
		d := &t.RiskDetections[i]
		ingested := d.DetectedAt.Add(ingestDelay(idHash(d.ID)))
		e.reset()
		e.obj()
		e.k("time")
		e.timeAs(ingested, timeGraph)
		e.k("resourceId")
		e.str(resource)
		e.k("operationName")
		e.str("User Risk Detection")
		e.k("category")
		e.str("UserRiskEvents")
		e.k("tenantId")
		e.str(t.TenantID)
		e.k("durationMs")
		e.int(0)
		e.k("callerIpAddress")
		e.str("<null>")
		e.k("Level")
		e.int(4)
		e.k("properties")
		encodeRiskDetection(&e, d, false)
		e.endObj()
		if err := events.put(e.b, ingested, 0); err != nil {
			return err
		}
	}
	users := w.hourBlobs("insights-logs-riskyusers")
	for i := range t.RiskyUsers {
		u := &t.RiskyUsers[i]
		ingested := u.RiskLastUpdatedAt.Add(ingestDelay(idHash(u.ID)))
		e.reset()
		e.obj()
		e.k("time")
		e.raw(string(appendJSONString(nil, string(appendUSTime(nil, ingested, false, false)), false)))
		e.k("resourceId")
		e.str(resource)
		e.k("operationName")
		e.str("Risky user")
		e.k("category")
		e.str("RiskyUsers")
		e.k("tenantId")
		e.str(t.TenantID)
		e.k("durationMs")
		e.int(0)
		e.k("callerIpAddress")
		e.str("<null>")
		e.k("Level")
		e.str("4")
		e.k("properties")
		encodeRiskyUser(&e, u)
		e.endObj()
		if err := users.put(e.b, ingested, 0); err != nil {
			return err
		}
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }

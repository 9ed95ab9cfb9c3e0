package gen

import (
	"os"
	"path/filepath"
	"testing"
)

// benchTenant is about 400,000 sign-ins: 1,600 users over 21 days at 12 a day.
func benchTenant() *Tenant {
	return New(Options{Seed: 7, Users: 1600, Attacks: true, Decoys: true})
}

// benchWrite writes the tenant in one format per iteration and reports the bytes written
// per second (b.SetBytes) and the sign-ins per second.
func benchWrite(b *testing.B, f Format) {
	t := benchTenant()
	signIns := 0
	if err := t.SignIns(func(SignIn) error { signIns++; return nil }); err != nil {
		b.Fatal(err)
	}
	// GEN_BENCH_DIR (a tmpfs, say) takes the disk out of the figures.
	dir := b.TempDir()
	if d := os.Getenv("GEN_BENCH_DIR"); d != "" {
		var err error
		if dir, err = os.MkdirTemp(d, "genbench"); err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(dir)
	}
	b.ResetTimer()
	var size int64
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(dir, string(f))
		os.RemoveAll(out)
		paths, err := t.Write(out, f)
		if err != nil {
			b.Fatal(err)
		}
		if size == 0 {
			for _, p := range paths {
				if fi, err := os.Stat(p); err == nil {
					size += fi.Size()
				}
			}
			b.SetBytes(size)
		}
	}
	b.ReportMetric(float64(signIns)*float64(b.N)/b.Elapsed().Seconds(), "signins/s")
}

func BenchmarkSignIns(b *testing.B) {
	t := benchTenant()
	n := 0
	for b.Loop() {
		n = 0
		if err := t.SignIns(func(SignIn) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "signins/s")
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		benchTenant()
	}
}

func BenchmarkWriteGraphPages(b *testing.B)       { benchWrite(b, GraphPages) }
func BenchmarkWriteGraphNDJSON(b *testing.B)      { benchWrite(b, GraphNDJSON) }
func BenchmarkWriteGraphPowerShell(b *testing.B)  { benchWrite(b, GraphPowerShell) }
func BenchmarkWriteAzureMonitor(b *testing.B)     { benchWrite(b, AzureMonitor) }
func BenchmarkWritePortalCSV(b *testing.B)        { benchWrite(b, PortalCSV) }
func BenchmarkWriteLogAnalyticsCSV(b *testing.B)  { benchWrite(b, LogAnalyticsCSV) }
func BenchmarkWriteLogAnalyticsJSON(b *testing.B) { benchWrite(b, LogAnalyticsJSON) }
func BenchmarkWritePurviewCSV(b *testing.B)       { benchWrite(b, PurviewCSV) }
func BenchmarkWriteRiskJSON(b *testing.B)         { benchWrite(b, RiskJSON) }

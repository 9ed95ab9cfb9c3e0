package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// FuzzTranscodeUTF16: a UTF-16 file (either byte order) transcoded to UTF-8 reads as Go's own
// decoding of it reads, unpaired surrogates as U+FFFD; an odd byte at the end is refused.
func FuzzTranscodeUTF16(f *testing.F) {
	f.Add([]byte("\xff\xfe\"\x00I\x00d\x00\"\x00\r\x00\n\x00"), true)
	f.Add([]byte("\xfe\xff\x00a\xd8\x3d\xde\x00\x00b"), false)
	f.Add([]byte("\xff\xfe\x3d\xd8a\x00"), true) // a high surrogate alone
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body []byte, le bool) {
		bom := []byte{0xfe, 0xff}
		if le {
			bom = []byte{0xff, 0xfe}
		}
		in := append(bom, body...)
		p := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(p, in, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := transcodeUTF16(p, dir)
		if len(body)%2 == 1 {
			if err == nil {
				os.Remove(out)
				t.Fatal("an odd number of bytes was taken")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(out)
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		if want := string(utf16.Decode(u)); string(got) != want {
			t.Fatalf("got %q; want %q", got, want)
		}
		// The sniffer's view of the start agrees with the whole file's.
		head, ok := utf16Text(in)
		if !ok || len(head) > len(got) || string(got[:len(head)]) != head {
			t.Fatalf("utf16Text %q (ok %v) is not the start of %q", head, ok, got)
		}
	})
}

package genviral

import (
	"encoding/json"
	"strings"
	"testing"
)

// The envelopes' data is copied into recycled buffers (envelope.go): a
// decoded result never changes when a later envelope reuses the buffer, and
// an envelope without data never shows an earlier envelope's data.
func TestDataBufferReuse(t *testing.T) {
	decode := func(body string) (json.RawMessage, error) {
		env, err := decodeEnvelope([]byte(body))
		if err != nil {
			t.Fatalf("decodeEnvelope(%.40q): %v", body, err)
		}
		var out json.RawMessage
		err = decodeData(env, &out)
		if env.Data != nil {
			t.Errorf("decodeData left env.Data set: the buffer must not be used after it is given back")
		}
		return out, err
	}
	first, err := decode(`{"ok":true,"code":200,"data":{"a":"` + strings.Repeat("x", 5000) + `"}}`)
	if err != nil {
		t.Fatal(err)
	}
	keep := string(first)
	for range 20 {
		if _, err := decode(`{"ok":true,"code":200,"data":{"b":"` + strings.Repeat("y", 3000) + `"}}`); err != nil {
			t.Fatal(err)
		}
		if _, err := decode(`{"ok":true,"code":200,"message":"no data here"}`); err == nil ||
			!strings.Contains(err.Error(), "no data") {
			t.Fatalf("an envelope without data after one with data: got %v, want the no-data error", err)
		}
	}
	if string(first) != keep {
		t.Fatal("a decoded result changed when later envelopes reused the data buffer")
	}
}

package genviral

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// Each envelope's data is decoded into a new value (envelope.go): a decoded
// result never changes when a later body is decoded from the same buffer,
// and an envelope without data never shows an earlier envelope's data.
func TestDecodedDataIsNew(t *testing.T) {
	buf := make([]byte, 0, 8192)
	decode := func(body string) (json.RawMessage, error) {
		buf = append(buf[:0], body...)
		var out json.RawMessage
		env, err := decodeEnvelope(buf, &out)
		if err != nil {
			t.Fatalf("decodeEnvelope(%.40q): %v", body, err)
		}
		return out, env.dataInto(&out)
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
		if out, err := decode(`{"ok":true,"code":200,"message":"no data here"}`); !errors.Is(err, errNoData) || out != nil {
			t.Fatalf("an envelope without data after one with data: got %s, %v, want the no-data error", out, err)
		}
	}
	if string(first) != keep {
		t.Fatal("a decoded result changed when a later body reused its buffer")
	}
}

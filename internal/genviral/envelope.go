package genviral

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// envelope is the wrapper of every response (contract §3). Data is kept raw
// until the endpoint decodes it: it is usually an object, but a bare array for
// workspace suggestions.
type envelope struct {
	OK        bool            `json:"ok"`
	Code      int             `json:"code"`
	Message   string          `json:"message"`
	Data      json.RawMessage `json:"data,omitempty"`
	ErrorCode string          `json:"error_code,omitempty"`
}

var errTruncated = errors.New("truncated or invalid JSON")

// decodeEnvelope parses a response body. It fails on anything that is not a
// JSON object: HTML pages, truncated JSON, arrays, scalars.
func decodeEnvelope(raw []byte) (*envelope, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, ErrNotJSON
	}
	// data is copied into a recycled buffer (the body's buffer is reused
	// once the attempt returns); decodeData gives it back.
	env := envelope{Data: getDataBuffer()}
	if err := json.Unmarshal(trimmed, &env); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Valid JSON with an unexpected type in an envelope field: keep
			// what decoded, the status decides.
			return lenientEnvelope(trimmed)
		}
		return nil, errTruncated
	}
	return &env, nil
}

// lenientEnvelope decodes an envelope field by field, ignoring fields of the
// wrong type.
func lenientEnvelope(raw []byte) (*envelope, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errTruncated
	}
	var env envelope
	_ = json.Unmarshal(m["ok"], &env.OK)
	_ = json.Unmarshal(m["code"], &env.Code)
	_ = json.Unmarshal(m["message"], &env.Message)
	_ = json.Unmarshal(m["error_code"], &env.ErrorCode)
	env.Data = m["data"]
	return &env, nil
}

// decodeData decodes the envelope's data into out. It consumes env.Data:
// the buffer goes back for reuse (out keeps no reference to it:
// encoding/json copies strings and raw messages).
func decodeData(env *envelope, out any) error {
	defer func() {
		putDataBuffer(env.Data)
		env.Data = nil
	}()
	if len(env.Data) == 0 || bytes.Equal(bytes.TrimSpace(env.Data), []byte("null")) {
		return errors.New("the response had no data")
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("decoding data: %w", err)
	}
	return nil
}

// dataBuffers recycles the envelopes' copies of data: a new copy for each
// response was about 60 KB per page of posts, 6 MB of garbage for 10,100
// rows (BENCHMARKS.md).
var dataBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledDataBuffer is the largest buffer kept for reuse.
const maxPooledDataBuffer = 1 << 20

func getDataBuffer() json.RawMessage {
	if b, ok := dataBuffers.Get().(*[]byte); ok && b != nil {
		return (*b)[:0]
	}
	return []byte{}
}

func putDataBuffer(b json.RawMessage) {
	if cap(b) == 0 || cap(b) > maxPooledDataBuffer {
		return
	}
	buf := []byte(b[:0])
	dataBuffers.Put(&buf)
}

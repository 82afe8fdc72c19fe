package genviral

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	var env envelope
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

// decodeData decodes the envelope's data into out.
func decodeData(env *envelope, out any) error {
	if len(env.Data) == 0 || bytes.Equal(bytes.TrimSpace(env.Data), []byte("null")) {
		return errors.New("the response had no data")
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("decoding data: %w", err)
	}
	return nil
}

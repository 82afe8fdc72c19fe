package genviral

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// envelope is the wrapper of every response (contract §3), with its data
// decoded (see decodeEnvelope): data is usually an object, but a bare array
// for workspace suggestions.
type envelope struct {
	OK        bool   `json:"ok"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
	ErrorCode string `json:"error_code,omitempty"`

	// data is the decoded data, a pointer to a new value of the type asked
	// for (nil when the body had no data, null, or none was asked for);
	// dataErr says why data could not be decoded. See dataInto.
	data    any
	dataErr error
}

var (
	errTruncated = errors.New("truncated or invalid JSON")
	errNoData    = errors.New("the response had no data")
)

// wireEnvelope is the envelope as one json.Unmarshal decodes it: Data is a
// sink for the data (see dataSink).
type wireEnvelope struct {
	OK        bool   `json:"ok"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
	Data      any    `json:"data"`
	ErrorCode string `json:"error_code"`
}

// decodeEnvelope parses a response body and, when like is not nil (a
// pointer, e.g. *PostsPage), decodes its data into a new value of like's
// type, in the same pass: encoding/json checks and decodes the body once
// (a page of posts used to be checked and walked twice more as raw data).
// It fails on anything that is not a JSON object: HTML pages, truncated
// JSON, arrays, scalars. Nothing decoded refers to raw (encoding/json copies
// strings and raw messages), which the caller may reuse.
func decodeEnvelope(raw []byte, like any) (*envelope, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, ErrNotJSON
	}
	if _, ok := like.(*PostsPage); ok {
		// Pages of posts are the bulk of what a read decodes: a decoder of
		// their own takes a fifth of the time when it is sure to decode the
		// body exactly as encoding/json does (posts_decode.go).
		if env, handled := decodePostsEnvelope(trimmed); handled {
			return env, nil
		}
	}
	return decodeEnvelopeJSON(trimmed, like)
}

// decodeEnvelopeJSON is decodeEnvelope with encoding/json, of a body
// trimmed of white space that starts with '{'.
func decodeEnvelopeJSON(trimmed []byte, like any) (*envelope, error) {
	sink := dataSink(like)
	w := wireEnvelope{Data: sink.Interface()}
	err := json.Unmarshal(trimmed, &w)
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &syntaxErr):
		// The whole body is checked before anything is decoded.
		return nil, errTruncated
	case err != nil:
		// An unexpected type somewhere (an envelope field, or data not of
		// the endpoint's shape): decode field by field, as it always was,
		// so that the envelope keeps what is usable and the data's error
		// is encoding/json's own.
		return decodeEnvelopeSlowly(trimmed, like)
	}
	env := &envelope{OK: w.OK, Code: w.Code, Message: w.Message, ErrorCode: w.ErrorCode}
	if like != nil {
		// Absent or null data leaves the sink's pointer nil.
		if v := sink.Elem(); !v.IsNil() {
			env.data = v.Interface()
		}
	}
	return env, nil
}

// skipData is the sink of data nobody asked for: encoding/json only skips
// over it.
type skipData struct{}

// UnmarshalJSON ignores the data.
func (*skipData) UnmarshalJSON([]byte) error { return nil }

// dataSink returns where encoding/json decodes the data of an envelope asked
// as like's type *T: a new **T whose *T is nil, so that absent and null data
// leave it nil and any other data gets a new T (never one filled in by an
// earlier attempt). With like nil it returns a sink that skips the data.
func dataSink(like any) reflect.Value {
	if like == nil {
		return reflect.ValueOf(&skipData{})
	}
	return reflect.New(reflect.TypeOf(like))
}

// rawEnvelope is the envelope with its data kept raw.
type rawEnvelope struct {
	OK        bool            `json:"ok"`
	Code      int             `json:"code"`
	Message   string          `json:"message"`
	Data      json.RawMessage `json:"data"`
	ErrorCode string          `json:"error_code"`
}

// decodeEnvelopeSlowly decodes an envelope whose body has a value of an
// unexpected type: the envelope with its data raw, field by field when an
// envelope field has the wrong type (keeping what decoded: the status
// decides), then the data on its own.
func decodeEnvelopeSlowly(trimmed []byte, like any) (*envelope, error) {
	var w rawEnvelope
	if err := json.Unmarshal(trimmed, &w); err != nil {
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) {
			return nil, errTruncated
		}
		if w, err = lenientEnvelope(trimmed); err != nil {
			return nil, err
		}
	}
	env := &envelope{OK: w.OK, Code: w.Code, Message: w.Message, ErrorCode: w.ErrorCode}
	if like != nil {
		env.data, env.dataErr = decodeRawData(w.Data, reflect.TypeOf(like))
	}
	return env, nil
}

// lenientEnvelope decodes an envelope field by field, ignoring fields of
// the wrong type.
func lenientEnvelope(raw []byte) (rawEnvelope, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return rawEnvelope{}, errTruncated
	}
	var w rawEnvelope
	_ = json.Unmarshal(m["ok"], &w.OK)
	_ = json.Unmarshal(m["code"], &w.Code)
	_ = json.Unmarshal(m["message"], &w.Message)
	_ = json.Unmarshal(m["error_code"], &w.ErrorCode)
	w.Data = m["data"]
	return w, nil
}

// decodeRawData decodes raw data into a new value of ptr's element type and
// returns a pointer to it, nil for absent or null data.
func decodeRawData(raw json.RawMessage, ptr reflect.Type) (any, error) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	v := reflect.New(ptr.Elem())
	if err := json.Unmarshal(raw, v.Interface()); err != nil {
		return nil, fmt.Errorf("decoding data: %w", err)
	}
	return v.Interface(), nil
}

// dataInto stores the envelope's data in out, which must have the type
// decodeEnvelope was given. It fails when the data could not be decoded or
// the response had none.
func (env *envelope) dataInto(out any) error {
	switch {
	case env.dataErr != nil:
		return env.dataErr
	case env.data == nil:
		return errNoData
	}
	reflect.ValueOf(out).Elem().Set(reflect.ValueOf(env.data).Elem())
	return nil
}

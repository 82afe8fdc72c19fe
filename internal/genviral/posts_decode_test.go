package genviral

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/emulator"
)

// checkPostsFast decodes raw with the fast path and, when it handles it,
// checks that encoding/json decodes raw into the same envelope and page:
// nil and empty slices, nil pointers and the sign of zero alike. It also
// checks that nothing decoded refers to the body, which is overwritten
// once decoded. It reports whether the fast path handled raw.
func checkPostsFast(t *testing.T, raw []byte) bool {
	t.Helper()
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	body := bytes.Clone(trimmed)
	got, handled := decodePostsEnvelope(body)
	if !handled {
		if got != nil {
			t.Fatal("an envelope returned for a body not handled")
		}
		return false
	}
	for i := range body {
		body[i] = '#'
	}
	want, err := decodeEnvelopeJSON(trimmed, (*PostsPage)(nil))
	if err != nil || want.dataErr != nil {
		t.Fatalf("the fast path handled a body encoding/json fails on (%v, %v): %q", err, want.dataErr, raw)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fast path %s\nencoding/json %s\nbody %q", dump(got), dump(want), raw)
	}
	// DeepEqual takes -0 for 0; their encodings differ.
	if g, w := dump(got), dump(want); g != w {
		t.Fatalf("fast path %s\nencoding/json %s\nbody %q", g, w, raw)
	}
	return true
}

// dump prints an envelope and its data, for comparison and failures.
func dump(env *envelope) string {
	data, err := json.Marshal(env.data)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("ok %v code %d message %q error_code %q data error %v data %T %s",
		env.OK, env.Code, env.Message, env.ErrorCode, env.dataErr, env.data, data)
}

// emulatorPostsPages returns real pages of posts: the emulator's answers
// to GET /analytics/summary/posts for three accounts, one per platform,
// whose display names need escapes and non-ASCII; four pages of limit
// rows, two sorted.
func emulatorPostsPages(tb testing.TB, limit int) [][]byte {
	tb.Helper()
	s := emulator.New(emulator.Options{PostsPerTarget: 70})
	for i, name := range []string{`Café "Ñandú" 🎉`, `<R&D> \ Lab`, ""} {
		s.SeedTarget(emulator.WorkspaceScope(), Platforms[i], fmt.Sprintf("@acct_%d", i), name)
	}
	var pages [][]byte
	for _, q := range []string{"offset=0", "offset=" + strconv.Itoa(limit), "sortBy=views", "sortBy=likes&sortOrder=asc"} {
		r := httptest.NewRequest(http.MethodGet, emulator.BasePath+postsPath+"?range=all&limit="+strconv.Itoa(limit)+"&"+q, nil)
		r.Header.Set("Authorization", "Bearer "+emulator.WorkspaceKey)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			tb.Fatalf("emulator answered %d: %s", w.Code, w.Body)
		}
		pages = append(pages, w.Body.Bytes())
	}
	return pages
}

// row is a post row with fields, for the hand-written cases.
func row(fields string) string {
	return `{"ok":true,"code":200,"message":"Analytics posts retrieved","data":{"posts":[` + fields + `],"totalCount":1,"hasMore":false}}`
}

// handledPostsBodies are bodies the fast path decodes (checked against
// encoding/json).
var handledPostsBodies = map[string]string{
	"contract example":       envelopeSeeds[4],
	"quotes and backslashes": row(`{"id":"a","caption":"say \"hi\" \\ \/ \b\f\n\r\t"}`),
	"unicode escapes":        row(`{"id":"a","caption":"\u00e9\u00E9 \u2028 \u0000 \u003c\u0026\u003e"}`),
	"surrogate pair":         row(`{"id":"a","caption":"\ud83d\ude00 ok"}`),
	"lone surrogates":        row(`{"id":"a","caption":"\ud800 \udc00 \ud800\u0041 \ud800\ud800\udc00 \udbff"}`),
	"raw non-ASCII":          row(`{"id":"a","caption":"Café 🎉 日本語","accountDisplayName":"Ñandú"}`),
	"invalid UTF-8":          row("{\"id\":\"a\xff\",\"caption\":\"\xed\xa0\x80 \xe2\x82 \xc0\xaf \xef\xbf\xbd\",\"platform\":\"\xff\\n\"}"),
	"all null": row(`{"id":null,"analyticsId":null,"platformPostId":null,"genviralPostId":null,"externalId":null,` +
		`"publishedAt":null,"caption":null,"permalink":null,"thumbnailUrl":null,"durationSeconds":null,"metrics":null,` +
		`"engagementRate":null,"platform":null,"accountIdentifier":null,"accountDisplayName":null,"accountAvatarUrl":null}`),
	"null counters":     row(`{"id":"a","metrics":{"views":null,"likes":1,"comments":null,"shares":null,"saves":null}}`),
	"empty metrics":     row(`{"id":"a","metrics":{}}`),
	"empty row":         row(`{}`),
	"null row":          row(`null,{"id":"b"},null`),
	"empty strings":     row(`{"id":"","analyticsId":"","caption":""}`),
	"id differs":        row(`{"id":"a","analyticsId":"b"}`),
	"only analyticsId":  row(`{"analyticsId":"b","metrics":{"saves":0}}`),
	"keys in any order": row(`{"metrics":{"saves":5,"views":1},"caption":"c","id":"a","engagementRate":1.5,"analyticsId":"a"}`),
	"numbers": row(`{"id":"a","durationSeconds":-0,"engagementRate":1e2,"metrics":{"views":9223372036854775807,` +
		`"likes":-9223372036854775808,"comments":-0,"shares":0}}`),
	"floats":      row(`{"id":"a","durationSeconds":9007199254740993,"engagementRate":1e-400}`),
	"float forms": row(`{"id":"a","durationSeconds":0.1E+2,"engagementRate":-12345678901234567890}`),
	"unknown keys": `{"extra":{"a":[1,-2.5e3,true,false,null,"x\"y",{}]},"ok":true,"code":200,"data":{"posts":[{"id":"a",` +
		`"new":[[[]]],"metrics":{"views":1,"plays":7}}],"more":"x","totalCount":1},"trace":"t"}`,
	"no data":        `{"ok":true,"code":200,"message":"m"}`,
	"null data":      `{"ok":true,"code":200,"data":null,"error_code":null}`,
	"null posts":     `{"ok":true,"data":{"posts":null,"totalCount":null,"hasMore":null}}`,
	"empty posts":    `{"ok":true,"data":{"posts":[],"totalCount":0,"hasMore":false}}`,
	"empty data":     `{"ok":true,"data":{}}`,
	"null envelope":  `{"ok":null,"code":null,"message":null,"error_code":null}`,
	"error envelope": `{"ok":false,"code":429,"message":"Too many requests","error_code":"rate_limited"}`,
	"white space":    " {\n\t\"ok\" : true ,\r\n \"data\" : { \"posts\" : [ { \"id\" : \"a\" , \"metrics\" : { \"views\" : 1 } } , null ] } \n}\n",
	"empty key":      `{"":1,"ok":true,"data":{"":[],"posts":[{"":null,"id":"a"}]}}`,
	"non-ASCII key":  `{"ök":1,"ok":true,"data":{"posts":[{"ïd":"x","id":"a"}]}}`,
	"nested unknown": `{"ok":true,"x":` + strings.Repeat("[", 60) + strings.Repeat("]", 60) + `}`,
	"big message":    `{"ok":false,"message":"` + strings.Repeat("é\\n", 5000) + `"}`,
}

// fallbackPostsBodies are bodies the fast path leaves to encoding/json.
var fallbackPostsBodies = map[string]string{
	"ok not a bool":          `{"ok":"yes","data":{"posts":[]}}`,
	"code a string":          `{"ok":true,"code":"200"}`,
	"code a float":           `{"ok":true,"code":200.0}`,
	"code too large":         `{"ok":true,"code":1e999}`,
	"message a number":       `{"ok":true,"message":7}`,
	"data an array":          `{"ok":true,"data":[]}`,
	"data a string":          `{"ok":true,"data":"x"}`,
	"posts an object":        `{"ok":true,"data":{"posts":{}}}`,
	"totalCount a float":     `{"ok":true,"data":{"totalCount":1.5}}`,
	"totalCount exponent":    `{"ok":true,"data":{"totalCount":1e2}}`,
	"hasMore a number":       `{"ok":true,"data":{"hasMore":1}}`,
	"row a number":           row(`1`),
	"row an array":           row(`[]`),
	"id a number":            row(`{"id":5}`),
	"caption a bool":         row(`{"caption":true}`),
	"views a float":          row(`{"metrics":{"views":1.5}}`),
	"views a string":         row(`{"metrics":{"views":"1"}}`),
	"views too large":        row(`{"metrics":{"views":9223372036854775808}}`),
	"views too small":        row(`{"metrics":{"views":-9223372036854775809}}`),
	"views 20 digits":        row(`{"metrics":{"views":10000000000000000000}}`),
	"metrics an array":       row(`{"metrics":[]}`),
	"rate out of range":      row(`{"engagementRate":1e400}`),
	"duration a string":      row(`{"durationSeconds":"19"}`),
	"duplicate id":           row(`{"id":"a","id":"b"}`),
	"duplicate counter":      row(`{"metrics":{"views":1,"views":2}}`),
	"duplicate data":         `{"data":{"posts":[]},"data":{"totalCount":1}}`,
	"duplicate unknown":      `{"ok":true,"x":1,"x":2}`,
	"duplicate in page":      `{"data":{"hasMore":true,"hasMore":false}}`,
	"key case ID":            row(`{"ID":"a"}`),
	"key case analyticsid":   row(`{"analyticsid":"a"}`),
	"key case Data":          `{"Data":{"posts":[]}}`,
	"key case OK":            `{"OK":true}`,
	"key case Views":         row(`{"metrics":{"Views":1}}`),
	"key Kelvin sign":        row(`{"metrics":{"li` + "\u212a" + `es":1}}`),
	"key long s":             row(`{"metrics":{"` + "\u017f" + `hares":1}}`),
	"escaped key":            row(`{"\u0069d":"a"}`),
	"escaped unknown key":    `{"\u0078":1}`,
	"truncated":              `{"ok":true,"data":{"posts":[{"id":"a"`,
	"truncated string":       `{"ok":true,"message":"abc`,
	"trailing data":          `{"ok":true}x`,
	"trailing object":        `{"ok":true}{}`,
	"trailing comma":         `{"ok":true,}`,
	"missing colon":          `{"ok" true}`,
	"unquoted key":           `{ok:true}`,
	"control character":      "{\"message\":\"a\tb\"}",
	"bad escape":             `{"message":"\x41"}`,
	"short unicode escape":   `{"message":"\u12"}`,
	"quote escape":           `{"message":"\'"}`,
	"bad escape in unknown":  `{"x":"\q"}`,
	"leading zero":           `{"code":01}`,
	"bare fraction":          `{"code":1.}`,
	"plus sign":              `{"code":+1}`,
	"lone minus":             `{"code":-}`,
	"bad exponent":           `{"code":1e}`,
	"hex":                    `{"code":0x10}`,
	"NaN":                    row(`{"engagementRate":NaN}`),
	"bad literal":            `{"ok":tru}`,
	"capital literal":        `{"ok":True}`,
	"unknown too deep":       `{"ok":true,"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
	"unknown bad value":      `{"ok":true,"x":[1,]}`,
	"unknown unclosed":       `{"ok":true,"x":{"a":1}`,
	"unknown object non-key": `{"ok":true,"x":{1:2}}`,
}

func TestDecodePostsFastHandles(t *testing.T) {
	t.Parallel()
	for i, page := range emulatorPostsPages(t, MaxPostsPageSize) {
		if !checkPostsFast(t, page) {
			t.Errorf("emulator page %d not handled: %s", i, page)
		}
	}
	for _, n := range []int{0, 1, 100} {
		if !checkPostsFast(t, postsPageBody(n)) {
			t.Errorf("page of %d rows not handled", n)
		}
	}
	for name, body := range handledPostsBodies {
		if !checkPostsFast(t, []byte(body)) {
			t.Errorf("%s: not handled: %s", name, body)
		}
	}
}

func TestDecodePostsFastFallsBack(t *testing.T) {
	t.Parallel()
	for name, body := range fallbackPostsBodies {
		if env, handled := decodePostsEnvelope([]byte(body)); handled || env != nil {
			t.Errorf("%s: handled: %s", name, body)
		}
	}
}

// TestDecodePostsFastNilAndEmpty pins what encoding/json does and the fast
// path must: [] is an empty slice, null a nil one; null pointers are nil.
func TestDecodePostsFastNilAndEmpty(t *testing.T) {
	t.Parallel()
	page := func(body string) *PostsPage {
		env, handled := decodePostsEnvelope([]byte(body))
		if !handled {
			t.Fatalf("not handled: %s", body)
		}
		p, _ := env.data.(*PostsPage)
		return p
	}
	if p := page(handledPostsBodies["empty posts"]); p.Posts == nil {
		t.Error("[] decoded as a nil slice")
	}
	if p := page(handledPostsBodies["null posts"]); p.Posts != nil {
		t.Error("null decoded as a non-nil slice")
	}
	if p := page(handledPostsBodies["null data"]); p != nil {
		t.Errorf("null data decoded as %+v", p)
	}
	p := page(handledPostsBodies["null counters"])
	if m := p.Posts[0].Metrics; m == nil || m.Views != nil || m.Likes == nil || *m.Likes != 1 || p.Posts[0].Caption != nil {
		t.Errorf("null counters decoded as %+v", p.Posts[0])
	}
}

// TestPostsDecodeKeys checks the decoder's names against the struct tags
// encoding/json reads.
func TestPostsDecodeKeys(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v     any
		keys  []string
		order bool // the decoder maps the keys to the fields by position
	}{
		{Post{}, postKeys, false},
		{PostMetrics{}, metricsKeys, true},
		{PostsPage{}, pageKeys, true},
		{wireEnvelope{}, envelopeKeys, false},
	} {
		var tags []string
		for f := range reflect.TypeOf(c.v).Fields() {
			tags = append(tags, strings.Split(f.Tag.Get("json"), ",")[0])
		}
		keys := slices.Clone(c.keys)
		if !c.order {
			slices.Sort(tags)
			slices.Sort(keys)
		}
		if !slices.Equal(tags, keys) {
			t.Errorf("%T: the decoder knows %v, the struct %v", c.v, keys, tags)
		}
	}
}

// FuzzDecodePostsFast checks the fast path against encoding/json: whatever
// it handles, encoding/json decodes the same way (checkPostsFast).
func FuzzDecodePostsFast(f *testing.F) {
	// Small pages: the fuzzer mutates them faster.
	for _, page := range emulatorPostsPages(f, 2) {
		f.Add(page)
		f.Add(page[:len(page)/2])
	}
	pretty, err := json.MarshalIndent(json.RawMessage(postsPageBody(2)), "", "\t")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pretty)
	for _, bodies := range []map[string]string{handledPostsBodies, fallbackPostsBodies} {
		for _, name := range slices.Sorted(maps.Keys(bodies)) {
			f.Add([]byte(bodies[name]))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkPostsFast(t, raw)
	})
}

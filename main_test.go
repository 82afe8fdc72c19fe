package main

import (
	"maps"
	"testing"
)

func TestQuietUnlessLogged(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_PROVIDER_GENVIRAL": "OFF"}
	for name, tc := range map[string]struct {
		environ []string
		want    map[string]string
	}{
		"no logging asked":   {[]string{"HOME=/root", "TF_IN_AUTOMATION=1", "XTF_LOG=1"}, off},
		"TF_LOG":             {[]string{"TF_LOG=DEBUG"}, nil},
		"TF_LOG_PROVIDER":    {[]string{"TF_LOG_PROVIDER=TRACE"}, nil},
		"TF_LOG_SDK_PROTO":   {[]string{"TF_LOG_SDK_PROTO=TRACE"}, nil},
		"TF_LOG_PATH only":   {[]string{"TF_LOG_PATH=/tmp/tf.log"}, nil},
		"TF_LOG set, empty":  {[]string{"TF_LOG="}, nil},
		"tf_log (Windows)":   {[]string{"tf_log=TRACE"}, nil},
		"nothing in environ": {nil, off},
	} {
		t.Run(name, func(t *testing.T) {
			got := map[string]string{}
			quietUnlessLogged(tc.environ, func(k, v string) error { got[k] = v; return nil })
			if !maps.Equal(got, tc.want) && (len(got) != 0 || len(tc.want) != 0) {
				t.Errorf("set %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSoftMemoryLimit(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want int64
	}{
		"default":         {nil, defaultMemoryLimit},
		"GOMEMLIMIT set":  {map[string]string{"GOMEMLIMIT": "1GiB"}, 0},
		"GOMEMLIMIT off":  {map[string]string{"GOMEMLIMIT": "off"}, 0},
		"other variables": {map[string]string{"GOGC": "50"}, defaultMemoryLimit},
	} {
		t.Run(name, func(t *testing.T) {
			var got int64
			softMemoryLimit(func(k string) string { return tc.env[k] }, func(n int64) int64 { got = n; return 0 })
			if got != tc.want {
				t.Errorf("limit set to %d, want %d (0: not set)", got, tc.want)
			}
		})
	}
}

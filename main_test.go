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

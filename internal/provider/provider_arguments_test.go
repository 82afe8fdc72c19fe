package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestBaseURLValidator_neverEchoesCredentials: a key pasted into base_url
// (as user name, password, query parameter or fragment, also in a URL that
// cannot be parsed) is refused on the attribute without being quoted, while
// the rest of the URL is, to show what is wrong.
func TestBaseURLValidator_neverEchoesCredentials(t *testing.T) {
	const secret = "emulatorWorkspaceSecret0001"
	cases := map[string]struct{ raw, quoted string }{
		"key as user name":     {"https://gva_live_wsp001." + secret + "@www.genviral.io/api/partner/v1", `"https://xxxxx@www.genviral.io/api/partner/v1"`},
		"key as password":      {"https://gva_live_wsp001:" + secret + "@www.genviral.io/api/partner/v1", `"https://xxxxx@www.genviral.io/api/partner/v1"`},
		"key in the query":     {"https://www.genviral.io/api/partner/v1?api_key=gva_live_wsp001." + secret, `"https://www.genviral.io/api/partner/v1?xxxxx"`},
		"key in the fragment":  {"https://www.genviral.io/api/partner/v1#" + secret, `"https://www.genviral.io/api/partner/v1#xxxxx"`},
		"unparsable with key":  {"https://h/%zz?key=gva_live_wsp001." + secret, "(not shown: it may contain credentials)"},
		"unparsable, no key":   {"https://h/%zz", `"https://h/%zz"`},
		"plain http elsewhere": {"http://10.0.0.1/api", `"http://10.0.0.1/api"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var resp validator.StringResponse
			baseURLValidator().ValidateString(context.Background(), validator.StringRequest{
				Path: path.Root("base_url"), ConfigValue: types.StringValue(c.raw),
			}, &resp)
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error, got %v", resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if strings.Contains(d.Detail(), secret) || strings.Contains(d.Summary(), secret) {
				t.Errorf("the diagnostic echoes the key:\n%s", d.Detail())
			}
			if !strings.Contains(d.Detail(), "The base_url "+c.quoted+" is not valid") {
				t.Errorf("the diagnostic does not quote the URL as %s:\n%s", c.quoted, d.Detail())
			}
		})
	}
}

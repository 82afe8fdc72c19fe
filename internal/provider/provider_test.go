package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/genviral/terraform-provider-genviral/internal/acctest"
)

// TestAccProvider_invalidConfiguration checks that each bad provider
// argument fails at plan on its attribute, without any API request.
func TestAccProvider_invalidConfiguration(t *testing.T) {
	acctest.RunPlanErrors(t, func(e *acctest.TestEnv, arg string) string {
		return e.Provider(arg) + acctest.TargetHCL("x", "tiktok", "@brand")
	}, map[string]acctest.PlanError{
		"key without dot":      {`api_key = "gva_live_abc123secretvalue"`, `(?s)api_key.*no "\." between the public id`},
		"key with space":       {`api_key = "gva_live_abc123.secret value"`, `(?s)api_key.*white space`},
		"key secret short":     {`api_key = "gva_live_abc123.short"`, `(?s)api_key.*shorter than 8`},
		"http non-loopback":    {`base_url = "http://api.example.com/v1"`, `(?s)base_url.*plain http://`},
		"ftp":                  {`base_url = "ftp://api.example.com"`, `(?s)base_url.*scheme "ftp"`},
		"relative url":         {`base_url = "/api"`, `(?s)base_url.*absolute URL`},
		"max_retries 99":       {`max_retries = 99`, `(?s)max_retries.*between 0 and 10`},
		"parallel 0":           {`max_parallel_requests = 0`, `(?s)max_parallel_requests.*between 1 and 16`},
		"max_retries fraction": {`max_retries = 1.5`, `(?s)Invalid Whole Number.*max_retries = 1.5 is not a whole number`},
		"parallel huge":        {`max_parallel_requests = 1e19`, `(?s)Invalid Whole Number.*max_parallel_requests = 1e\+19 is too large`},
		"timeout not duration": {`request_timeout = "thirty"`, `(?s)request_timeout.*not a duration`},
		"timeout out of range": {`request_timeout = "1h"`, `(?s)request_timeout.*at most 10m`},
		"timeout zero":         {`request_timeout = "0s"`, `(?s)request_timeout.*greater than 0`},
	})
}

// TestAccProvider_unknownConfiguration: a key known only after apply (from
// another resource) does not break the plan; the target is created once the
// key is known.
func TestAccProvider_unknownConfiguration(t *testing.T) {
	e := acctest.NewTestEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: acctest.TerraformDataHCL("key", e.Key) + fmt.Sprintf(`
provider "genviral" {
  api_key  = terraform_data.key.output
  base_url = %q
}
`, e.URL) + acctest.TargetHCL("a", "tiktok", "@later"),
			Check: e.CheckTargets("tiktok/later"),
		}},
	})
}

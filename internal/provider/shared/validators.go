package shared

// The plan-time checks of the domain: handles (per platform), target ids,
// platforms, dates and timeouts, shared by resources, data sources and
// import. The provider's own arguments are checked in provider_arguments.go.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// StringCheck adapts a func returning a problem description ("" = valid)
// into a string validator that reports on the attribute. Null and unknown
// values are not checked.
type StringCheck struct {
	Desc    string
	Summary string
	Check   func(string) string
}

func (v StringCheck) Description(context.Context) string         { return v.Desc }
func (v StringCheck) MarkdownDescription(context.Context) string { return v.Desc }

func (v StringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.Check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.Summary, problem)
	}
}

// DurationValidator checks a Go duration string within (0, max].
type DurationValidator struct {
	Max time.Duration
}

func (v DurationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", greater than 0 and at most %s", v.Max)
}
func (v DurationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v DurationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s is not a duration: use a number with a unit, such as \"30s\", \"90s\" or \"2m\".", QuoteInput(req.ConfigValue.ValueString())))
	case d <= 0 || d > v.Max:
		resp.Diagnostics.AddAttributeError(req.Path, "Duration Out of Range",
			fmt.Sprintf("%s must be greater than 0 and at most %s.", QuoteInput(req.ConfigValue.ValueString()), v.Max))
	}
}

// DateValidator checks a calendar date in the form YYYY-MM-DD.
func DateValidator() validator.String {
	return StringCheck{
		Desc:    "must be a calendar date in the form YYYY-MM-DD",
		Summary: "Invalid Date",
		Check: func(s string) string {
			if _, err := time.Parse(time.DateOnly, s); err != nil || len(s) != len(time.DateOnly) {
				return fmt.Sprintf("%s is not a calendar date in the form YYYY-MM-DD (for example \"2026-03-01\").", QuoteInput(s))
			}
			return ""
		},
	}
}

// ValidateTimeouts refuses values of a resource's timeouts block that are not
// greater than zero. The block's own validator accepts any duration, and a
// zero or negative one would make every operation fail at once with a
// deadline error. Call it from ValidateConfig.
func ValidateTimeouts(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var block timeouts.Value
	diags.Append(config.GetAttribute(ctx, path.Root("timeouts"), &block)...)
	if diags.HasError() || block.IsNull() || block.IsUnknown() {
		return
	}
	for name, v := range block.Attributes() {
		s, ok := v.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if problem := checkPositiveTimeout(name, s.ValueString()); problem != "" {
			diags.AddAttributeError(path.Root("timeouts").AtName(name), "Invalid Timeout", problem)
		}
	}
}

// checkPositiveTimeout describes a timeouts.<name> value that parses as a
// duration but is not greater than zero, or returns "". Values that do not
// parse are left to the timeouts block's own validator.
func checkPositiveTimeout(name, value string) string {
	if d, err := time.ParseDuration(value); err == nil && d <= 0 {
		return fmt.Sprintf("timeouts.%s = %q must be greater than 0, such as \"5m\"; remove it to use the default.", name, value)
	}
	return ""
}

// positiveTimeoutValidator refuses a timeouts.<name> duration that is not
// greater than zero (see checkPositiveTimeout): the validator of the
// timeouts of a data source, whose block accepts any duration.
type positiveTimeoutValidator struct {
	name string
}

func (positiveTimeoutValidator) Description(context.Context) string {
	return "must be a duration greater than 0"
}

func (v positiveTimeoutValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v positiveTimeoutValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := checkPositiveTimeout(v.name, req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timeout", problem)
	}
}

// handleRule is what one platform accepts in a handle after its optional
// leading "@".
type handleRule struct {
	name     string          // the platform as people write it
	min, max int             // length in characters, combining marks not counted
	allowed  func(rune) bool // the characters a handle may contain
	chars    string          // the characters, as messages describe them
}

// handleRules are the handle rules per platform, as the platforms document
// them (the API itself documents none):
//
//   - TikTok: letters, digits, "_" and ".", at most 24 characters.
//   - Instagram: letters, digits, "_" and ".", at most 30 characters.
//   - YouTube (support.google.com/youtube/answer/11585688): 3 to 30
//     characters; letters and digits of the many scripts YouTube supports,
//     "_", "-", "." and the Latin middle dot "·". YouTube does not publish
//     its list of scripts, so any Unicode letter or digit is accepted, and
//     so are combining marks (scripts such as Devanagari need them; they do
//     not count toward the length). Its other rules (not URL- or
//     phone-number-like, not taken) are left to YouTube.
//
// Minimum lengths are enforced only where the platform documents one.
var handleRules = map[string]handleRule{
	genviral.PlatformTikTok:    {name: "TikTok", min: 1, max: 24, allowed: asciiHandleRune, chars: `ASCII letters, digits, "_" and "."`},
	genviral.PlatformInstagram: {name: "Instagram", min: 1, max: 30, allowed: asciiHandleRune, chars: `ASCII letters, digits, "_" and "."`},
	genviral.PlatformYouTube: {name: "YouTube", min: 3, max: 30, allowed: youTubeHandleRune,
		chars: `letters and digits of any script, "_", "-", "." and the middle dot "·"`},
}

// anyHandleRule is used when the platform is not known (yet): it accepts
// what any platform accepts, so that only the mistakes no platform allows
// are refused before the platform is known.
var anyHandleRule = handleRule{min: 1, max: maxIdentifierLen, allowed: youTubeHandleRune,
	chars: `letters, digits, "_", "-", "." and "·"`}

// maxIdentifierLen bounds a handle whose platform is not known.
const maxIdentifierLen = 100

// IdentifierRulesMarkdown documents handleRules in attribute descriptions.
const IdentifierRulesMarkdown = "What a handle may contain depends on `platform`: TikTok handles have ASCII letters, digits, " +
	"`_` and `.` (at most 24 characters); Instagram handles the same (at most 30); YouTube handles letters and digits " +
	"of any script, `_`, `-`, `.` and the middle dot `·` (3 to 30 characters, e.g. `@カフェ東京`). The leading `@` is " +
	"optional and not counted. White space, `/`, `:` (profile URLs) and a second `@` are refused on every platform, " +
	"at plan time."

// asciiHandleRune reports whether r may appear in a TikTok or Instagram
// handle: ASCII letters and digits, "_" and ".".
func asciiHandleRune(r rune) bool {
	return r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.')
}

// youTubeHandleRune reports whether r may appear in a YouTube handle:
// letters, digits and combining marks of any script, "_", "-", "." and
// "·" (U+00B7).
func youTubeHandleRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("_-.·", r)
}

// CheckIdentifier describes what is wrong with an account handle for a
// platform, or returns "". An unknown or empty platform gets only the
// checks every platform shares.
func CheckIdentifier(platform, s string) string {
	rule, ok := handleRules[strings.ToLower(platform)]
	if !ok {
		rule = anyHandleRule
	}
	handle := strings.TrimPrefix(s, "@")
	switch {
	case handle == "" || strings.TrimSpace(s) == "":
		return fmt.Sprintf("the handle %s is empty: give the account's handle, such as \"@brand\"", QuoteInput(s))
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return fmt.Sprintf("the handle %s contains white space; handles have none (check for a space copied with it)", QuoteInput(s))
	case strings.HasPrefix(handle, "@"):
		return fmt.Sprintf("the handle %s has more than one leading \"@\"", QuoteInput(s))
	case strings.ContainsAny(handle, "/:"):
		return fmt.Sprintf("the handle %s contains \"/\" or \":\": give the handle alone, such as \"@brand\", not a profile URL", QuoteInput(s))
	}
	for _, r := range handle {
		if !rule.allowed(r) {
			return fmt.Sprintf("the handle %s contains %q: %s may contain only %s, after an optional leading \"@\" "+
				"(give the handle, not a profile URL or display name)", QuoteInput(s), r, rule.handles(), rule.chars)
		}
	}
	n := 0
	for _, r := range handle {
		if !unicode.IsMark(r) {
			n++
		}
	}
	switch {
	case n > rule.max:
		return fmt.Sprintf("the handle is %d characters long; %s have at most %d", n, rule.handles(), rule.max)
	case n < rule.min:
		return fmt.Sprintf("the handle %s is %d characters long; %s have at least %d", QuoteInput(s), n, rule.handles(), rule.min)
	}
	return ""
}

// handles names the handles of the rule's platform in messages.
func (r handleRule) handles() string {
	if r.name == "" {
		return "handles"
	}
	return r.name + " handles"
}

// identifierCheck validates an account handle at plan time with the rule of
// the platform in the sibling attribute "platform"; while that is unknown,
// only the checks every platform shares apply.
type identifierCheck struct{}

// IdentifierValidator validates an account handle at plan time.
func IdentifierValidator() validator.String { return identifierCheck{} }

func (identifierCheck) Description(context.Context) string {
	return `must be an account handle such as "@brand" that the platform allows`
}
func (v identifierCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (identifierCheck) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var platform types.String
	// Without a readable sibling platform the shared checks still apply.
	_ = req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("platform"), &platform)
	p := ""
	if !platform.IsNull() && !platform.IsUnknown() {
		p = platform.ValueString()
	}
	if problem := CheckIdentifier(p, req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Account Handle",
			"The identifier is not a valid account handle: "+problem+".")
	}
}

// CheckTargetID describes what is wrong with an analytics target id, or
// returns "". Ids are opaque (UUIDs today), so only mistakes that can never
// be an id are refused: empty values, white space, commas (the API takes
// ids as a comma-separated list) and handles given instead of ids.
func CheckTargetID(id string) string {
	switch {
	case strings.TrimSpace(id) == "":
		return "the target id is empty"
	case strings.HasPrefix(id, "@"):
		return fmt.Sprintf("%s is an account handle, not a target id: use the target's id (for example "+
			"genviral_analytics_target.<name>.id, or data.genviral_analytics_target.<name>.id looked up by platform and identifier)", QuoteInput(id))
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return fmt.Sprintf("the target id %s contains white space", QuoteInput(id))
	case strings.Contains(id, ","):
		return fmt.Sprintf("the target id %s contains a comma: give each id as its own element", QuoteInput(id))
	}
	return ""
}

// TargetIDValidator validates an analytics target id at plan time.
func TargetIDValidator() validator.String {
	return StringCheck{
		Desc:    "must be an analytics target id",
		Summary: "Invalid Target ID",
		Check: func(s string) string {
			if p := CheckTargetID(s); p != "" {
				return "The value is not a valid analytics target id: " + p + "."
			}
			return ""
		},
	}
}

// CheckPlatform describes what is wrong with a platform name, or returns "".
func CheckPlatform(p string) string {
	for _, ok := range genviral.Platforms {
		if p == ok {
			return ""
		}
	}
	return fmt.Sprintf("the platform %s is not one of %s", QuoteInput(p), strings.Join(genviral.Platforms, ", "))
}

// maxEchoedRunes bounds how much of a value the user supplied (a target id,
// a handle, an import id) a message repeats: enough to recognise it, never
// a 10,000-character paste.
const maxEchoedRunes = 64

// QuoteInput quotes a user-supplied value for a message: in full when short,
// else its first characters and its length. Every message that repeats user
// input uses it.
func QuoteInput(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= maxEchoedRunes {
		return strconv.Quote(s)
	}
	head := []rune(s)[:maxEchoedRunes-16]
	return fmt.Sprintf("%s… (%d characters)", strconv.Quote(string(head)), n)
}

// IsUUID reports whether s is a UUID in its textual form (8-4-4-4-12
// hexadecimal digits, in either letter case), the form of target ids
// (contract §4.1).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)):
			return false
		}
	}
	return true
}

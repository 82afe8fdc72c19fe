package analytics

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genviral/terraform-provider-genviral/internal/genviral"
)

// postStats accumulates one group of posts, with checked sums: a group of
// the report (overall, per platform, per account, ...), and the totals of
// genviral_analytics_posts.
type postStats struct {
	posts                                 int64
	views, likes, comments, shares, saves checkedSum
	rates                                 checkedRates
	// platform, account and displayName name the group of per_account.
	platform, account string
	displayName       *string
}

func (s *postStats) add(p *genviral.Post) {
	s.posts++
	key := p.Key()
	if mt := p.Metrics; mt != nil {
		for _, m := range []struct {
			sum *checkedSum
			v   *int64
		}{{&s.views, mt.Views}, {&s.likes, mt.Likes}, {&s.comments, mt.Comments}, {&s.shares, mt.Shares}, {&s.saves, mt.Saves}} {
			if m.v != nil {
				m.sum.Add(*m.v, key)
			}
		}
	}
	if p.EngagementRate != nil {
		s.rates.Add(*p.EngagementRate, key)
	}
}

// statsOf returns p with only what add reads: its key (ID, AnalyticsID),
// metrics and engagement rate.
func statsOf(p *genviral.Post) genviral.Post {
	return genviral.Post{ID: p.ID, AnalyticsID: p.AnalyticsID, Metrics: p.Metrics, EngagementRate: p.EngagementRate}
}

// metricSum is one summed metric of a group, by attribute name.
type metricSum struct {
	name string
	sum  *checkedSum
}

// sums returns the summed metrics in attribute order.
func (s *postStats) sums() []metricSum {
	return []metricSum{{"views", &s.views}, {"likes", &s.likes}, {"comments", &s.comments}, {"shares", &s.shares},
		{"saves", &s.saves}}
}

// interactions returns likes + comments + shares + saves, and whether it
// fits.
func (s *postStats) interactions() (int64, bool) {
	return sumInt64(&s.likes, &s.comments, &s.shares, &s.saves)
}

// checkSums adds an error for each sum of the group at p that does not
// fit. Each attribute is reported for the first group only: reported holds
// those already reported.
func (s *postStats) checkSums(p path.Path, reported map[string]bool, diags *diag.Diagnostics) {
	report := func(name string, d diag.Diagnostic) { reportOnce(reported, name, d, diags) }
	for _, m := range s.sums() {
		if _, ok := m.sum.Value(); !ok {
			report(m.name, errSumOutOfRange(p.AtName(m.name), m.name, p, s.posts))
		}
	}
	if _, ok := s.interactions(); !ok {
		report("interactions", errSumOutOfRange(p.AtName("interactions"),
			"interactions (likes + comments + shares + saves)", p, s.posts))
	}
}

// checkRates adds an error when the engagement rates of the group at p
// include one that is not a finite number or add up beyond the largest
// float64, for the first such group only (see checkSums).
func (s *postStats) checkRates(p path.Path, reported map[string]bool, diags *diag.Diagnostics) {
	if s.rates.Bad > 0 {
		reportOnce(reported, "engagement_rate", errRateNotFinite(p, s.rates.Bad, s.posts, s.rates.BadRow), diags)
	} else if _, ok := s.rates.Mean(); !ok && len(s.rates.Values) > 0 {
		reportOnce(reported, "engagement_rate", errRatesOverflow(p, len(s.rates.Values)), diags)
	}
}

// warnNegatives warns, once per metric, about negative values among the
// posts of s (the whole read, summed at p), which the sums include as sent.
func (s *postStats) warnNegatives(p path.Path, diags *diag.Diagnostics) {
	for _, m := range s.sums() {
		if m.sum.Negatives > 0 {
			diags.Append(warnNegativeMetric(p.AtName(m.name), m.name, m.sum.Negatives, s.posts, m.sum.NegativeRow))
		}
	}
}

// engagement returns the weighted, mean and median engagement rates rounded to
// 2 decimals; nil where undefined (check reports the rates that are).
func (s *postStats) engagement() (weighted, avg, median *float64) {
	round := func(v float64) *float64 {
		r := round2(v)
		return &r
	}
	views, vok := s.views.Value()
	interactions, iok := s.interactions()
	if vok && iok && views > 0 {
		weighted = round(float64(interactions) / float64(views) * 100)
	}
	if len(s.rates.Values) > 0 && s.rates.Bad == 0 {
		if mean, ok := s.rates.Mean(); ok {
			avg = round(mean)
			median = round(s.rates.Median())
		}
	}
	return weighted, avg, median
}

package analytics

// Checked arithmetic of the sums and averages the provider computes over
// post rows (genviral_analytics_posts.totals, the aggregates of
// genviral_analytics_posts_report): a sum that does not fit is reported,
// never wrapped around or rounded to infinity.

import (
	"math"
	"slices"
)

// checkedSum is the sum of one whole-number metric over rows. Once the sum
// leaves the int64 range it stays marked as overflowed; rows with a
// negative value are counted, with the key of the first one.
type checkedSum struct {
	Total    int64
	overflow bool
	// negatives is how many rows had a negative value; negativeRow is the
	// key of the first.
	Negatives   int
	NegativeRow string
}

// Add adds the value v of the row with key row.
func (s *checkedSum) Add(v int64, row string) {
	if v < 0 {
		if s.Negatives == 0 {
			s.NegativeRow = row
		}
		s.Negatives++
	}
	if s.overflow {
		return
	}
	t, ok := addInt64(s.Total, v)
	s.Total, s.overflow = t, !ok
}

// Value returns the sum and whether it fits in an int64.
func (s *checkedSum) Value() (int64, bool) { return s.Total, !s.overflow }

// addInt64 returns a+b and whether the sum fits in an int64 (when it does
// not, the first result is meaningless).
func addInt64(a, b int64) (int64, bool) {
	r := a + b
	return r, (r > a) == (b > 0)
}

// sumInt64 returns the sum of the checked sums and whether every one of
// them and their total fit in an int64.
func sumInt64(sums ...*checkedSum) (int64, bool) {
	var total int64
	for _, s := range sums {
		v, ok := s.Value()
		if !ok {
			return 0, false
		}
		if total, ok = addInt64(total, v); !ok {
			return 0, false
		}
	}
	return total, true
}

// checkedRates collects the engagement rates of rows for their mean and
// median. A rate that is not a finite number (NaN or ±Inf) is the API's bad
// data: it is kept aside, with the key of its row, instead of being used.
type checkedRates struct {
	Values []float64
	// bad is how many rows sent a rate that is not a finite number;
	// badRow is the key of the first.
	Bad    int
	BadRow string
}

// Add adds the rate v of the row with key row.
func (r *checkedRates) Add(v float64, row string) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		if r.Bad == 0 {
			r.BadRow = row
		}
		r.Bad++
		return
	}
	r.Values = append(r.Values, v)
}

// Mean returns the mean of the rates (of at least one); ok is false when
// their sum is not a finite number (rates so large that they add up beyond
// ±1.8e308).
func (r *checkedRates) Mean() (mean float64, ok bool) {
	var sum float64
	for _, v := range r.Values {
		sum += v
	}
	if math.IsInf(sum, 0) || math.IsNaN(sum) {
		return 0, false
	}
	return sum / float64(len(r.Values)), true
}

// Median returns the median of the (finite) rates; for an even count the
// mean of the middle two, halved first when their sum would overflow.
func (r *checkedRates) Median() float64 {
	sorted := slices.Clone(r.Values)
	slices.Sort(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	a, b := sorted[n/2-1], sorted[n/2]
	if m := (a + b) / 2; !math.IsInf(m, 0) {
		return m
	}
	return a/2 + b/2
}

// round2 rounds v to 2 decimals. Values of 2^52 and beyond have no
// decimals and are returned as they are (scaling them could overflow).
func round2(v float64) float64 {
	if math.Abs(v) >= 1<<52 {
		return v
	}
	return math.Floor(v*100+0.5) / 100
}

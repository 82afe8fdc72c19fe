package analytics_test

import (
	"math"
	"testing"

	"github.com/genviral/terraform-provider-genviral/internal/provider/analytics"
)

func TestAddInt64(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b int64
		want int64
		ok   bool
	}{
		{1, 2, 3, true},
		{math.MaxInt64, 0, math.MaxInt64, true},
		{math.MaxInt64, 1, 0, false},
		{math.MaxInt64, math.MaxInt64, 0, false},
		{math.MinInt64, -1, 0, false},
		{math.MinInt64, math.MaxInt64, -1, true},
		{-5, 3, -2, true},
		{0, math.MinInt64, math.MinInt64, true},
	} {
		got, ok := analytics.AddInt64(c.a, c.b)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("addInt64(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestCheckedSum(t *testing.T) {
	t.Parallel()
	var s analytics.CheckedSum
	s.Add(math.MaxInt64, "a")
	if v, ok := s.Value(); !ok || v != math.MaxInt64 {
		t.Fatalf("one row: %d, %v", v, ok)
	}
	s.Add(math.MaxInt64, "b")
	s.Add(math.MinInt64, "c") // a later row cannot bring an overflowed sum back
	if v, ok := s.Value(); ok {
		t.Fatalf("sum of two MaxInt64 = %d, fits; want an overflow", v)
	}
	if s.Negatives != 1 || s.NegativeRow != "c" {
		t.Errorf("negatives = %d (%q), want 1 (c)", s.Negatives, s.NegativeRow)
	}
	if _, ok := analytics.SumInt64(&analytics.CheckedSum{Total: math.MaxInt64}, &analytics.CheckedSum{Total: 1}); ok {
		t.Error("sumInt64 of MaxInt64 and 1 fits")
	}
	if v, ok := analytics.SumInt64(&analytics.CheckedSum{Total: 4}, &analytics.CheckedSum{Total: -1}); !ok || v != 3 {
		t.Errorf("sumInt64(4, -1) = %d, %v", v, ok)
	}
}

func TestCheckedRates(t *testing.T) {
	t.Parallel()
	var r analytics.CheckedRates
	for _, v := range []float64{1e308, 1e308, 1e308} {
		r.Add(v, "p")
	}
	if m, ok := r.Mean(); ok {
		t.Errorf("mean of three 1e308 = %g, defined; want out of range", m)
	}
	two := analytics.CheckedRates{Values: []float64{1e308, 1.5e308}}
	if m, ok := two.Mean(); ok {
		t.Errorf("mean of 1e308 and 1.5e308 = %g, defined", m)
	}
	if m := two.Median(); math.IsInf(m, 0) || m != 1.25e308 {
		t.Errorf("median of 1e308 and 1.5e308 = %g, want 1.25e308", m)
	}
	var bad analytics.CheckedRates
	bad.Add(4.5, "ok")
	bad.Add(math.NaN(), "nan")
	bad.Add(math.Inf(-1), "inf")
	if bad.Bad != 2 || bad.BadRow != "nan" || len(bad.Values) != 1 {
		t.Errorf("bad = %d (%q), values %v", bad.Bad, bad.BadRow, bad.Values)
	}
	if got := analytics.Round2(1e308); got != 1e308 {
		t.Errorf("round2(1e308) = %g", got)
	}
	if got := analytics.Round2(4.925); got != 4.93 {
		t.Errorf("round2(4.925) = %g, want 4.93", got)
	}
}

package genviral

import (
	"slices"
	"testing"
)

func TestPagePlan(t *testing.T) {
	t.Parallel()
	full := pagePlan{end: 250, pageSize: MaxPostsPageSize}
	if got := full.offsets(100, 250); !slices.Equal(got, []int{100, 200}) {
		t.Errorf("offsets(100, 250) = %v, want [100 200]", got)
	}
	if pq, skip, ok := full.at(200); pq.Offset != 200 || pq.Limit != 50 || skip != 0 || !ok {
		t.Errorf("at(200) = %+v, skip %d, %v; want offset 200, limit 50", pq, skip, ok)
	}

	// The API's deepest offset is MaxPostsOffset: rows past it come from
	// the page at MaxPostsOffset, skipping what precedes them.
	deep := pagePlan{end: MaxPostsOffset + 100, pageSize: MaxPostsPageSize}
	if pq, skip, ok := deep.at(MaxPostsOffset + 30); pq.Offset != MaxPostsOffset || pq.Limit != 100 || skip != 30 || !ok {
		t.Errorf("at(offset+30) = %+v, skip %d, %v", pq, skip, ok)
	}
	if _, _, ok := deep.at(MaxPostsOffset + 100); ok {
		t.Error("a row beyond the window is reachable")
	}
	beyond := pagePlan{end: MaxPostsOffset + 500, pageSize: MaxPostsPageSize}
	if got := beyond.offsets(MaxPostsOffset, MaxPostsOffset+500); !slices.Equal(got, []int{MaxPostsOffset}) {
		t.Errorf("offsets past the API's reach = %v, want only %d", got, MaxPostsOffset)
	}

	// A server serving 7 rows per page: the plan follows it.
	small := pagePlan{end: 30, pageSize: MaxPostsPageSize}
	small.fitTo(&PostsPage{Posts: make([]Post, 7), HasMore: true}, 0)
	if small.pageSize != 7 {
		t.Fatalf("pageSize = %d, want 7", small.pageSize)
	}
	if got := small.offsets(7, 30); !slices.Equal(got, []int{7, 14, 21, 28}) {
		t.Errorf("offsets = %v, want [7 14 21 28]", got)
	}
	// A last page that is short because the window ends is no evidence.
	last := pagePlan{end: 5, pageSize: MaxPostsPageSize}
	last.fitTo(&PostsPage{Posts: make([]Post, 5), HasMore: true}, 0)
	if last.pageSize != MaxPostsPageSize {
		t.Errorf("pageSize = %d after a page cut by the window, want %d", last.pageSize, MaxPostsPageSize)
	}
}

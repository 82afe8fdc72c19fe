package refresh

// The internals the external tests of this package (package refresh_test)
// use, under exported names. Compiled into tests only.

type (
	AnalyticsRefreshAction = analyticsRefreshAction
	RefreshStarter         = refreshStarter
)

var (
	AddRefreshStartError     = addRefreshStartError
	RefreshByAction          = refreshByAction
	RefreshByResource        = refreshByResource
	WarnActionStoppedWaiting = warnActionStoppedWaiting
)

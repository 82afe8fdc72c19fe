package refresh

// Names the external tests of this package use.
type AnalyticsRefreshAction = analyticsRefreshAction
type RefreshStarter = refreshStarter

var AddRefreshStartError = addRefreshStartError
var RefreshByAction = refreshByAction
var RefreshByResource = refreshByResource
var WarnActionStoppedWaiting = warnActionStoppedWaiting

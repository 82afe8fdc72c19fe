package targets

// The internals the external tests of this package (package targets_test)
// use, under exported names. Compiled into tests only.

const (
	DeleteUnlessAdopted = deleteUnlessAdopted
)

type (
	AnalyticsTargetListResource = analyticsTargetListResource
	AnalyticsTargetResource     = analyticsTargetResource
	ParsedImportID              = parsedImportID
	TargetModel                 = targetModel
)

var (
	ParseImportID = parseImportID
)

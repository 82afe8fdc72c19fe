package targets

// Names the external tests of this package use.
const DeleteUnlessAdopted = deleteUnlessAdopted

type AnalyticsTargetListResource = analyticsTargetListResource
type AnalyticsTargetResource = analyticsTargetResource
type ParsedImportID = parsedImportID
type TargetModel = targetModel

var ParseImportID = parseImportID

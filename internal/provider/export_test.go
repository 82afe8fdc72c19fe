package provider

// Names the external tests of this package use.
type Server = server

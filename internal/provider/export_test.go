package provider

// The internals the external tests of this package (package provider_test)
// use, under exported names. Compiled into tests only.

// Server is the provider's protocol server.
type Server = server

// FrameworkServer is what the wrapper forwards to.
type FrameworkServer = frameworkServer

// WrapServer returns the wrapper around f.
func WrapServer(f FrameworkServer) *Server { return &server{frameworkServer: f} }

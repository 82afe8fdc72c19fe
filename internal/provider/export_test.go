package provider

// Names the external tests of this package use.
type Server = server

// FrameworkServer is what the wrapper forwards to.
type FrameworkServer = frameworkServer

// WrapServer returns the wrapper around f.
func WrapServer(f FrameworkServer) *Server { return &server{frameworkServer: f} }

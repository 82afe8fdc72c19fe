// Command upstream-memory-repro shows terraform-plugin-framework keeping
// every RPC's context until StopProvider (dev-docs/upstream-memory.md). It
// serves a provider with tf6server.Serve, as Terraform runs one, calls
// ValidateResourceConfig -calls times over one gRPC connection, and prints
// the live heap retained per call, then again after a StopProvider call.
//
//	go run ./dev-docs/upstream-memory-repro -server framework  # ~13 KB per call, freed by StopProvider
//	go run ./dev-docs/upstream-memory-repro -server tf6server  # none
//	go run ./dev-docs/upstream-memory-repro -server grpc       # none
//
// framework serves a framework provider with one resource that does
// nothing; tf6server serves a tfprotov6.ProviderServer that answers with
// empty responses, through the same tf6server.Serve (terraform-plugin-go's
// per-call contexts, go-plugin, gRPC); grpc serves the method from a bare
// grpc.Server with tf6server's options and no terraform-plugin-go code.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"runtime"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

func main() {
	calls := flag.Int("calls", 3000, "calls over the one connection")
	server := flag.String("server", "tf6server", "tf6server or grpc")
	flag.Parse()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var addr string
	var err error
	switch *server {
	case "tf6server":
		addr = serveTF6(ctx, stub{})
	case "framework":
		addr = serveTF6(ctx, providerserver.NewProtocol6(thingProvider{})())
	case "grpc":
		addr, err = serveGRPC(ctx)
	default:
		err = fmt.Errorf("unknown -server %q", *server)
	}
	if err != nil {
		log.Fatal(err)
	}
	if err := run(addr, *calls); err != nil {
		log.Fatal(err)
	}
}

// stub is a tfprotov6.ProviderServer whose ValidateResourceConfig and
// StopProvider return empty responses; the repro calls nothing else.
type stub struct{ tfprotov6.ProviderServer }

func (stub) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (stub) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

// serveTF6 serves stub with tf6server.Serve in debug mode and returns the
// address of its unix socket.
func serveTF6(ctx context.Context, s tfprotov6.ProviderServer) string {
	reattach := make(chan *plugin.ReattachConfig, 1)
	go func() {
		err := tf6server.Serve("registry.terraform.io/example/stub", func() tfprotov6.ProviderServer { return s },
			tf6server.WithDebug(ctx, reattach, nil), tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		if err != nil {
			log.Print(err)
		}
	}()
	cfg := <-reattach
	return cfg.Addr.String()
}

// serveGRPC serves ValidateResourceConfig from a bare grpc.Server (the
// options tf6server gives it) on a unix socket: the request decoded, an
// empty response, no terraform-plugin-go code on the path.
func serveGRPC(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "upstream-memory-repro")
	if err != nil {
		return "", err
	}
	lis, err := (&net.ListenConfig{}).Listen(ctx, "unix", filepath.Join(dir, "grpc.sock"))
	if err != nil {
		return "", err
	}
	s := grpc.NewServer(grpc.MaxRecvMsgSize(256<<20), grpc.MaxSendMsgSize(256<<20))
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "tfplugin6.Provider",
		HandlerType: (*any)(nil),
		Methods:     []grpc.MethodDesc{emptyMethod("ValidateResourceConfig"), emptyMethod("StopProvider")},
	}, struct{}{})
	go func() { _ = s.Serve(lis) }()
	go func() { <-ctx.Done(); s.Stop() }()
	return lis.Addr().String(), nil
}

// emptyMethod is a handler of the tfplugin6 method name that decodes the
// request and answers with an empty response.
func emptyMethod(name string) grpc.MethodDesc {
	return grpc.MethodDesc{
		MethodName: name,
		Handler: func(_ any, _ context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			in, err := newMessage("tfplugin6." + name + ".Request")
			if err != nil {
				return nil, err
			}
			if err := dec(in.Interface()); err != nil {
				return nil, err
			}
			resp, err := newMessage("tfplugin6." + name + ".Response")
			if err != nil {
				return nil, err
			}
			return resp.Interface(), nil
		},
	}
}

// run calls ValidateResourceConfig n times over one connection to addr and
// prints the heap retained per call, then again after StopProvider.
func run(addr string, n int) error {
	conn, err := grpc.NewClient("unix://"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	req, err := validateRequest()
	if err != nil {
		return err
	}
	if err := invoke(conn, "ValidateResourceConfig", req); err != nil { // set-up and first-call allocations
		return err
	}
	before := liveHeap()
	for range n {
		if err := invoke(conn, "ValidateResourceConfig", req); err != nil {
			return err
		}
	}
	open := liveHeap()
	stop, err := newMessage("tfplugin6.StopProvider.Request")
	if err != nil {
		return err
	}
	if err := invoke(conn, "StopProvider", stop); err != nil {
		return err
	}
	stopped := liveHeap()
	fmt.Printf("%d calls over one connection: %.1f KB of live heap retained per call (%.1f MB); after StopProvider: %.1f KB per call\n",
		n, float64(open-before)/float64(n)/1e3, float64(open-before)/1e6, float64(stopped-before)/float64(n)/1e3)
	return nil
}

// validateRequest is a ValidateResourceConfig request for stub_thing.
func validateRequest() (protoreflect.Message, error) {
	req, err := newMessage("tfplugin6.ValidateResourceConfig.Request")
	if err != nil {
		return nil, err
	}
	fields := req.Descriptor().Fields()
	req.Set(fields.ByName("type_name"), protoreflect.ValueOfString("stub_thing"))
	config, err := tfprotov6.NewDynamicValue(thingType, tftypes.NewValue(thingType, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, nil), "name": tftypes.NewValue(tftypes.String, "x")}))
	if err != nil {
		return nil, err
	}
	dv := req.NewField(fields.ByName("config")).Message()
	dv.Set(dv.Descriptor().Fields().ByName("msgpack"), protoreflect.ValueOfBytes(config.MsgPack))
	req.Set(fields.ByName("config"), protoreflect.ValueOfMessage(dv))
	return req, nil
}

// invoke calls the Provider service's method with req, discarding the
// response.
func invoke(conn *grpc.ClientConn, method string, req protoreflect.Message) error {
	resp, err := newMessage(string(req.Descriptor().Parent().FullName()) + ".Response")
	if err != nil {
		return err
	}
	return conn.Invoke(context.Background(), "/tfplugin6.Provider/"+method, req.Interface(), resp.Interface())
}

// newMessage returns an empty message of the tfplugin6 type name, from
// the protobuf registry (terraform-plugin-go registers tfplugin6 when
// linked).
func newMessage(name string) (protoreflect.Message, error) {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		return nil, err
	}
	md, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		return nil, fmt.Errorf("%s is not a message", name)
	}
	return dynamicpb.NewMessage(md), nil
}

// liveHeap is the heap in use after two collections.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// thingType is the type of stub_thing.
var thingType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "name": tftypes.String}}

// thingProvider is a framework provider with one resource, stub_thing,
// that does nothing.
type thingProvider struct{}

func (thingProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "stub"
}

func (thingProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (thingProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (thingProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return thing{} }}
}

func (thingProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type thing struct{}

func (thing) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "stub_thing"
}

func (thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true},
		"name": schema.StringAttribute{Required: true},
	}}
}

func (thing) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (thing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (thing) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

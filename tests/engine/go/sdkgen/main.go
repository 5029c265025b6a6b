// Command sdkgen writes the Go SDK of the openai provider from the package schema its plugin serves.
//
// Why our own generator: `pulumi package gen-sdk --language go` asks the Go language host to generate, and
// pulumi-language-go is not served by the Go module proxy, so it cannot be built here; the library that host
// generates with, github.com/pulumi/pulumi/pkg/v3/codegen/go, is.
//
// Usage: sdkgen -schema schema.json -import-base-path example.com/openai-go/openai -out <module root>
// writes the SDK into <module root>/openai.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	schemaFile := flag.String("schema", "", "the package schema, as the plugin's GetSchema answers it (JSON)")
	importBase := flag.String("import-base-path", "", "the Go import path of the SDK's root package")
	out := flag.String("out", "", "the folder of the import base path's parent (the SDK goes into its last element)")
	flag.Parse()
	if *schemaFile == "" || *importBase == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := generate(*schemaFile, *importBase, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func generate(schemaFile, importBase, out string) error {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaFile, err)
	}
	// The schema names no Go import path (the package is published to npm, not as a Go module), so the program
	// that uses the SDK chooses where it lives; without one the generator would invent example.com/pulumi-openai
	// (ExtractImportBasePath in pkg/codegen/go/gen.go).
	goInfo, err := json.Marshal(map[string]string{"importBasePath": importBase})
	if err != nil {
		return err
	}
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	spec.Language["go"] = goInfo

	// What the Go host's GeneratePackage does with the schema `pulumi package gen-sdk` sends it (pulumi/pulumi
	// sdk/go/pulumi-language-go/main.go): bind it with dangling references allowed, generate, and write each file
	// under the output folder by its name. The host's loader asks plugins for referenced packages; our schema
	// refers to none, so the null loader, which fails loudly if asked, is enough.
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return errors.Join(diags.Errs()...)
	}
	files, err := gogen.GeneratePackage("pulumi-openai-admin sdkgen", pkg, nil)
	if err != nil {
		return err
	}
	// GeneratePackage names every file under the last element of the import base path ("openai/project.go"),
	// so `out` is the folder the import base path's parent maps to: the program's module root.
	for name, content := range files {
		dest := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dest, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
